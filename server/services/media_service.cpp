#include "services/media_service.h"

#include "image_tools.h"

#include "services/contacts.h"
#include "storage/storage.h"
#include "support/logging.h"
#include "validation.h"

#include <QDateTime>

namespace natter::server::services {

namespace {

constexpr int kMaxFileNameBytes = 255;
static_assert(protocol::Limits{}.maxThumbnailBytes == image::kMaxThumbnailBytes,
              "the limit natterd advertises is the one it checks");

Failure notFound()
{
    // The same answer whether the file does not exist or the caller may not read it: nobody
    // learns by asking that a file with some content is stored here.
    return Failure{proto::BLOB_NOT_FOUND,
                   QStringLiteral("there is no such file, or it is not in any of your "
                                  "conversations")};
}

std::optional<Failure> blobIdProblem(const QString &blobId)
{
    if (storage::MediaStore::isBlobId(blobId))
        return std::nullopt;
    return Failure{proto::INVALID_ARGUMENT,
                   QStringLiteral("blob_id must be the file's SHA-256 as 64 lowercase hex digits")};
}

std::optional<Failure> fileNameProblem(const QString &name)
{
    if (name.trimmed().isEmpty())
        return Failure{proto::INVALID_FILE_NAME, QStringLiteral("the file name is empty")};
    if (name.toUtf8().size() > kMaxFileNameBytes)
        return Failure{
            proto::INVALID_FILE_NAME,
            QStringLiteral("the file name is longer than %1 bytes").arg(kMaxFileNameBytes)};
    if (name.contains(QLatin1Char('/')) || name.contains(QLatin1Char('\\')) ||
        name == QLatin1String(".") || name == QLatin1String("..") ||
        std::any_of(name.cbegin(), name.cend(),
                    [](QChar c) { return c.category() == QChar::Other_Control; }))
        return Failure{proto::INVALID_FILE_NAME,
                       QStringLiteral("the file name \"%1\" is a path or has control characters; "
                                      "send the name only")
                           .arg(name.left(80))};
    return std::nullopt;
}

proto::UploadReply uploadReply(const QString &blobId, const storage::UploadState &state)
{
    proto::UploadReply reply;
    reply.set_blob_id(protocol::toStd(blobId));
    reply.set_offset(state.offset);
    reply.set_complete(state.complete);
    reply.set_mime_type(protocol::toStd(state.mimeType));
    return reply;
}

} // namespace

MediaService::MediaService(storage::Storage &storage, const protocol::Limits &limits,
                           QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_limits(limits)
{
    if (const QStringList missing = image::missingPictureFormats(); !missing.isEmpty()) {
        // Thumbnails it cannot check are never passed on (they are dropped, not refused).
        m_thumbnailsChecked = false;
        qCWarning(lcStorage).noquote()
            << "this natterd cannot read" << missing.join(QStringLiteral(", "))
            << "pictures (Qt's image plugins are missing: install libqt6gui6); pictures are "
               "sent without thumbnails, and those it cannot read as plain files";
    }
}

void MediaService::startCollecting(qint64 graceMs, Clock clock)
{
    m_graceMs = graceMs;
    m_clock = clock ? std::move(clock) : [] { return QDateTime::currentMSecsSinceEpoch(); };
    m_collectTimer.setInterval(3600 * 1000);
    connect(&m_collectTimer, &QTimer::timeout, this, [this] { collectGarbage(); });
    m_collectTimer.start();
    collectGarbage();
}

void MediaService::collectGarbage(std::function<void(Result<storage::MediaCollected>)> done)
{
    const qint64 now = m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
    m_storage.media<storage::MediaCollected>(
        this,
        [now, grace = m_graceMs](storage::MediaStore &store) {
            return store.collectGarbage(now, grace);
        },
        [done](Result<storage::MediaCollected> collected) {
            if (!collected.ok())
                qCWarning(lcStorage) << "file collection failed:" << collected.failure().message;
            else if (collected.value().files > 0 || collected.value().uploads > 0)
                qCInfo(lcStorage) << "removed" << collected.value().files << "unsent files ("
                                  << collected.value().bytes << "bytes) and"
                                  << collected.value().uploads << "abandoned uploads";
            if (done)
                done(collected);
        });
}

void MediaService::startUpload(const UserIdentity &caller, const QString &blobId, quint64 size,
                               std::function<void(Result<proto::UploadReply>)> done)
{
    if (auto problem = blobIdProblem(blobId))
        return done(*problem);
    if (size == 0)
        return done(Failure{proto::INVALID_ARGUMENT, QStringLiteral("the file is empty")});
    if (size > m_limits.maxFileBytes)
        return done(Failure{proto::FILE_TOO_LARGE,
                            QStringLiteral("the file is %1 bytes; this server takes files up to "
                                           "%2 bytes")
                                .arg(size)
                                .arg(m_limits.maxFileBytes)});
    const quint64 quota = m_limits.quotaBytes;
    m_storage.media<storage::UploadState>(
        this,
        [userId = caller.id, blobId, size, quota](storage::MediaStore &store) {
            return store.startUpload(userId, blobId, size, quota,
                                     QDateTime::currentMSecsSinceEpoch());
        },
        [blobId, done](Result<storage::UploadState> state) {
            if (!state.ok())
                return done(state.failure());
            done(uploadReply(blobId, state.value()));
        });
}

void MediaService::uploadChunk(const UserIdentity &caller, const QString &blobId, quint64 offset,
                               const QByteArray &data,
                               std::function<void(Result<proto::UploadReply>)> done)
{
    if (auto problem = blobIdProblem(blobId))
        return done(*problem);
    if (quint64(data.size()) > m_limits.maxChunkBytes)
        return done(Failure{proto::INVALID_CHUNK,
                            QStringLiteral("a chunk may hold %1 bytes; this one has %2")
                                .arg(m_limits.maxChunkBytes)
                                .arg(data.size())});
    m_storage.media<storage::UploadState>(
        this,
        [userId = caller.id, blobId, offset, data](storage::MediaStore &store) {
            return store.appendChunk(userId, blobId, offset, data,
                                     QDateTime::currentMSecsSinceEpoch());
        },
        [blobId, done](Result<storage::UploadState> state) {
            if (!state.ok())
                return done(state.failure());
            done(uploadReply(blobId, state.value()));
        });
}

void MediaService::download(const UserIdentity &caller, const QString &blobId, quint64 offset,
                            quint32 length, std::function<void(Result<proto::DownloadReply>)> done)
{
    if (auto problem = blobIdProblem(blobId))
        return done(*problem);
    if (length == 0 || length > m_limits.maxChunkBytes)
        length = m_limits.maxChunkBytes;
    const quint64 callerId = caller.id;
    m_storage.media<storage::BlobAccess>(
        this,
        [callerId, blobId](storage::MediaStore &store) { return store.access(callerId, blobId); },
        [this, callerId, blobId, offset, length, done](Result<storage::BlobAccess> access) {
            if (!access.ok())
                return done(access.failure().code == proto::BLOB_NOT_FOUND ? notFound()
                                                                           : access.failure());
            const storage::BlobRow blob = access.value().blob;
            auto read = [this, blob, offset, length, done](Result<bool> allowed) {
                if (!allowed.ok())
                    return done(allowed.failure());
                if (!allowed.value())
                    return done(notFound());
                m_storage.media<QByteArray>(
                    this,
                    [blob, offset, length](storage::MediaStore &store) {
                        return store.read(blob.id, offset, length);
                    },
                    [blob, offset, done](Result<QByteArray> data) {
                        if (!data.ok())
                            return done(data.failure());
                        proto::DownloadReply reply;
                        reply.set_blob_id(protocol::toStd(blob.id));
                        reply.set_offset(offset);
                        reply.set_data(data.value().toStdString());
                        reply.set_size(blob.size);
                        reply.set_mime_type(protocol::toStd(blob.mimeType));
                        done(reply);
                    });
            };
            const QList<quint64> photoOf = access.value().photoOf;
            if (access.value().uploadedByCaller || photoOf.contains(callerId))
                return read(true);
            QMap<int, QList<quint64>> byShard;
            for (quint64 id : access.value().conversations)
                byShard[m_storage.shardMap().physicalShard(id)].append(id);
            QList<QPair<int, QList<quint64>>> groups;
            for (auto it = byShard.cbegin(); it != byShard.cend(); ++it)
                groups.append({it.key(), it.value()});
            if (photoOf.isEmpty())
                return checkMembership(callerId, groups, 0, read);
            // Someone's profile photo: their contacts may read it too.
            checkMembership(callerId, groups, 0,
                            [this, callerId, photoOf, read](Result<bool> member) {
                                if (!member.ok() || member.value())
                                    return read(member);
                                isContactOfAny(callerId, photoOf, read);
                            });
        });
}

void MediaService::isContactOfAny(quint64 callerId, const QList<quint64> &owners,
                                  std::function<void(Result<bool>)> done)
{
    contactsOf(m_storage, this, callerId, [owners, done](Result<QList<quint64>> contacts) {
        if (!contacts.ok())
            return done(contacts.failure());
        for (quint64 owner : owners) {
            if (contacts.value().contains(owner))
                return done(true);
        }
        done(false);
    });
}

void MediaService::checkMembership(quint64 callerId, QList<QPair<int, QList<quint64>>> byShard,
                                   int next, std::function<void(Result<bool>)> done)
{
    if (next >= byShard.size())
        return done(false);
    const int shard = byShard[next].first;
    const QList<quint64> ids = byShard[next].second; // (clang cannot capture a binding)
    m_storage.readShardAt<QList<quint64>>(
        shard, callerId, this,
        [callerId, ids](storage::ShardStore &store) {
            return store.activeMemberships(callerId, ids);
        },
        [this, callerId, byShard, next, done](Result<QList<quint64>> member) {
            if (!member.ok())
                return done(member.failure());
            if (!member.value().isEmpty())
                return done(true);
            checkMembership(callerId, byShard, next + 1, done);
        });
}

void MediaService::prepareAttachments(const UserIdentity &caller, quint64 conversationId,
                                      const QList<proto::Attachment> &attachments,
                                      std::function<void(Result<QList<proto::Attachment>>)> done)
{
    if (attachments.isEmpty())
        return done(attachments);
    if (quint32(attachments.size()) > m_limits.maxAttachments)
        return done(Failure{proto::TOO_MANY_ATTACHMENTS,
                            QStringLiteral("a message may carry %1 files; this one has %2")
                                .arg(m_limits.maxAttachments)
                                .arg(attachments.size())});
    for (const proto::Attachment &attachment : attachments) {
        if (auto problem = blobIdProblem(protocol::fromStd(attachment.blob_id())))
            return done(*problem);
        if (auto problem = fileNameProblem(protocol::fromStd(attachment.file_name())))
            return done(*problem);
        // Decoded here (a few KB, 320 pixels at most) so that no member's client is the
        // first to decode what a sender made up.
        if (m_thumbnailsChecked && !attachment.thumbnail().empty()) {
            const QByteArray thumbnail = QByteArray::fromStdString(attachment.thumbnail());
            if (auto problem = image::thumbnailProblem(thumbnail))
                return done(Failure{proto::INVALID_THUMBNAIL, *problem});
        }
    }
    m_storage.media<QList<proto::Attachment>>(
        this,
        [userId = caller.id, conversationId, attachments, keepThumbnails = m_thumbnailsChecked](
            storage::MediaStore &store) -> Result<QList<proto::Attachment>> {
            QList<proto::Attachment> completed;
            for (const proto::Attachment &attachment : attachments) {
                const QString blobId = protocol::fromStd(attachment.blob_id());
                const auto access = store.access(userId, blobId);
                if (!access.ok())
                    return access.failure().code == proto::BLOB_NOT_FOUND ? notFound()
                                                                          : access.failure();
                if (!access.value().uploadedByCaller &&
                    !access.value().conversations.contains(conversationId))
                    return notFound();
                const storage::BlobRow &blob = access.value().blob;
                proto::Attachment full;
                full.set_blob_id(attachment.blob_id());
                full.set_file_name(attachment.file_name());
                full.set_size(blob.size);
                full.set_mime_type(protocol::toStd(blob.mimeType));
                // A thumbnail only on what natterd itself sees as a picture: on anything else
                // (a file stored before pictures were measured, a format this natterd cannot
                // read) it is left out, and the file goes as a file.
                if (!blob.pixels.isEmpty()) {
                    full.set_width(quint32(blob.pixels.width()));
                    full.set_height(quint32(blob.pixels.height()));
                    if (keepThumbnails)
                        full.set_thumbnail(attachment.thumbnail());
                }
                completed.append(full);
            }
            for (const proto::Attachment &attachment : completed) {
                if (auto referenced =
                        store.addReference(protocol::fromStd(attachment.blob_id()), conversationId);
                    !referenced.ok())
                    return referenced.failure();
            }
            return completed;
        },
        std::move(done));
}

} // namespace natter::server::services

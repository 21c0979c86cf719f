#include "storage/media_store.h"

#include "image_tools.h"
#include "sha256.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QRegularExpression>
#include <fcntl.h>
#include <unistd.h>

namespace natter::server::storage {

namespace {

constexpr qint64 kTouchEveryMs = 1000;

Failure uploadNotStarted()
{
    return Failure{proto::INVALID_CHUNK,
                   QStringLiteral("no upload of this file is in progress: start it first")};
}

/// fsync on a path (a file's data, or a folder's entries after a rename).
bool syncPath(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    return synced;
}

Failure fileFailure(const QString &what, const QString &path)
{
    return Failure{proto::STORAGE_ERROR,
                   QStringLiteral("storage error while %1 (%2)").arg(what, path)};
}

} // namespace

MediaStore::MediaStore(QSqlDatabase &db, const QString &dataDir)
    : m_db(db)
    , m_dataDir(dataDir)
{
    NATTER_ASSERT_CONNECTION_THREAD(db);
}

const MigrationList &MediaStore::migrations()
{
    static const MigrationList list = {
        {1,
         [](QSqlDatabase &db, QString *error) {
             return execAll(db,
                            {QStringLiteral(R"(CREATE TABLE blobs (
                    id TEXT PRIMARY KEY,
                    size INTEGER NOT NULL,
                    mime_type TEXT NOT NULL,
                    created_at_ms INTEGER NOT NULL) WITHOUT ROWID)"),
                             // Who uploaded it: they may use it, and it counts on their quota.
                             QStringLiteral(R"(CREATE TABLE blob_uploaders (
                    blob_id TEXT NOT NULL,
                    user_id INTEGER NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (user_id, blob_id)) WITHOUT ROWID)"),
                             // Conversations with a message that carries it.
                             QStringLiteral(R"(CREATE TABLE blob_references (
                    blob_id TEXT NOT NULL,
                    conversation_id INTEGER NOT NULL,
                    PRIMARY KEY (blob_id, conversation_id)) WITHOUT ROWID)"),
                             QStringLiteral(R"(CREATE TABLE uploads (
                    user_id INTEGER NOT NULL,
                    blob_id TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    started_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (user_id, blob_id)) WITHOUT ROWID)")},
                            error);
         }},
        {2,
         [](QSqlDatabase &db, QString *error) {
             // Pictures: the pixel size read from the file when it was stored (0 × 0 for
             // files that are not pictures natter shows inline), and profile photos.
             return execAll(db,
                            {QStringLiteral("ALTER TABLE blobs ADD COLUMN width INTEGER NOT NULL "
                                            "DEFAULT 0"),
                             QStringLiteral("ALTER TABLE blobs ADD COLUMN height INTEGER NOT NULL "
                                            "DEFAULT 0"),
                             // Each user's profile photo: kept while it is someone's photo.
                             QStringLiteral(R"(CREATE TABLE profile_photos (
                    user_id INTEGER PRIMARY KEY,
                    blob_id TEXT NOT NULL,
                    set_at_ms INTEGER NOT NULL))"),
                             QStringLiteral("CREATE INDEX profile_photos_by_blob ON "
                                            "profile_photos (blob_id)")},
                            error);
         }},
    };
    return list;
}

bool MediaStore::isBlobId(const QString &id)
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    return hex.match(id).hasMatch();
}

QString MediaStore::blobPath(const QString &blobId) const
{
    return QDir(m_dataDir).filePath(
        QStringLiteral("blobs/%1/%2/%3").arg(blobId.left(2), blobId.mid(2, 2), blobId));
}

QString MediaStore::partPath(quint64 userId, const QString &blobId) const
{
    return QDir(m_dataDir).filePath(QStringLiteral("uploads/%1-%2.part").arg(userId).arg(blobId));
}

Result<std::optional<BlobRow>> MediaStore::findBlob(const QString &blobId)
{
    Statement q(m_db,
                QStringLiteral("SELECT size, mime_type, width, height FROM blobs WHERE id = ?"));
    bind(*q, blobId);
    if (!q->exec())
        return storageFailure(*q, "looking up a file");
    if (!q->next())
        return std::optional<BlobRow>();
    return std::optional<BlobRow>(BlobRow{blobId, q->value(0).toULongLong(), q->value(1).toString(),
                                          QSize(q->value(2).toInt(), q->value(3).toInt())});
}

Result<bool> MediaStore::uploadedBy(quint64 userId, const QString &blobId)
{
    Statement q(m_db,
                QStringLiteral("SELECT 1 FROM blob_uploaders WHERE user_id = ? AND blob_id = ?"));
    bind(*q, userId);
    bind(*q, blobId);
    if (!q->exec())
        return storageFailure(*q, "looking up a file's uploader");
    return q->next();
}

Result<quint64> MediaStore::bytesHeldFor(quint64 userId, const QString &exceptBlobId)
{
    // Finished files count once each; unfinished uploads with their declared size.
    Statement q(m_db, QStringLiteral("SELECT (SELECT COALESCE(SUM(b.size), 0) FROM "
                                     "blob_uploaders u JOIN blobs b ON b.id = u.blob_id WHERE "
                                     "u.user_id = ?) + (SELECT COALESCE(SUM(size), 0) FROM "
                                     "uploads WHERE user_id = ? AND blob_id <> ?)"));
    bind(*q, userId);
    bind(*q, userId);
    bind(*q, exceptBlobId);
    if (!q->exec() || !q->next())
        return storageFailure(*q, "adding up a user's files");
    return q->value(0).toULongLong();
}

Result<UploadState> MediaStore::startUpload(quint64 userId, const QString &blobId, quint64 size,
                                            quint64 quotaBytes, qint64 nowMs)
{
    const auto mine = uploadedBy(userId, blobId);
    if (!mine.ok())
        return mine.failure();
    if (mine.value()) {
        const auto blob = findBlob(blobId);
        if (!blob.ok())
            return blob.failure();
        if (blob.value()) {
            // Uploaded again: unsent files are kept a grace period from the last upload.
            Statement again(m_db, QStringLiteral("UPDATE blob_uploaders SET created_at_ms = ? "
                                                 "WHERE user_id = ? AND blob_id = ?"));
            bind(*again, nowMs);
            bind(*again, userId);
            bind(*again, blobId);
            if (!again->exec())
                return storageFailure(*again, "recording an upload");
            return UploadState{blob.value()->size, true, blob.value()->mimeType};
        }
    }
    const auto held = bytesHeldFor(userId, blobId);
    if (!held.ok())
        return held.failure();
    if (held.value() + size > quotaBytes)
        return Failure{proto::QUOTA_EXCEEDED,
                       QStringLiteral("this file (%1 bytes) would take your files past your "
                                      "quota of %2 bytes; delete messages with files or ask an "
                                      "admin for more")
                           .arg(size)
                           .arg(quotaBytes)};

    Statement known(m_db,
                    QStringLiteral("SELECT size FROM uploads WHERE user_id = ? AND blob_id = ?"));
    bind(*known, userId);
    bind(*known, blobId);
    if (!known->exec())
        return storageFailure(*known, "looking up an upload");
    const QString part = partPath(userId, blobId);
    if (known->next() && known->value(0).toULongLong() == size && QFileInfo::exists(part)) {
        const quint64 partSize = quint64(QFileInfo(part).size());
        if (partSize >= size) // all bytes came, but the check did not finish (a crash, a full disk)
            return finish(userId, blobId, size, nowMs);
        return UploadState{partSize, false, {}}; // resumed
    }
    // New, or started again with another size: from the first byte.
    if (!QDir().mkpath(QFileInfo(part).path()))
        return fileFailure(QStringLiteral("creating the uploads folder"), part);
    QFile file(part);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return fileFailure(QStringLiteral("creating an upload file"), part);
    Statement q(m_db, QStringLiteral("INSERT OR REPLACE INTO uploads (user_id, blob_id, size, "
                                     "started_at_ms) VALUES (?, ?, ?, ?)"));
    bind(*q, userId);
    bind(*q, blobId);
    bind(*q, size);
    bind(*q, nowMs);
    if (!q->exec())
        return storageFailure(*q, "recording an upload");
    return UploadState{};
}

Result<UploadState> MediaStore::appendChunk(quint64 userId, const QString &blobId, quint64 offset,
                                            const QByteArray &data, qint64 nowMs)
{
    Statement q(m_db, QStringLiteral("SELECT size, started_at_ms FROM uploads WHERE user_id = ? "
                                     "AND blob_id = ?"));
    bind(*q, userId);
    bind(*q, blobId);
    if (!q->exec())
        return storageFailure(*q, "looking up an upload");
    const QString part = partPath(userId, blobId);
    if (!q->next() || !QFileInfo::exists(part))
        return uploadNotStarted();
    const quint64 size = q->value(0).toULongLong();
    const qint64 touchedMs = q->value(1).toLongLong();
    const quint64 held = quint64(QFileInfo(part).size());
    if (held >= size)
        return finish(userId, blobId, size, nowMs); // an earlier finish did not get through
    if (offset != held)
        return Failure{proto::INVALID_CHUNK,
                       QStringLiteral("this chunk starts at byte %1, but the server holds %2 "
                                      "bytes: send from there")
                           .arg(offset)
                           .arg(held)};
    if (data.isEmpty() || offset + quint64(data.size()) > size)
        return Failure{proto::INVALID_CHUNK,
                       QStringLiteral("this chunk of %1 bytes at byte %2 does not fit a file of "
                                      "%3 bytes")
                           .arg(data.size())
                           .arg(offset)
                           .arg(size)};
    QFile file(part);
    if (!file.open(QIODevice::Append) || file.write(data) != data.size() || !file.flush()) {
        file.close();
        QFile::resize(part, qint64(held)); // nothing half-written stays behind
        return fileFailure(QStringLiteral("writing an upload (is the disk full?)"), part);
    }
#ifdef __linux__
    // Written back to the disk as it arrives: the fsync at the end then has little left to
    // do, instead of one burst of the whole file that every other commit waits behind.
    (void)::sync_file_range(file.handle(), off64_t(offset), off64_t(data.size()),
                            SYNC_FILE_RANGE_WRITE);
#endif
    file.close();
    if (offset + quint64(data.size()) < size) {
        // An upload is abandoned a grace period after its last chunk, not after its start;
        // recorded once a second at most (each record is a commit with an fsync).
        if (nowMs - touchedMs < kTouchEveryMs)
            return UploadState{offset + quint64(data.size()), false, {}};
        Statement touched(m_db, QStringLiteral("UPDATE uploads SET started_at_ms = ? WHERE "
                                               "user_id = ? AND blob_id = ?"));
        bind(*touched, nowMs);
        bind(*touched, userId);
        bind(*touched, blobId);
        if (!touched->exec())
            return storageFailure(*touched, "recording an upload's progress");
        return UploadState{offset + quint64(data.size()), false, {}};
    }
    return finish(userId, blobId, size, nowMs);
}

Result<UploadState> MediaStore::finish(quint64 userId, const QString &blobId, quint64 size,
                                       qint64 nowMs)
{
    const QString part = partPath(userId, blobId);
    const QString digest = sha256HexOfFile(part);
    if (digest.isEmpty()) // unreadable, or the hash failed: keep the bytes, try again later
        return fileFailure(QStringLiteral("checking a finished upload"), part);
    if (digest != blobId) {
        QFile::remove(part);
        if (auto forgotten = forgetUpload(userId, blobId); !forgotten.ok())
            return forgotten.failure();
        return Failure{proto::HASH_MISMATCH,
                       QStringLiteral("the uploaded bytes do not have the SHA-256 the upload "
                                      "was started with; upload the file again")};
    }
    const QString mimeType =
        QMimeDatabase().mimeTypeForFile(part, QMimeDatabase::MatchContent).name();
    // Reads the header only; a picture past the pixel cap is kept as a plain file.
    const QSize pixels = image::pictureSize(part).value_or(QSize(0, 0));
    const QString target = blobPath(blobId);
    if (QFileInfo::exists(target)) {
        QFile::remove(part); // the same content is stored already: keep one copy
    } else {
        // Durable before visible: the data, then the rename, then the folder's entry.
        if (!syncPath(part) || !QDir().mkpath(QFileInfo(target).path()) ||
            ::rename(QFile::encodeName(part).constData(), QFile::encodeName(target).constData()) !=
                0 ||
            !syncPath(QFileInfo(target).path())) {
            // Not stored: the next start begins again from the first byte.
            if (!QFileInfo::exists(target)) {
                QFile::remove(part);
                (void)forgetUpload(userId, blobId);
            }
            return fileFailure(QStringLiteral("storing a finished upload"), target);
        }
    }
    if (!m_db.transaction())
        return fileFailure(QStringLiteral("starting a transaction"), target);
    Statement blob(m_db, QStringLiteral("INSERT OR IGNORE INTO blobs (id, size, mime_type, "
                                        "created_at_ms, width, height) VALUES (?, ?, ?, ?, ?, ?)"));
    bind(*blob, blobId);
    bind(*blob, size);
    bind(*blob, mimeType);
    bind(*blob, nowMs);
    bind(*blob, pixels.width());
    bind(*blob, pixels.height());
    Statement uploader(m_db, QStringLiteral("INSERT OR IGNORE INTO blob_uploaders (blob_id, "
                                            "user_id, created_at_ms) VALUES (?, ?, ?)"));
    bind(*uploader, blobId);
    bind(*uploader, userId);
    bind(*uploader, nowMs);
    if (!blob->exec() || !uploader->exec() || !forgetUpload(userId, blobId).ok() ||
        !m_db.commit()) {
        m_db.rollback();
        return storageFailure(*blob, "recording a finished upload");
    }
    return UploadState{size, true, mimeType};
}

Result<Done> MediaStore::forgetUpload(quint64 userId, const QString &blobId)
{
    Statement q(m_db, QStringLiteral("DELETE FROM uploads WHERE user_id = ? AND blob_id = ?"));
    bind(*q, userId);
    bind(*q, blobId);
    if (!q->exec())
        return storageFailure(*q, "forgetting an upload");
    return Done{};
}

Result<BlobAccess> MediaStore::access(quint64 userId, const QString &blobId)
{
    const auto blob = findBlob(blobId);
    if (!blob.ok())
        return blob.failure();
    if (!blob.value())
        return Failure{proto::BLOB_NOT_FOUND, QStringLiteral("there is no such file")};
    const auto mine = uploadedBy(userId, blobId);
    if (!mine.ok())
        return mine.failure();
    BlobAccess access{*blob.value(), mine.value(), {}, {}};
    Statement q(m_db, QStringLiteral("SELECT conversation_id FROM blob_references WHERE "
                                     "blob_id = ? ORDER BY conversation_id"));
    bind(*q, blobId);
    if (!q->exec())
        return storageFailure(*q, "looking up where a file was sent");
    while (q->next())
        access.conversations.append(q->value(0).toULongLong());
    Statement photo(m_db, QStringLiteral("SELECT user_id FROM profile_photos WHERE blob_id = ? "
                                         "ORDER BY user_id"));
    bind(*photo, blobId);
    if (!photo->exec())
        return storageFailure(*photo, "looking up whose photo a file is");
    while (photo->next())
        access.photoOf.append(photo->value(0).toULongLong());
    return access;
}

Result<Done> MediaStore::setProfilePhoto(quint64 userId, const QString &blobId, qint64 nowMs)
{
    Statement q(m_db, blobId.isEmpty()
                          ? QStringLiteral("DELETE FROM profile_photos WHERE user_id = ?")
                          : QStringLiteral("INSERT OR REPLACE INTO profile_photos (user_id, "
                                           "blob_id, set_at_ms) VALUES (?, ?, ?)"));
    bind(*q, userId);
    if (!blobId.isEmpty()) {
        bind(*q, blobId);
        bind(*q, nowMs);
        // The photo replaced is collected like any unsent file once its grace has passed
        // (its upload time still counts).
    }
    if (!q->exec())
        return storageFailure(*q, "setting a profile photo");
    return Done{};
}

Result<QHash<quint64, BlobRow>> MediaStore::profilePhotos(const QList<quint64> &userIds)
{
    QHash<quint64, BlobRow> photos;
    Statement q(m_db, QStringLiteral("SELECT p.blob_id, b.size, b.mime_type, b.width, b.height "
                                     "FROM profile_photos p JOIN blobs b ON b.id = p.blob_id "
                                     "WHERE p.user_id = ?"));
    for (quint64 userId : userIds) {
        q->bindValue(0, qint64(userId));
        if (!q->exec())
            return storageFailure(*q, "looking up profile photos");
        if (q->next())
            photos.insert(userId, BlobRow{q->value(0).toString(), q->value(1).toULongLong(),
                                          q->value(2).toString(),
                                          QSize(q->value(3).toInt(), q->value(4).toInt())});
        q->finish();
    }
    return photos;
}

Result<QByteArray> MediaStore::read(const QString &blobId, quint64 offset, quint32 length)
{
    QFile file(blobPath(blobId));
    if (!file.open(QIODevice::ReadOnly))
        return fileFailure(QStringLiteral("opening a file"), file.fileName());
    if (offset > quint64(file.size()))
        return Failure{proto::INVALID_ARGUMENT,
                       QStringLiteral("offset %1 is past the end of the file (%2 bytes)")
                           .arg(offset)
                           .arg(file.size())};
    if (!file.seek(qint64(offset)))
        return fileFailure(QStringLiteral("reading a file"), file.fileName());
    const QByteArray data = file.read(length);
    if (data.isEmpty() && length > 0 && offset < quint64(file.size()))
        return fileFailure(QStringLiteral("reading a file"), file.fileName());
    return data;
}

Result<MediaCollected> MediaStore::collectGarbage(qint64 nowMs, qint64 graceMs)
{
    const qint64 before = nowMs - graceMs;
    MediaCollected collected;
    Statement stale(m_db, QStringLiteral("SELECT user_id, blob_id, size FROM uploads WHERE "
                                         "started_at_ms <= ?"));
    bind(*stale, before);
    if (!stale->exec())
        return storageFailure(*stale, "looking for abandoned uploads");
    QList<QPair<quint64, QString>> uploads;
    while (stale->next())
        uploads.append({stale->value(0).toULongLong(), stale->value(1).toString()});
    for (const auto &[userId, blobId] : uploads) {
        if (auto forgotten = forgetUpload(userId, blobId); !forgotten.ok())
            return forgotten.failure();
        QFile::remove(partPath(userId, blobId));
        ++collected.uploads;
    }

    // Unsent: no conversation carries it, and its last upload is older than the grace.
    Statement unsent(m_db, QStringLiteral("SELECT b.id, b.size FROM blobs b WHERE NOT EXISTS "
                                          "(SELECT 1 FROM blob_references r WHERE r.blob_id = "
                                          "b.id) AND NOT EXISTS (SELECT 1 FROM blob_uploaders u "
                                          "WHERE u.blob_id = b.id AND u.created_at_ms > ?) AND "
                                          "NOT EXISTS (SELECT 1 FROM profile_photos p WHERE "
                                          "p.blob_id = b.id)"));
    bind(*unsent, before);
    if (!unsent->exec())
        return storageFailure(*unsent, "looking for unsent files");
    QList<QPair<QString, quint64>> files;
    while (unsent->next())
        files.append({unsent->value(0).toString(), unsent->value(1).toULongLong()});
    for (const auto &[blobId, size] : files) {
        // The rows first: a file without rows is unreachable (and reused by the same content
        // uploaded again); rows without a file would be a broken download.
        Statement uploaders(m_db, QStringLiteral("DELETE FROM blob_uploaders WHERE blob_id = ?"));
        bind(*uploaders, blobId);
        Statement blob(m_db, QStringLiteral("DELETE FROM blobs WHERE id = ?"));
        bind(*blob, blobId);
        if (!m_db.transaction())
            return fileFailure(QStringLiteral("removing an unsent file"), blobId);
        if (!uploaders->exec() || !blob->exec() || !m_db.commit()) {
            m_db.rollback();
            return storageFailure(*blob, "removing an unsent file");
        }
        QFile::remove(blobPath(blobId));
        ++collected.files;
        collected.bytes += size;
    }
    return collected;
}

Result<Done> MediaStore::addReference(const QString &blobId, quint64 conversationId)
{
    Statement q(m_db, QStringLiteral("INSERT OR IGNORE INTO blob_references (blob_id, "
                                     "conversation_id) VALUES (?, ?)"));
    bind(*q, blobId);
    bind(*q, conversationId);
    if (!q->exec())
        return storageFailure(*q, "recording where a file was sent");
    return Done{};
}

} // namespace natter::server::storage

#include "services/profile_service.h"

#include "services/contacts.h"
#include "storage/media_store.h"
#include "storage/storage.h"

#include "image_tools.h"
#include "protocol.h"
#include "support/logging.h"

#include <QDateTime>
#include <QRegularExpression>

namespace natter::server::services {

namespace {
constexpr qsizetype kMaxProfilesAsked = 1000;

Failure notAPhoto(const QString &why)
{
    return Failure{proto::INVALID_PROFILE_PHOTO,
                   QStringLiteral("%1; a profile photo is a square PNG or JPEG of at most %2 "
                                  "pixels a side and %3 KiB")
                       .arg(why)
                       .arg(image::kProfilePhotoSide)
                       .arg(image::kMaxProfilePhotoBytes / 1024)};
}

proto::ProfilesReply replyOf(quint64 userId, const QString &blobId)
{
    proto::ProfilesReply reply;
    auto *profile = reply.add_profiles();
    profile->set_user_id(userId);
    profile->set_photo_blob_id(protocol::toStd(blobId));
    return reply;
}
} // namespace

ProfileService::ProfileService(storage::Storage &storage, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
{}

void ProfileService::setPhoto(const UserIdentity &caller, const QString &blobId,
                              Done<proto::ProfilesReply> done)
{
    const quint64 userId = caller.id;
    if (blobId.isEmpty())
        return store(userId, blobId, std::move(done));
    if (!storage::MediaStore::isBlobId(blobId))
        return done(Failure{proto::INVALID_ARGUMENT,
                            QStringLiteral("a file id is 64 lowercase hex digits (its SHA-256)")});
    m_storage.media<storage::BlobAccess>(
        this, [userId, blobId](storage::MediaStore &media) { return media.access(userId, blobId); },
        [this, userId, blobId, done](Result<storage::BlobAccess> access) {
            // Only a file the caller uploaded: nobody makes someone else's picture theirs.
            if (!access.ok() || !access.value().uploadedByCaller)
                return done(!access.ok() && access.failure().code != proto::BLOB_NOT_FOUND
                                ? access.failure()
                                : Failure{proto::BLOB_NOT_FOUND,
                                          QStringLiteral("upload the photo first, then set it")});
            const storage::BlobRow &blob = access.value().blob;
            if (blob.mimeType != QLatin1String("image/jpeg") &&
                blob.mimeType != QLatin1String("image/png"))
                return done(notAPhoto(QStringLiteral("this file is %1").arg(blob.mimeType)));
            if (blob.pixels.isEmpty() || blob.pixels.width() != blob.pixels.height() ||
                blob.pixels.width() > image::kProfilePhotoSide ||
                blob.size > quint64(image::kMaxProfilePhotoBytes))
                return done(notAPhoto(QStringLiteral("this picture is %1×%2 pixels, %3 bytes")
                                          .arg(blob.pixels.width())
                                          .arg(blob.pixels.height())
                                          .arg(blob.size)));
            store(userId, blobId, done);
        });
}

void ProfileService::store(quint64 userId, const QString &blobId, Done<proto::ProfilesReply> done)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_storage.media<natter::Done>(
        this,
        [userId, blobId, now](storage::MediaStore &media) {
            return media.setProfilePhoto(userId, blobId, now);
        },
        [this, userId, blobId, done](Result<natter::Done> stored) {
            if (!stored.ok())
                return done(stored.failure());
            const proto::ProfilesReply reply = replyOf(userId, blobId);
            announce(userId, reply.profiles(0));
            done(reply);
        });
}

void ProfileService::announce(quint64 userId, const proto::Profile &profile)
{
    contactsOf(m_storage, this, userId, [this, userId, profile](Result<QList<quint64>> contacts) {
        if (!m_events)
            return;
        if (!contacts.ok()) {
            qCWarning(lcStorage) << "profile change not sent:" << contacts.failure().message;
            return;
        }
        proto::Envelope event;
        *event.mutable_profile_event()->mutable_profile() = profile;
        m_events(contacts.value() + QList<quint64>{userId}, event); // and their other devices
    });
}

void ProfileService::profiles(const UserIdentity &caller, const QList<quint64> &userIds,
                              Done<proto::ProfilesReply> done)
{
    if (userIds.size() > kMaxProfilesAsked)
        return done(
            Failure{proto::INVALID_ARGUMENT,
                    QStringLiteral("ask for at most %1 users at a time").arg(kMaxProfilesAsked)});
    const quint64 callerId = caller.id;
    contactsOf(
        m_storage, this, callerId,
        [this, callerId, userIds, done](Result<QList<quint64>> contacts) {
            if (!contacts.ok())
                return done(contacts.failure());
            const QSet<quint64> visible(contacts.value().cbegin(), contacts.value().cend());
            QList<quint64> asked;
            for (quint64 id : userIds) {
                if ((id == callerId || visible.contains(id)) && !asked.contains(id))
                    asked.append(id);
            }
            m_storage.media<QHash<quint64, QString>>(
                this, [asked](storage::MediaStore &media) { return media.profilePhotos(asked); },
                [asked, done](Result<QHash<quint64, QString>> photos) {
                    if (!photos.ok())
                        return done(photos.failure());
                    proto::ProfilesReply reply;
                    for (quint64 id : asked) {
                        auto *profile = reply.add_profiles();
                        profile->set_user_id(id);
                        profile->set_photo_blob_id(protocol::toStd(photos.value().value(id)));
                    }
                    done(reply);
                });
        });
}

} // namespace natter::server::services

#include "services/profile_service.h"

#include "services/contacts.h"
#include "storage/media_store.h"
#include "storage/storage.h"

#include "image_tools.h"
#include "protocol.h"
#include "support/logging.h"

#include <QDateTime>

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

/// The photo's size when `blobId` can be `userId`'s photo, why not otherwise.
Result<quint64> checkedPhoto(storage::MediaStore &media, quint64 userId, const QString &blobId)
{
    const auto access = media.access(userId, blobId);
    // Only a file the caller uploaded: nobody makes someone else's picture theirs.
    if (!access.ok() && access.failure().code != proto::BLOB_NOT_FOUND)
        return access.failure();
    if (!access.ok() || !access.value().uploadedByCaller)
        return Failure{proto::BLOB_NOT_FOUND,
                       QStringLiteral("upload the photo first, then set it")};
    const storage::BlobRow &blob = access.value().blob;
    if (blob.mimeType != QLatin1String("image/jpeg") && blob.mimeType != QLatin1String("image/png"))
        return notAPhoto(QStringLiteral("this file is %1").arg(blob.mimeType));
    if (blob.pixels.isEmpty() || blob.pixels.width() != blob.pixels.height() ||
        blob.pixels.width() > image::kProfilePhotoSide ||
        blob.size > quint64(image::kMaxProfilePhotoBytes))
        return notAPhoto(QStringLiteral("this picture is %1×%2 pixels, %3 bytes")
                             .arg(blob.pixels.width())
                             .arg(blob.pixels.height())
                             .arg(blob.size));
    return blob.size;
}

proto::ProfilesReply replyOf(quint64 userId, const QString &blobId, quint64 size)
{
    proto::ProfilesReply reply;
    auto *profile = reply.add_profiles();
    profile->set_user_id(userId);
    profile->set_photo_blob_id(protocol::toStd(blobId));
    profile->set_photo_size(size);
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
    if (!blobId.isEmpty() && !storage::MediaStore::isBlobId(blobId))
        return done(Failure{proto::INVALID_ARGUMENT,
                            QStringLiteral("a file id is 64 lowercase hex digits (its SHA-256)")});
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // Checked and set in one job on the media thread: no collection runs in between.
    m_storage.media<quint64>(
        this,
        [userId, blobId, now](storage::MediaStore &media) -> Result<quint64> {
            Result<quint64> size = quint64(0);
            if (!blobId.isEmpty())
                size = checkedPhoto(media, userId, blobId);
            if (!size.ok())
                return size;
            if (auto stored = media.setProfilePhoto(userId, blobId, now); !stored.ok())
                return stored.failure();
            return size;
        },
        [this, userId, blobId, done](Result<quint64> stored) {
            if (!stored.ok())
                return done(stored.failure());
            const proto::ProfilesReply reply = replyOf(userId, blobId, stored.value());
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
    contactsOf(m_storage, this, callerId,
               [this, callerId, userIds, done](Result<QList<quint64>> contacts) {
                   if (!contacts.ok())
                       return done(contacts.failure());
                   const QSet<quint64> visible(contacts.value().cbegin(), contacts.value().cend());
                   QList<quint64> asked;
                   for (quint64 id : userIds) {
                       if ((id == callerId || visible.contains(id)) && !asked.contains(id))
                           asked.append(id);
                   }
                   m_storage.media<QHash<quint64, storage::BlobRow>>(
                       this,
                       [asked](storage::MediaStore &media) { return media.profilePhotos(asked); },
                       [asked, done](Result<QHash<quint64, storage::BlobRow>> photos) {
                           if (!photos.ok())
                               return done(photos.failure());
                           proto::ProfilesReply reply;
                           for (quint64 id : asked) {
                               auto *profile = reply.add_profiles();
                               profile->set_user_id(id);
                               const storage::BlobRow photo = photos.value().value(id);
                               profile->set_photo_blob_id(protocol::toStd(photo.id));
                               profile->set_photo_size(photo.size);
                           }
                           done(reply);
                       });
               });
}

} // namespace natter::server::services

#include "profile_book.h"

namespace natter::client {

ProfileBook::ProfileBook(Client &client, MediaCache &media, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_media(media)
{
    connect(&client, &Client::profileChanged, this, &ProfileBook::store);
    // Copies removed from the media cache: show initials, then fetch them again.
    connect(&media, &MediaCache::cleared, this, [this] { forget(m_blobs.keys()); });
    connect(&media, &MediaCache::evicted, this, [this](const QStringList &blobIds) {
        QList<quint64> users;
        for (auto it = m_blobs.cbegin(); it != m_blobs.cend(); ++it) {
            if (blobIds.contains(it.value()))
                users.append(it.key());
        }
        forget(users);
    });
}

void ProfileBook::forget(const QList<quint64> &userIds)
{
    for (quint64 id : userIds) {
        m_blobs.remove(id);
        if (m_paths.remove(id) > 0)
            emit photoChanged(id);
    }
    refresh(userIds);
}

void ProfileBook::refresh(const QList<quint64> &userIds)
{
    constexpr qsizetype kPerRequest = 1000; // natterd's limit per GetProfiles
    for (qsizetype first = 0; first < userIds.size(); first += kPerRequest)
        request(userIds.mid(first, kPerRequest));
}

void ProfileBook::request(const QList<quint64> &userIds)
{
    m_client.profiles(
        userIds,
        [this](Result<proto::ProfilesReply> reply) {
            if (!reply.ok())
                return; // asked again after the next sync
            for (const proto::Profile &profile : reply.value().profiles())
                store(profile);
        },
        this);
}

void ProfileBook::store(const proto::Profile &profile)
{
    const quint64 userId = profile.user_id();
    const QString blobId = QString::fromStdString(profile.photo_blob_id());
    if (m_blobs.contains(userId) && m_blobs.value(userId) == blobId)
        return; // known already (and fetched, or being fetched)
    m_blobs.insert(userId, blobId);
    if (blobId.isEmpty()) {
        if (m_paths.remove(userId) > 0)
            emit photoChanged(userId);
        return;
    }
    proto::Attachment photo;
    photo.set_blob_id(profile.photo_blob_id());
    photo.set_file_name("photo");
    photo.set_size(profile.photo_size());
    m_media.fetch(photo, MediaKind::ProfilePhoto, this,
                  [this, userId, blobId](Result<QString> path) {
                      if (m_blobs.value(userId) != blobId)
                          return; // changed again meanwhile
                      if (!path.ok()) {
                          m_blobs.remove(userId); // asked again after the next sync
                          return;
                      }
                      m_paths.insert(userId, path.value());
                      emit photoChanged(userId);
                  });
}

} // namespace natter::client

#pragma once

#include "client.h"
#include "media_cache.h"

#include <QHash>
#include <QObject>

namespace natter::client {

/// The profile photos of the people the user shares conversations with: asked for after each
/// sync, kept current by ProfileEvents, downloaded into the media cache (kept longest there).
class ProfileBook : public QObject {
    Q_OBJECT
public:
    ProfileBook(Client &client, MediaCache &media, QObject *parent = nullptr);

    /// The downloaded photo of `userId` (a file in the media cache), empty when they have none
    /// or it is not here yet (photoChanged follows).
    [[nodiscard]] QString photoPath(quint64 userId) const { return m_paths.value(userId); }
    /// Asks the server for these users' profiles.
    void refresh(const QList<quint64> &userIds);

signals:
    void photoChanged(quint64 userId);

private:
    void request(const QList<quint64> &userIds);
    void store(const proto::Profile &profile);
    void forget(const QList<quint64> &userIds);

    Client &m_client;
    MediaCache &m_media;
    QHash<quint64, QString> m_blobs; // user → photo blob id ("" none)
    QHash<quint64, QString> m_paths; // user → downloaded photo
};

} // namespace natter::client

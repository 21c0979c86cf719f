#pragma once

#include "client.h"

#include <QDateTime>
#include <QHash>
#include <QObject>

namespace natter::client {

/// The presence of the people the user shares conversations with: asked for after each sync,
/// then kept current by PresenceEvents. Also reports the user's own idleness ("away"), again
/// after every reconnect, since the server forgets it with the connection.
class PresenceBook : public QObject {
    Q_OBJECT
public:
    explicit PresenceBook(Client &client, QObject *parent = nullptr);

    [[nodiscard]] proto::Presence presence(quint64 userId) const;
    /// The signed-in user (0 before the first sign-in of this run).
    [[nodiscard]] quint64 ownUserId() const { return m_client.user().id(); }
    /// Asks the server for these users' presence (unknown ones stay offline).
    void refresh(const QList<quint64> &userIds);
    void setAway(bool away);
    [[nodiscard]] bool away() const { return m_away; }

    /// "online", "away", "last seen today at 14:02", "last seen 3 Nov at 09:15", or
    /// "last seen recently" when the time is hidden or unknown.
    [[nodiscard]] static QString describe(const proto::Presence &presence,
                                          const QDateTime &now = QDateTime::currentDateTime());

signals:
    void presenceChanged(quint64 userId);

private:
    void store(const proto::Presence &presence);

    Client &m_client;
    QHash<quint64, proto::Presence> m_presence;
    bool m_away = false;
};

} // namespace natter::client

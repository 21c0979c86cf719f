#pragma once

#include "services/event_sink.h"
#include "services/user_identity.h"

#include "result.h"

#include <QHash>
#include <QObject>

namespace natter::server::storage {
class Storage;
} // namespace natter::server::storage

namespace natter::server::services {

/// Who is online, away or offline, and since when. A user is online while any of their
/// sessions is live and not idle, away when every live session reported idle, offline
/// otherwise; going offline stores last_seen. Changes reach only users who share a
/// conversation with them, and a user who hides their last-seen time shows none.
class PresenceService : public QObject {
    Q_OBJECT
public:
    template <typename T> using Done = std::function<void(Result<T>)>;

    explicit PresenceService(storage::Storage &storage, QObject *parent = nullptr);
    void setEventSink(EventSink sink) { m_events = std::move(sink); }

    /// Called by the gateway as sessions come and go (`sessionId` is the connection's id).
    void sessionStarted(quint64 userId, quint64 sessionId);
    void sessionEnded(quint64 userId, quint64 sessionId);
    void setAway(quint64 userId, quint64 sessionId, bool away);

    [[nodiscard]] proto::PresenceState state(quint64 userId) const;
    void presence(const UserIdentity &caller, const QList<quint64> &userIds,
                  Done<proto::PresenceReply> done);
    /// natterd is stopping: everyone online is seen now (queued before storage closes); the
    /// connections closing afterwards change nothing.
    void shutdown();
    /// Re-announces the user's presence after a privacy change.
    void republish(quint64 userId);

private:
    void changed(quint64 userId, proto::PresenceState before);
    void announce(quint64 userId, proto::PresenceState state);

    storage::Storage &m_storage;
    EventSink m_events;
    QHash<quint64, QHash<quint64, bool>> m_sessions; // user → session → away
};

} // namespace natter::server::services

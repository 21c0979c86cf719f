#pragma once

#include "services/event_sink.h"
#include "services/user_identity.h"

#include "result.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace natter::server::storage {
class Storage;
} // namespace natter::server::storage

namespace natter::server::services {

/// Typing indicators: never stored. A "typing" report is forwarded to the other members and
/// ends by itself after the expiry unless repeated; "stopped" or the user's message ends it
/// at once. Only members may report typing in a conversation.
class TypingService : public QObject {
    Q_OBJECT
public:
    template <typename T> using Done = std::function<void(Result<T>)>;

    TypingService(storage::Storage &storage, int expiryMs, QObject *parent = nullptr);
    void setEventSink(EventSink sink) { m_events = std::move(sink); }

    void report(const UserIdentity &caller, quint64 conversationId, bool typing,
                Done<natter::Done> done);
    /// The user's message arrived: they stopped typing in that conversation.
    void messageSent(quint64 conversationId, quint64 userId);
    /// Members left: their typing ends, and they hear no more of the others'.
    void membersRemoved(quint64 conversationId, const QList<quint64> &userIds);

private:
    struct Typist {
        qint64 expiresAtMs = 0;
        qint64 checkedAtMs = 0; // when membership was last confirmed
        QList<quint64> otherMembers;
    };
    /// Forgets the typist and tells the others it ended.
    void end(const QPair<quint64, quint64> &key);
    void broadcast(quint64 conversationId, quint64 userId, bool typing,
                   const QList<quint64> &recipients);
    void expire();

    storage::Storage &m_storage;
    int m_expiryMs;
    EventSink m_events;
    QHash<QPair<quint64, quint64>, Typist> m_typing; // (conversation, user)
    QSet<QPair<quint64, quint64>> m_checking;        // membership checks in flight
    QTimer m_expiryTimer;
};

} // namespace natter::server::services

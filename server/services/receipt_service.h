#pragma once

#include "services/event_sink.h"
#include "services/user_identity.h"

#include "result.h"

#include <QHash>
#include <QObject>
#include <QTimer>

namespace natter::server::storage {
class Storage;
struct ReceiptChange;
} // namespace natter::server::storage

namespace natter::server::services {

/// Receipt cursors: members report how far they received (delivered) and read; the cursors
/// only move forward, and every move reaches the conversation's members as a ReceiptEvent.
/// Moves that arrive close together are coalesced: one event per member and conversation
/// carries the newest cursors.
class ReceiptService : public QObject {
    Q_OBJECT
public:
    template <typename T> using Done = std::function<void(Result<T>)>;

    explicit ReceiptService(storage::Storage &storage, QObject *parent = nullptr);
    ~ReceiptService() override; // where storage::ReceiptChange is complete
    void setEventSink(EventSink sink) { m_events = std::move(sink); }

    void markRead(const UserIdentity &caller, quint64 conversationId, quint64 seq,
                  Done<proto::MarkReadReply> done);
    /// One batch of (conversation, seq) cursors; answers once every cursor is stored.
    void markDelivered(const UserIdentity &caller, const QList<QPair<quint64, quint64>> &cursors,
                       Done<natter::Done> done);

    /// Announces a cursor move made elsewhere (a sender's own message moves their read
    /// cursor); coalesced like the others.
    void publish(const storage::ReceiptChange &change);
    /// Members left: moves waiting to be announced no longer reach them.
    void membersRemoved(quint64 conversationId, const QList<quint64> &userIds);

private:
    void flush();

    storage::Storage &m_storage;
    EventSink m_events;
    QHash<QPair<quint64, quint64>, storage::ReceiptChange> m_pending; // (conversation, user)
    QTimer m_flushTimer;
};

} // namespace natter::server::services

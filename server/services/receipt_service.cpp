#include "services/receipt_service.h"

#include "services/storage_rows.h"
#include "storage/storage.h"

namespace natter::server::services {

using storage::ReceiptChange;

namespace {
// Long enough to merge a burst of reports (a client catching up on many messages), short
// enough that a peer sees "read" at once.
constexpr int kCoalesceMs = 25;
constexpr int kMaxCursorsPerRequest = 500;
} // namespace

ReceiptService::ReceiptService(storage::Storage &storage, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kCoalesceMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &ReceiptService::flush);
}

ReceiptService::~ReceiptService() = default;

void ReceiptService::markRead(const UserIdentity &caller, quint64 conversationId, quint64 seq,
                              Done<proto::MarkReadReply> done)
{
    if (conversationId == 0)
        return done(Failure{proto::INVALID_ARGUMENT, QStringLiteral("conversation_id is missing")});
    m_storage.moveCursors(storage::CursorMove{conversationId, caller.id, 0, seq}, this,
                          [this, conversationId, done](Result<ReceiptChange> change) {
                              if (!change.ok())
                                  return done(change.failure());
                              proto::MarkReadReply reply;
                              reply.set_conversation_id(conversationId);
                              reply.set_read_seq(change.value().readSeq);
                              reply.set_unread_count(change.value().unreadCount);
                              done(reply);
                              publish(change.value());
                          });
}

void ReceiptService::markDelivered(const UserIdentity &caller,
                                   const QList<QPair<quint64, quint64>> &cursors,
                                   Done<natter::Done> done)
{
    if (cursors.isEmpty() || cursors.size() > kMaxCursorsPerRequest)
        return done(
            Failure{proto::INVALID_ARGUMENT,
                    QStringLiteral("send 1 to %1 cursors per request").arg(kMaxCursorsPerRequest)});
    for (const auto &cursor : cursors) {
        if (cursor.first == 0)
            return done(
                Failure{proto::INVALID_ARGUMENT, QStringLiteral("conversation_id is missing")});
    }
    auto remaining = std::make_shared<qsizetype>(cursors.size());
    auto firstFailure = std::make_shared<std::optional<Failure>>();
    for (const auto &[conversationId, seq] : cursors) {
        m_storage.moveCursors(storage::CursorMove{conversationId, caller.id, seq, 0}, this,
                              [this, remaining, firstFailure, done](Result<ReceiptChange> change) {
                                  if (change.ok())
                                      publish(change.value());
                                  else if (!*firstFailure)
                                      *firstFailure = change.failure();
                                  if (--*remaining > 0)
                                      return;
                                  if (*firstFailure)
                                      return done(**firstFailure);
                                  done(natter::Done{});
                              });
    }
}

void ReceiptService::publish(const ReceiptChange &change)
{
    if (!change.moved)
        return;
    m_pending.insert(qMakePair(change.conversationId, change.userId), change);
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void ReceiptService::membersRemoved(quint64 conversationId, const QList<quint64> &userIds)
{
    for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
        if (it.key().first == conversationId)
            it->memberIds.removeIf([&userIds](quint64 id) { return userIds.contains(id); });
    }
}

void ReceiptService::flush()
{
    const auto pending = std::exchange(m_pending, {});
    if (!m_events)
        return;
    for (const ReceiptChange &change : pending) {
        proto::Envelope event;
        auto *receipt = event.mutable_receipt_event();
        receipt->set_conversation_id(change.conversationId);
        receipt->set_user_id(change.userId);
        receipt->set_delivered_seq(change.deliveredSeq);
        receipt->set_read_seq(change.readSeq);
        receipt->set_read_at_ms(change.readAtMs);
        QList<quint64> others = change.memberIds;
        others.removeAll(change.userId);
        m_events(others, event);
        // The user's own devices also learn the unread count, so reading on one clears the
        // badge on the others.
        receipt->set_unread_count(change.unreadCount);
        m_events({change.userId}, event);
    }
}

} // namespace natter::server::services

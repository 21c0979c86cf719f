// ShardStore's receipt cursors: forward-only moves, group-committed, and unread counts.
#include "storage/push_job_store.h"
#include "storage/shard_store.h"
#include "storage/shard_store_detail.h"

#include <algorithm>

namespace natter::server::storage {

using detail::inOneTransaction;
using detail::notAMember;

Result<quint64> ShardStore::unreadCount(quint64 id, quint64 callerId, quint64 readSeq)
{
    if (auto cached = m_recent ? m_recent->unread(id, callerId, readSeq) : std::nullopt)
        return *cached;
    Statement q(m_db, QStringLiteral("SELECT COUNT(*) FROM messages WHERE conversation_id = ? "
                                     "AND seq > ? AND sender_id != ?"));
    bind(*q, id);
    bind(*q, readSeq);
    bind(*q, callerId);
    if (!q->exec() || !q->next())
        return storageFailure(*q, "counting unread messages");
    return q->value(0).toULongLong();
}

Result<ReceiptChange> ShardStore::moveCursors(quint64 id, quint64 callerId, quint64 deliveredSeq,
                                              quint64 readSeq, qint64 nowMs)
{
    return moveCursorsBatch({CursorMove{id, callerId, deliveredSeq, readSeq}}, nowMs).front();
}

QList<Result<ReceiptChange>> ShardStore::moveCursorsBatch(const QList<CursorMove> &moves,
                                                          qint64 nowMs)
{
    return inOneTransaction<ReceiptChange>(
        m_db, moves,
        [&](const CursorMove &move, bool *sqlFailed) { return moveOne(move, nowMs, sqlFailed); },
        "receipt not stored");
}

Result<ReceiptChange> ShardStore::moveOne(const CursorMove &move, qint64 nowMs, bool *sqlFailed)
{
    auto fail = [sqlFailed](const Failure &failure) {
        *sqlFailed = failure.code == proto::STORAGE_ERROR;
        return failure;
    };
    const quint64 id = move.conversationId;
    const auto member = checkMember(id, move.userId);
    if (!member.ok())
        return fail(member.failure());
    const std::optional<QList<quint64>> &cachedMembers = member.value();
    ReceiptChange change;
    change.conversationId = id;
    change.userId = move.userId;
    quint64 oldRead = 0;
    quint64 oldDelivered = 0;
    {
        Statement q(m_db, QStringLiteral("SELECT m.delivered_seq, m.read_seq, m.read_at_ms, "
                                         "c.last_seq FROM members m JOIN conversations c ON "
                                         "c.id = m.conversation_id WHERE m.conversation_id = ? "
                                         "AND m.user_id = ?"));
        bind(*q, id);
        bind(*q, move.userId);
        if (!q->exec() || !q->next())
            return fail(storageFailure(*q, "reading receipt cursors"));
        const quint64 lastSeq = q->value(3).toULongLong();
        oldRead = q->value(1).toULongLong();
        oldDelivered = q->value(0).toULongLong();
        // Forward only, never past the last message; reading implies delivery.
        change.readSeq = std::max(oldRead, std::min(move.readSeq, lastSeq));
        change.deliveredSeq =
            std::max({oldDelivered, std::min(move.deliveredSeq, lastSeq), change.readSeq});
        change.moved = change.readSeq != oldRead || change.deliveredSeq != oldDelivered;
        change.readAtMs = change.readSeq != oldRead ? nowMs : q->value(2).toLongLong();
    }
    if (change.moved) {
        Statement q(m_db, QStringLiteral("UPDATE members SET delivered_seq = ?, read_seq = ?, "
                                         "read_at_ms = ? WHERE conversation_id = ? AND "
                                         "user_id = ?"));
        bind(*q, change.deliveredSeq);
        bind(*q, change.readSeq);
        bind(*q, change.readAtMs);
        bind(*q, id);
        bind(*q, move.userId);
        if (!q->exec())
            return fail(storageFailure(*q, "moving receipt cursors"));
        // Reading cancels the push jobs it covers, in the same transaction.
        if (change.readSeq != oldRead) {
            if (auto cancelled =
                    PushJobStore(m_db).cancelRead(id, move.userId, change.readSeq, nowMs);
                !cancelled.ok())
                return fail(cancelled.failure());
        }
    }
    auto unread = unreadCount(id, move.userId, change.readSeq);
    if (!unread.ok())
        return fail(unread.failure());
    change.unreadCount = unread.value();
    if (change.moved) {
        if (cachedMembers) {
            change.memberIds = *cachedMembers;
        } else {
            auto members = activeMembers({id});
            if (!members.ok())
                return fail(members.failure());
            change.memberIds = members.value();
        }
    }
    return change;
}

} // namespace natter::server::storage

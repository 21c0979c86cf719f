// ShardStore: reading a conversation's messages (history pages, the page around a message)
// and the message row every reader shares.
#include "storage/shard_store.h"

#include "protocol.h"
#include "storage/shard_store_detail.h"
#include "storage/sql_util.h"

#include <QSqlQuery>
#include <QVariant>

namespace natter::server::storage {

using protocol::toStd;

namespace detail {

const char *const kMessageColumns =
    "m.conversation_id, m.seq, m.sender_id, COALESCE(u.username, ''), m.client_msg_id, m.text, "
    "m.sent_at_ms, m.attachments FROM messages m LEFT JOIN members u ON u.conversation_id = "
    "m.conversation_id "
    "AND u.user_id = m.sender_id";

proto::Message readMessage(const QSqlQuery &q)
{
    proto::Message m;
    m.set_conversation_id(q.value(0).toULongLong());
    m.set_seq(q.value(1).toULongLong());
    m.set_sender_id(q.value(2).toULongLong());
    m.set_sender_username(toStd(q.value(3).toString()));
    m.set_client_msg_id(toStd(q.value(4).toString()));
    m.set_text(toStd(q.value(5).toString()));
    m.set_sent_at_ms(q.value(6).toLongLong());
    *m.mutable_attachments() = storedAttachments(q.value(7).toByteArray()).attachments();
    return m;
}

proto::AttachmentList storedAttachments(const QByteArray &stored)
{
    proto::AttachmentList list;
    if (!stored.isEmpty() && !list.ParseFromArray(stored.constData(), int(stored.size())))
        list.Clear();
    return list;
}

} // namespace detail

using detail::kMessageColumns;
using detail::readMessage;

Result<MessagePage> ShardStore::messages(quint64 id, quint64 callerId, quint64 beforeSeq,
                                         quint64 afterSeq, int limit)
{
    if (auto member = requireMember(id, callerId); !member.ok())
        return member.failure();
    if (afterSeq > 0)
        return pageFrom(id, afterSeq, true, limit);
    return pageFrom(id, beforeSeq > 0 ? beforeSeq : quint64(std::numeric_limits<qint64>::max()),
                    false, limit);
}

Result<MessagePage> ShardStore::pageFrom(quint64 id, quint64 boundary, bool forward, int limit)
{
    // One row more than asked tells whether more exist in that direction.
    static const QString forwardSql = QStringLiteral("SELECT %1 WHERE m.conversation_id = ? AND "
                                                     "m.seq > ? ORDER BY m.seq ASC LIMIT ?")
                                          .arg(QLatin1String(kMessageColumns));
    static const QString backwardSql = QStringLiteral("SELECT %1 WHERE m.conversation_id = ? AND "
                                                      "m.seq < ? ORDER BY m.seq DESC LIMIT ?")
                                           .arg(QLatin1String(kMessageColumns));
    Statement q(m_db, forward ? forwardSql : backwardSql);
    bind(*q, id);
    bind(*q, boundary);
    bind(*q, limit + 1);
    if (!q->exec())
        return storageFailure(*q, "reading messages");
    QList<proto::Message> page;
    while (q->next())
        page.append(readMessage(*q));
    const bool hasMore = page.size() > limit;
    if (hasMore)
        page.removeLast();
    if (!forward)
        std::reverse(page.begin(), page.end());
    return qMakePair(page, hasMore);
}

Result<AroundPage> ShardStore::messagesAround(quint64 id, quint64 callerId, quint64 seq, int limit)
{
    if (auto member = requireMember(id, callerId); !member.ok())
        return member.failure();
    // Enough of each side to fill the page alone; then half and half, or more of the side
    // that has more where the other runs out.
    auto newer = pageFrom(id, seq - 1, true, limit); // from the message itself
    if (!newer.ok())
        return newer.failure();
    auto older = pageFrom(id, seq, false, limit - 1);
    if (!older.ok())
        return older.failure();
    const QList<proto::Message> &after = newer.value().first;
    const QList<proto::Message> &before = older.value().first; // ascending
    const qsizetype olderCount =
        std::min(before.size(), std::max<qsizetype>(limit / 2, limit - after.size()));
    const qsizetype newerCount = std::min(after.size(), limit - olderCount);
    AroundPage page;
    page.messages = before.mid(before.size() - olderCount) + after.first(newerCount);
    page.hasOlder = olderCount < before.size() || older.value().second;
    page.hasNewer = newerCount < after.size() || newer.value().second;
    return page;
}

} // namespace natter::server::storage

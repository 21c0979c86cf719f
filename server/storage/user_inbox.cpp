#include "storage/user_inbox.h"

#include "validation.h"

#include <QSqlQuery>
#include <QVariant>

namespace natter::server::storage {

Result<DirectPair> InboxTable::directConversation(quint64 userA, quint64 userB, qint64 nowMs)
{
    const quint64 low = std::min(userA, userB);
    const quint64 high = std::max(userA, userB);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "SELECT conversation_id FROM direct_pairs WHERE user_low = ? AND user_high = ?"));
    bind(q, low);
    bind(q, high);
    if (!q.exec())
        return storageFailure(q, "looking up a direct conversation");
    if (q.next())
        return DirectPair{q.value(0).toULongLong(), false, false};

    if (!m_db.transaction())
        return Failure{proto::STORAGE_ERROR, m_db.lastError().text()};
    q.prepare(QStringLiteral("INSERT INTO conversation_ids (created_at_ms) VALUES (?)"));
    bind(q, nowMs);
    if (!q.exec()) {
        m_db.rollback();
        return storageFailure(q, "allocating a conversation id");
    }
    const quint64 id = q.lastInsertId().toULongLong();
    q.prepare(QStringLiteral(
        "INSERT INTO direct_pairs (user_low, user_high, conversation_id) VALUES (?, ?, ?)"));
    bind(q, low);
    bind(q, high);
    bind(q, id);
    if (!q.exec() || !m_db.commit()) {
        m_db.rollback();
        return storageFailure(q, "registering a direct conversation");
    }
    return DirectPair{id, true, false};
}

Result<quint64> InboxTable::allocateGroupConversation(qint64 nowMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO conversation_ids (created_at_ms) VALUES (?)"));
    bind(q, nowMs);
    if (!q.exec())
        return storageFailure(q, "allocating a conversation id");
    return q.lastInsertId().toULongLong();
}

Result<Done> InboxTable::addToInbox(const QList<quint64> &userIds, quint64 conversationId,
                                    qint64 activityMs, const QSet<quint64> &requestsFor,
                                    quint64 acceptedBy)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT OR IGNORE INTO inbox (user_id, conversation_id, "
                             "last_activity_ms, request) VALUES (?, ?, ?, ?)"));
    m_db.transaction();
    for (quint64 userId : userIds) {
        bind(q, userId);
        bind(q, conversationId);
        bind(q, activityMs);
        bind(q, requestsFor.contains(userId) ? 1 : 0);
        if (!q.exec()) {
            m_db.rollback();
            return storageFailure(q, "adding to an inbox");
        }
    }
    if (acceptedBy != 0) {
        q.prepare(QStringLiteral(
            "UPDATE inbox SET request = 0 WHERE user_id = ? AND conversation_id = ?"));
        bind(q, acceptedBy);
        bind(q, conversationId);
        if (!q.exec()) {
            m_db.rollback();
            return storageFailure(q, "accepting a message request");
        }
    }
    if (!m_db.commit())
        return Failure{proto::STORAGE_ERROR, m_db.lastError().text()};
    return Done{};
}

Result<Done> InboxTable::removeFromInbox(const QList<quint64> &userIds, quint64 conversationId)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM inbox WHERE user_id = ? AND conversation_id = ?"));
    for (quint64 userId : userIds) {
        bind(q, userId);
        bind(q, conversationId);
        if (!q.exec())
            return storageFailure(q, "removing from an inbox");
    }
    return Done{};
}

Result<Done> InboxTable::touchInbox(const QList<InboxEntry> &activity)
{
    m_db.transaction();
    {
        Statement q(m_db, QStringLiteral("UPDATE inbox SET last_activity_ms = ? WHERE "
                                         "conversation_id = ? AND last_activity_ms < ?"));
        // Replying is consent, as in Messenger: no separate step is needed.
        Statement accept(m_db, QStringLiteral("UPDATE inbox SET request = 0 WHERE user_id = ? "
                                              "AND conversation_id = ? AND request = 1"));
        // A batch often holds several messages of one conversation and sender: once is enough.
        QSet<QPair<quint64, qint64>> touched;
        QSet<QPair<quint64, quint64>> replied;
        for (const InboxEntry &entry : activity) {
            std::optional<Failure> failure;
            if (!touched.contains({entry.conversationId, entry.lastActivityMs})) {
                touched.insert({entry.conversationId, entry.lastActivityMs});
                bind(*q, entry.lastActivityMs);
                bind(*q, entry.conversationId);
                bind(*q, entry.lastActivityMs);
                if (!q->exec())
                    failure = storageFailure(*q, "updating inbox activity");
            }
            if (!failure && !replied.contains({entry.conversationId, entry.senderId})) {
                replied.insert({entry.conversationId, entry.senderId});
                bind(*accept, entry.senderId);
                bind(*accept, entry.conversationId);
                if (!accept->exec())
                    failure = storageFailure(*accept, "accepting a message request");
            }
            if (failure) {
                q->finish();
                accept->finish();
                m_db.rollback();
                return *failure;
            }
        }
    }
    if (!m_db.commit())
        return Failure{proto::STORAGE_ERROR, m_db.lastError().text()};
    return Done{};
}

Result<QList<InboxEntry>> InboxTable::page(quint64 userId, std::optional<InboxEntry> after,
                                           int limit)
{
    QSqlQuery q(m_db);
    if (after) {
        q.prepare(QStringLiteral(
            "SELECT conversation_id, last_activity_ms, request FROM inbox WHERE user_id = ? AND "
            "(last_activity_ms, conversation_id) < (?, ?) "
            "ORDER BY last_activity_ms DESC, conversation_id DESC LIMIT ?"));
        bind(q, userId);
        bind(q, after->lastActivityMs);
        bind(q, after->conversationId);
    } else {
        q.prepare(QStringLiteral("SELECT conversation_id, last_activity_ms, request FROM inbox "
                                 "WHERE user_id = ? ORDER BY last_activity_ms DESC, "
                                 "conversation_id DESC LIMIT ?"));
        bind(q, userId);
    }
    bind(q, limit);
    if (!q.exec())
        return storageFailure(q, "listing conversations");
    QList<InboxEntry> entries;
    while (q.next())
        entries.append(
            InboxEntry{q.value(0).toULongLong(), q.value(1).toLongLong(), 0, q.value(2).toBool()});
    return entries;
}

Result<QList<quint64>> InboxTable::acceptedConversationIds(quint64 userId)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT i.conversation_id FROM inbox i WHERE i.user_id = ? AND NOT "
                             "EXISTS (SELECT 1 FROM inbox r WHERE r.conversation_id = "
                             "i.conversation_id AND r.request = 1)"));
    bind(q, userId);
    if (!q.exec())
        return storageFailure(q, "listing conversations");
    QList<quint64> ids;
    while (q.next())
        ids.append(q.value(0).toULongLong());
    return ids;
}

Result<bool> InboxTable::acceptRequest(quint64 userId, quint64 conversationId)
{
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("SELECT request FROM inbox WHERE user_id = ? AND conversation_id = ?"));
    bind(q, userId);
    bind(q, conversationId);
    if (!q.exec())
        return storageFailure(q, "reading a message request");
    if (!q.next())
        return Failure{
            proto::NOT_A_MEMBER,
            QStringLiteral("you are not a member of conversation %1").arg(conversationId)};
    if (!q.value(0).toBool())
        return false;
    q.prepare(QStringLiteral("UPDATE inbox SET request = 0 WHERE user_id = ? AND "
                             "conversation_id = ?"));
    bind(q, userId);
    bind(q, conversationId);
    if (!q.exec())
        return storageFailure(q, "accepting a message request");
    return true;
}

} // namespace natter::server::storage

#include "storage/user_consent.h"
#include "storage/user_accounts.h"
#include "storage/user_tables_detail.h"

#include "validation.h"

#include <QSqlQuery>
#include <QVariant>

namespace natter::server::storage {

Result<BlockChange> ConsentTable::setBlocked(quint64 userId, const QString &username, bool blocked,
                                             qint64 nowMs)
{
    auto found = AccountTable(m_db).usersByName({username});
    if (!found.ok())
        return found.failure();
    const quint64 other = found.value().constFirst().id;
    if (other == userId)
        return Failure{proto::INVALID_ARGUMENT, QStringLiteral("you cannot block yourself")};
    QSqlQuery q(m_db);
    q.prepare(blocked ? QStringLiteral("INSERT OR IGNORE INTO blocks (user_id, blocked_id, "
                                       "created_at_ms) VALUES (?, ?, ?)")
                      : QStringLiteral("DELETE FROM blocks WHERE user_id = ? AND blocked_id = ?"));
    bind(q, userId);
    bind(q, other);
    if (blocked)
        bind(q, nowMs);
    if (!q.exec())
        return storageFailure(q, "changing a block");
    q.prepare(QStringLiteral(
        "SELECT conversation_id FROM direct_pairs WHERE user_low = ? AND user_high = ?"));
    bind(q, std::min(userId, other));
    bind(q, std::max(userId, other));
    if (!q.exec())
        return storageFailure(q, "reading a direct conversation");
    if (!q.next())
        return BlockChange{};
    const quint64 conversationId = q.value(0).toULongLong();
    auto closed = blockedEitherWay(userId, other);
    if (!closed.ok())
        return closed.failure();
    return BlockChange{conversationId, closed.value()};
}

Result<QList<quint64>> ConsentTable::closedDirectConversations()
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT DISTINCT d.conversation_id FROM direct_pairs d JOIN blocks b "
                             "ON (b.user_id = d.user_low AND b.blocked_id = d.user_high) OR "
                             "(b.user_id = d.user_high AND b.blocked_id = d.user_low)"));
    if (!q.exec())
        return storageFailure(q, "reading blocked conversations");
    QList<quint64> ids;
    while (q.next())
        ids.append(q.value(0).toULongLong());
    return ids;
}

Result<bool> ConsentTable::blockedEitherWay(quint64 userA, quint64 userB)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT EXISTS (SELECT 1 FROM blocks WHERE (user_id = ? AND "
                             "blocked_id = ?) OR (user_id = ? AND blocked_id = ?))"));
    bind(q, userA);
    bind(q, userB);
    bind(q, userB);
    bind(q, userA);
    if (!q.exec() || !q.next())
        return storageFailure(q, "reading blocks");
    return q.value(0).toBool();
}

Result<QList<UserRow>> ConsentTable::blockedBy(quint64 userId)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT u.id, u.username, u.display_name FROM blocks b JOIN users u "
                             "ON u.id = b.blocked_id WHERE b.user_id = ? ORDER BY u.username_key"));
    bind(q, userId);
    if (!q.exec())
        return storageFailure(q, "listing blocked users");
    QList<UserRow> users;
    while (q.next())
        users.append(detail::readUser(q, 0));
    return users;
}

Result<QList<quint64>> ConsentTable::blockRelations(quint64 userId)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT blocked_id FROM blocks WHERE user_id = ? UNION SELECT user_id "
                             "FROM blocks WHERE blocked_id = ?"));
    bind(q, userId);
    bind(q, userId);
    if (!q.exec())
        return storageFailure(q, "reading blocks");
    QList<quint64> ids;
    while (q.next())
        ids.append(q.value(0).toULongLong());
    return ids;
}

Result<Done> ConsentTable::checkMayAdd(quint64 callerId, const QList<UserRow> &targets, bool group)
{
    for (const UserRow &target : targets) {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT EXISTS (SELECT 1 FROM blocks WHERE user_id = ? AND "
                                 "blocked_id = ?), (SELECT group_add_policy FROM users WHERE id = "
                                 "?), EXISTS (SELECT 1 FROM inbox a JOIN inbox b ON "
                                 "a.conversation_id = b.conversation_id WHERE a.user_id = ? AND "
                                 "a.request = 0 AND b.user_id = ?)"));
        bind(q, target.id);
        bind(q, callerId);
        bind(q, target.id);
        bind(q, target.id);
        bind(q, callerId);
        if (!q.exec() || !q.next())
            return storageFailure(q, "checking who may add a user");
        const QString name = validation::quoted(target.username);
        if (!group) {
            auto blocked = blockedEitherWay(callerId, target.id);
            if (!blocked.ok())
                return blocked.failure();
            if (blocked.value() && !q.value(0).toBool())
                return Failure{
                    proto::NOT_ALLOWED_BY_USER,
                    QStringLiteral("you blocked %1; unblock them to write to them").arg(name)};
        }
        if (q.value(0).toBool())
            return Failure{proto::NOT_ALLOWED_BY_USER,
                           QStringLiteral("%1 does not accept conversations from you").arg(name)};
        if (!group)
            continue;
        const int policy = q.value(1).toInt();
        const bool contact = q.value(2).toBool();
        if (policy == proto::NOBODY || (policy == proto::CONTACTS && !contact))
            return Failure{proto::NOT_ALLOWED_BY_USER,
                           QStringLiteral("%1 does not let you add them to groups; ask them to "
                                          "join or to change who may add them")
                               .arg(name)};
    }
    return Done{};
}

Result<bool> ConsentTable::consentedTo(quint64 userId, quint64 otherId)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT EXISTS (SELECT 1 FROM inbox a JOIN inbox b ON "
                             "a.conversation_id = b.conversation_id WHERE a.user_id = ? AND "
                             "a.request = 0 AND b.user_id = ?)"));
    bind(q, userId);
    bind(q, otherId);
    if (!q.exec() || !q.next())
        return storageFailure(q, "checking consent");
    return q.value(0).toBool();
}

} // namespace natter::server::storage

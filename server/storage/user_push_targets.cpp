#include "storage/user_push_targets.h"
#include "storage/user_tables_detail.h"

#include "validation.h"

#include <QSqlQuery>
#include <QVariant>

namespace natter::server::storage {

using detail::readUser;

Result<Done> PushTargetTable::setPushTarget(const QByteArray &tokenHash, quint64 userId,
                                            proto::PushKind kind, const QString &url, qint64 nowMs,
                                            int maxPerUser)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM push_targets t JOIN sessions s ON "
                             "s.token_hash = t.token_hash WHERE t.user_id = ? AND "
                             "t.token_hash != ? AND s.revoked = 0 AND s.expires_at_ms > ?"));
    bind(q, userId);
    bind(q, tokenHash);
    bind(q, nowMs);
    if (!q.exec() || !q.next())
        return storageFailure(q, "counting push targets");
    if (q.value(0).toInt() >= maxPerUser)
        return Failure{proto::TARGET_NOT_ALLOWED,
                       QStringLiteral("at most %1 push targets per user; log out sessions you no "
                                      "longer use")
                           .arg(maxPerUser)};
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO push_targets (token_hash, user_id, kind, url, "
                             "created_at_ms) VALUES (?, ?, ?, ?, ?)"));
    bind(q, tokenHash);
    bind(q, userId);
    bind(q, int(kind));
    bind(q, url);
    bind(q, nowMs);
    if (!q.exec())
        return storageFailure(q, "registering a push target");
    return Done{};
}

Result<QList<PushRecipient>> PushTargetTable::pushRecipients(const QList<quint64> &userIds,
                                                             qint64 nowMs)
{
    QList<PushRecipient> recipients;
    if (userIds.isEmpty())
        return recipients;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT u.id, u.push_previews, t.kind, t.url FROM push_targets t "
                             "JOIN sessions s ON s.token_hash = t.token_hash JOIN users u ON "
                             "u.id = t.user_id WHERE s.revoked = 0 AND s.expires_at_ms > ? AND "
                             "t.user_id IN (%1) ORDER BY u.id, t.created_at_ms")
                  .arg(placeholders(userIds.size())));
    bind(q, nowMs);
    for (quint64 id : userIds)
        bind(q, id);
    if (!q.exec())
        return storageFailure(q, "reading push targets");
    while (q.next()) {
        const quint64 userId = q.value(0).toULongLong();
        if (recipients.isEmpty() || recipients.back().userId != userId)
            recipients.append(PushRecipient{userId, q.value(1).toBool(), {}, {}});
        recipients.back().targets.append(
            PushTarget{proto::PushKind(q.value(2).toInt()), q.value(3).toString()});
    }
    // Message requests raise no notification until accepted.
    for (PushRecipient &recipient : recipients) {
        q.prepare(
            QStringLiteral("SELECT conversation_id FROM inbox WHERE user_id = ? AND request = 1"));
        bind(q, recipient.userId);
        if (!q.exec())
            return storageFailure(q, "reading message requests");
        while (q.next())
            recipient.requests.insert(q.value(0).toULongLong());
    }
    return recipients;
}

Result<QList<DigestRecipient>> PushTargetTable::digestRecipients(qint64 offlineBeforeMs,
                                                                 quint64 afterUserId, int limit)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id, username, display_name, email FROM users WHERE "
                             "id > ? AND email != '' AND email_digest = 1 AND last_seen_ms > 0 "
                             "AND last_seen_ms < ? AND last_digest_ms < last_seen_ms ORDER BY id "
                             "LIMIT ?"));
    bind(q, afterUserId);
    bind(q, offlineBeforeMs);
    bind(q, limit);
    if (!q.exec())
        return storageFailure(q, "finding digest recipients");
    QList<DigestRecipient> recipients;
    while (q.next())
        recipients.append(DigestRecipient{readUser(q, 0), q.value(3).toString()});
    return recipients;
}

Result<Done> PushTargetTable::recordDigest(quint64 userId, qint64 nowMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE users SET last_digest_ms = ? WHERE id = ?"));
    bind(q, nowMs);
    bind(q, userId);
    if (!q.exec())
        return storageFailure(q, "recording a digest");
    q.prepare(QStringLiteral("INSERT INTO digests (user_id, sent_at_ms) VALUES (?, ?)"));
    bind(q, userId);
    bind(q, nowMs);
    if (!q.exec())
        return storageFailure(q, "recording a digest");
    return Done{};
}

Result<quint64> PushTargetTable::digestsSent()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM digests")) || !q.next())
        return storageFailure(q, "counting digests");
    return q.value(0).toULongLong();
}

} // namespace natter::server::storage

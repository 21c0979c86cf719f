#include "storage/user_sessions.h"
#include "storage/user_tables_detail.h"

#include "validation.h"

#include <QSqlQuery>
#include <QVariant>
#include <QtEndian>

namespace natter::server::storage {

using detail::noSuchUser;
using detail::readUser;

namespace {
quint64 sessionIdOf(const QByteArray &tokenHash)
{
    if (tokenHash.size() < 8)
        return 0;
    return qFromBigEndian<quint64>(tokenHash.constData());
}
} // namespace

Result<Done> SessionTable::createSession(quint64 userId, const QByteArray &tokenHash,
                                         const QString &deviceName, qint64 nowMs,
                                         qint64 expiresAtMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO sessions (token_hash, user_id, device_name, "
                             "created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?)"));
    bind(q, tokenHash);
    bind(q, userId);
    bind(q, deviceName);
    bind(q, nowMs);
    bind(q, expiresAtMs);
    if (!q.exec())
        return storageFailure(q, "creating a session");
    return Done{};
}

Result<SessionRow> SessionTable::session(const QByteArray &tokenHash, qint64 nowMs)
{
    Statement q(m_db, QStringLiteral("SELECT u.id, u.username, u.display_name, s.expires_at_ms, "
                                     "s.revoked FROM sessions s JOIN users u ON u.id = "
                                     "s.user_id WHERE s.token_hash = ?"));
    bind(*q, tokenHash);
    if (!q->exec())
        return storageFailure(*q, "looking up a session");
    if (!q->next())
        return Failure{proto::INVALID_TOKEN, QStringLiteral("unknown session token; log in again")};
    if (q->value(4).toInt() != 0)
        return Failure{proto::INVALID_TOKEN,
                       QStringLiteral("this session was logged out; log in again")};
    const qint64 expires = q->value(3).toLongLong();
    if (expires <= nowMs)
        return Failure{proto::INVALID_TOKEN,
                       QStringLiteral("this session has expired; log in again")};
    return SessionRow{readUser(*q, 0), expires};
}

Result<Done> SessionTable::revokeSession(const QByteArray &tokenHash)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE sessions SET revoked = 1 WHERE token_hash = ?"));
    bind(q, tokenHash);
    if (!q.exec())
        return storageFailure(q, "revoking a session");
    q.prepare(QStringLiteral("DELETE FROM push_targets WHERE token_hash = ?"));
    bind(q, tokenHash);
    if (!q.exec())
        return storageFailure(q, "removing a push target");
    return Done{};
}

Result<QList<SessionListing>> SessionTable::sessionsOf(const QString &username, qint64 nowMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id FROM users WHERE username_key = ?"));
    bind(q, validation::usernameKey(username));
    if (!q.exec())
        return storageFailure(q, "looking up a user");
    if (!q.next())
        return noSuchUser(username);
    const quint64 userId = q.value(0).toULongLong();
    q.prepare(QStringLiteral("SELECT token_hash, device_name, created_at_ms, expires_at_ms FROM "
                             "sessions WHERE user_id = ? AND revoked = 0 AND expires_at_ms > ? "
                             "ORDER BY created_at_ms"));
    bind(q, userId);
    bind(q, nowMs);
    if (!q.exec())
        return storageFailure(q, "listing sessions");
    QList<SessionListing> sessions;
    while (q.next()) {
        const QByteArray hash = q.value(0).toByteArray();
        sessions.append({sessionIdOf(hash), hash, q.value(1).toString(), q.value(2).toLongLong(),
                         q.value(3).toLongLong()});
    }
    return sessions;
}

Result<QList<SessionListing>> SessionTable::revokeSessions(const QString &username,
                                                           quint64 sessionId, qint64 nowMs)
{
    auto live = sessionsOf(username, nowMs);
    if (!live.ok())
        return live.failure();
    QList<SessionListing> revoked;
    for (const SessionListing &session : live.value()) {
        if (sessionId != 0 && session.id != sessionId)
            continue;
        if (auto done = revokeSession(session.tokenHash); !done.ok())
            return done.failure();
        revoked.append(session);
    }
    if (sessionId != 0 && revoked.isEmpty())
        return Failure{proto::SESSION_NOT_FOUND,
                       QStringLiteral("%1 has no live session %2; list them with natterctl "
                                      "admin sessions %1")
                           .arg(validation::quoted(username))
                           .arg(sessionId)};
    return revoked;
}

Result<int> SessionTable::pruneSessions(qint64 nowMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM push_targets WHERE token_hash IN (SELECT token_hash "
                             "FROM sessions WHERE revoked = 1 OR expires_at_ms <= ?)"));
    bind(q, nowMs);
    if (!q.exec())
        return storageFailure(q, "removing push targets of ended sessions");
    q.prepare(QStringLiteral("DELETE FROM sessions WHERE revoked = 1 OR expires_at_ms <= ?"));
    bind(q, nowMs);
    if (!q.exec())
        return storageFailure(q, "removing ended sessions");
    return q.numRowsAffected();
}

Result<Done> SessionTable::createInvite(const QByteArray &codeHash, quint64 createdBy, qint64 nowMs,
                                        qint64 expiresAtMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO invites (code_hash, created_by, created_at_ms, "
                             "expires_at_ms) VALUES (?, ?, ?, ?)"));
    bind(q, codeHash);
    bind(q, createdBy);
    bind(q, nowMs);
    bind(q, expiresAtMs);
    if (!q.exec())
        return storageFailure(q, "creating an invite");
    return Done{};
}

Result<Done> SessionTable::checkInvite(const QByteArray &codeHash, qint64 nowMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT 1 FROM invites WHERE code_hash = ? AND used_by IS NULL AND "
                             "expires_at_ms > ?"));
    bind(q, codeHash);
    bind(q, nowMs);
    if (!q.exec())
        return storageFailure(q, "checking an invite");
    if (!q.next())
        return Failure{proto::INVALID_INVITE,
                       QStringLiteral("this invite code is unknown, used or expired; ask an "
                                      "admin for a new one")};
    return Done{};
}

Result<Done> SessionTable::useInvite(const QByteArray &codeHash, quint64 userId)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE invites SET used_by = ? WHERE code_hash = ?"));
    bind(q, userId);
    bind(q, codeHash);
    if (!q.exec())
        return storageFailure(q, "using an invite");
    return Done{};
}

} // namespace natter::server::storage

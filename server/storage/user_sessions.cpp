// UserStore: the session listing and revocation admins use, pruning, and admin rights.
#include "storage/user_store.h"

#include "validation.h"

#include <QtEndian>

namespace natter::server::storage {

namespace {
quint64 sessionIdOf(const QByteArray &tokenHash)
{
    if (tokenHash.size() < 8)
        return 0;
    return qFromBigEndian<quint64>(tokenHash.constData());
}

Failure noSuchUser(const QString &username)
{
    return Failure{proto::USER_NOT_FOUND,
                   QStringLiteral("there is no user named '%1'").arg(validation::quoted(username))};
}
} // namespace

Result<QList<SessionListing>> UserStore::sessionsOf(const QString &username, qint64 nowMs)
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

Result<QList<SessionListing>> UserStore::revokeSessions(const QString &username, quint64 sessionId,
                                                        qint64 nowMs)
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

Result<int> UserStore::pruneSessions(qint64 nowMs)
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

Result<Done> UserStore::createInvite(const QByteArray &codeHash, quint64 createdBy, qint64 nowMs,
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

Result<Done> UserStore::checkInvite(const QByteArray &codeHash, qint64 nowMs)
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

Result<Done> UserStore::useInvite(const QByteArray &codeHash, quint64 userId)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE invites SET used_by = ? WHERE code_hash = ?"));
    bind(q, userId);
    bind(q, codeHash);
    if (!q.exec())
        return storageFailure(q, "using an invite");
    return Done{};
}

Result<bool> UserStore::isAdmin(quint64 userId)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT is_admin FROM users WHERE id = ?"));
    bind(q, userId);
    if (!q.exec())
        return storageFailure(q, "reading admin rights");
    return q.next() && q.value(0).toInt() != 0;
}

Result<Done> UserStore::setAdmin(const QString &username, bool admin)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE users SET is_admin = ? WHERE username_key = ?"));
    bind(q, admin ? 1 : 0);
    bind(q, validation::usernameKey(username));
    if (!q.exec())
        return storageFailure(q, "changing admin rights");
    if (q.numRowsAffected() == 0)
        return noSuchUser(username);
    return Done{};
}

} // namespace natter::server::storage

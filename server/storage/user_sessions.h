#pragma once
/// Device sessions and the admins' invite codes. Runs only on the user database's SqlWorker.

#include "result.h"
#include "storage/sql_util.h"
#include "storage/user_rows.h"

#include <QSqlDatabase>
#include <optional>

namespace natter::server::storage {

class SessionTable {
public:
    explicit SessionTable(QSqlDatabase &db)
        : m_db(db)
    {
        NATTER_ASSERT_CONNECTION_THREAD(db);
    }

    Result<Done> createSession(quint64 userId, const QByteArray &tokenHash,
                               const QString &deviceName, qint64 nowMs, qint64 expiresAtMs);
    /// The live session for a token hash: INVALID_TOKEN when unknown, expired or revoked.
    Result<SessionRow> session(const QByteArray &tokenHash, qint64 nowMs);
    Result<Done> revokeSession(const QByteArray &tokenHash);
    /// The user's sessions that are neither revoked nor expired, oldest first.
    Result<QList<SessionListing>> sessionsOf(const QString &username, qint64 nowMs);
    /// Revokes one of the user's live sessions (`sessionId`) or all of them (0); returns
    /// what was revoked. SESSION_NOT_FOUND when the id names none of them.
    Result<QList<SessionListing>> revokeSessions(const QString &username, quint64 sessionId,
                                                 qint64 nowMs);
    /// Deletes sessions that expired or were revoked (with their push targets); returns how
    /// many went.
    Result<int> pruneSessions(qint64 nowMs);
    /// Single-use invite codes (only their hashes are stored).
    Result<Done> createInvite(const QByteArray &codeHash, quint64 createdBy, qint64 nowMs,
                              qint64 expiresAtMs);
    /// INVALID_INVITE unless the code is known, unused and not expired.
    Result<Done> checkInvite(const QByteArray &codeHash, qint64 nowMs);
    Result<Done> useInvite(const QByteArray &codeHash, quint64 userId);

private:
    QSqlDatabase &m_db;
};

} // namespace natter::server::storage

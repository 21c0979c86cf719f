#pragma once
/// Blocks, and who consented to a conversation with whom. Runs only on the user database's
/// SqlWorker.

#include "result.h"
#include "storage/sql_util.h"
#include "storage/user_rows.h"

#include <QSqlDatabase>
#include <optional>

namespace natter::server::storage {

class ConsentTable {
public:
    explicit ConsentTable(QSqlDatabase &db)
        : m_db(db)
    {
        NATTER_ASSERT_CONNECTION_THREAD(db);
    }

    /// Blocks (or unblocks) `username` for `userId`; USER_NOT_FOUND when there is none.
    Result<BlockChange> setBlocked(quint64 userId, const QString &username, bool blocked,
                                   qint64 nowMs);
    /// Direct conversations between users one of whom blocked the other.
    Result<QList<quint64>> closedDirectConversations();
    Result<bool> blockedEitherWay(quint64 userA, quint64 userB);
    /// The users `userId` blocked, by name.
    Result<QList<UserRow>> blockedBy(quint64 userId);
    /// Everyone in a block relation with `userId`, either way round.
    Result<QList<quint64>> blockRelations(quint64 userId);
    /// Whether `callerId` may start a direct conversation with (`group` false) or add to a
    /// group (`group` true) each target: NOT_ALLOWED_BY_USER naming the first who does not
    /// allow it (blocked the caller; for groups also their who-may-add-me setting).
    Result<Done> checkMayAdd(quint64 callerId, const QList<UserRow> &targets, bool group);
    /// Whether `userId` consented to a conversation with `otherId`: both are in one that
    /// `userId` started, joined or accepted (not a message request still waiting).
    Result<bool> consentedTo(quint64 userId, quint64 otherId);

private:
    QSqlDatabase &m_db;
};

} // namespace natter::server::storage

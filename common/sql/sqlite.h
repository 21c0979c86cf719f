#pragma once

#include <QSqlDatabase>
#include <QString>

namespace natter::sql {

/// Applies the settings every Natter SQLite connection needs: WAL and synchronous=FULL, so
/// that a committed transaction survives power loss, foreign keys, and a busy timeout for
/// concurrent readers.
[[nodiscard]] bool configureConnection(QSqlDatabase &db, QString *error);

/// For a client's cache, which the server can always fill again: WAL with synchronous=NORMAL
/// (a commit survives the app crashing, not the power failing; no fsync per write), foreign
/// keys, and a short busy timeout (nobody else writes to it; a second copy of the app on the
/// same profile gets an error at once instead of a frozen window). What must survive power
/// loss (the outbox) commits with `DurableCommit`.
[[nodiscard]] bool configureCacheConnection(QSqlDatabase &db, QString *error);

/// While alive, the connection's commits are fsynced (synchronous=FULL); back to NORMAL after.
class DurableCommit {
public:
    explicit DurableCommit(QSqlDatabase &db);
    ~DurableCommit();
    DurableCommit(const DurableCommit &) = delete;
    DurableCommit &operator=(const DurableCommit &) = delete;

private:
    QSqlDatabase &m_db;
};

/// While alive, the connection's commits are not fsynced (synchronous=NORMAL: a commit may be
/// lost to a power cut, never half-applied); back to FULL after. For work that is redone when
/// lost; the next durable commit syncs the log these commits are in.
class FastCommit {
public:
    explicit FastCommit(QSqlDatabase &db);
    ~FastCommit();
    FastCommit(const FastCommit &) = delete;
    FastCommit &operator=(const FastCommit &) = delete;

private:
    QSqlDatabase &m_db;
};

/// Whether the connection's commits are fsynced (synchronous=FULL); tries to set it when not.
[[nodiscard]] bool isDurable(QSqlDatabase &db);

/// Whether the calling thread is the one `db` was opened on: a connection (and its driver)
/// may be used from that thread only.
[[nodiscard]] bool isConnectionThread(const QSqlDatabase &db);

/// Debug builds: the caller runs on `db`'s thread (stores made for a worker's connection).
#define NATTER_ASSERT_CONNECTION_THREAD(db)                                                        \
    Q_ASSERT_X(natter::sql::isConnectionThread(db), Q_FUNC_INFO,                                   \
               "an SQL connection used from a thread other than its own")

} // namespace natter::sql

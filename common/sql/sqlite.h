#pragma once

#include <QSqlDatabase>
#include <QString>

namespace natter::sql {

/// Applies the settings every Natter SQLite connection needs: WAL and synchronous=FULL, so
/// that a committed transaction survives power loss, foreign keys, and a busy timeout for
/// concurrent readers.
[[nodiscard]] bool configureConnection(QSqlDatabase &db, QString *error);

/// Whether the calling thread is the one `db` was opened on: a connection (and its driver)
/// may be used from that thread only.
[[nodiscard]] bool isConnectionThread(const QSqlDatabase &db);

/// Debug builds: the caller runs on `db`'s thread (stores made for a worker's connection).
#define NATTER_ASSERT_CONNECTION_THREAD(db)                                                        \
    Q_ASSERT_X(natter::sql::isConnectionThread(db), Q_FUNC_INFO,                                   \
               "an SQL connection used from a thread other than its own")

} // namespace natter::sql

#pragma once

#include <QSqlDatabase>
#include <QString>

namespace natter::sql {

/// Applies the settings every Natter SQLite connection needs: WAL and synchronous=FULL, so
/// that a committed transaction survives power loss, foreign keys, and a busy timeout for
/// concurrent readers.
[[nodiscard]] bool configureConnection(QSqlDatabase &db, QString *error);

} // namespace natter::sql

#pragma once

#include <QSqlDatabase>
#include <QString>
#include <functional>
#include <vector>

namespace natter::sql {

/// One schema step. The list is append-only: a released step never changes, and versions
/// never decrease. Each step runs in its own transaction.
struct Migration {
    int version;
    std::function<bool(QSqlDatabase &, QString *error)> apply;
};
using MigrationList = std::vector<Migration>;

/// Runs a list of SQL statements; a helper for steps that are plain DDL.
[[nodiscard]] bool execAll(QSqlDatabase &db, const QStringList &statements, QString *error);

/// The schema version recorded in the database (PRAGMA user_version); 0 for a new file.
[[nodiscard]] int schemaVersion(QSqlDatabase &db);

/// Brings the database to the newest version of `migrations`. Refuses a database whose version
/// is newer than the code knows, and leaves it untouched.
[[nodiscard]] bool migrate(QSqlDatabase &db, const MigrationList &migrations, QString *error);

} // namespace natter::sql

#pragma once
/// Golden database fixtures for migration tests: SQL text files (one statement per
/// ";\n"-terminated chunk, "--" comment lines) loaded into a fresh SQLite file.

#include <QSqlDatabase>
#include <QStringList>

namespace natter::test {

/// Runs every statement of the dump at `path` on `db`; false with `error` on the first failure.
[[nodiscard]] bool loadSqlDump(QSqlDatabase &db, const QString &path, QString *error);

/// Every table and index as SQLite stores its definition ("type name: sql"), sorted: two
/// databases with the same list have the same schema.
[[nodiscard]] QStringList schemaOf(QSqlDatabase &db);

} // namespace natter::test

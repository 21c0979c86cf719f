#pragma once
/// Small helpers that keep store code free of repeated error plumbing.

#include "migrations.h"
#include "result.h"
#include "sqlite.h"
#include "statement_cache.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace natter::server::storage {

using sql::configureConnection;
using sql::execAll;
using sql::forgetStatements;
using sql::migrate;
using sql::Migration;
using sql::MigrationList;
using sql::schemaVersion;
using sql::Statement;

/// "?, ?, ?" for an IN list of `n` bound values.
inline QString placeholders(qsizetype n)
{
    return QStringList(n, QStringLiteral("?")).join(QLatin1String(", "));
}

/// A STORAGE_ERROR failure describing what the query was doing.
inline Failure storageFailure(const QSqlQuery &query, const char *what)
{
    return Failure{proto::STORAGE_ERROR,
                   QStringLiteral("storage error while %1: %2")
                       .arg(QString::fromLatin1(what), query.lastError().text())};
}

} // namespace natter::server::storage

namespace natter::server::storage {

/// Binds the next placeholder. Ids are quint64 in the protocol, but QSQLITE binds quint64 as
/// text, which compares wrongly in SQL (MIN, comparisons without column affinity): always
/// bind them as 64-bit integers. A null QString would bind as SQL NULL: bind "" instead.
inline void bind(QSqlQuery &query, quint64 value)
{
    query.addBindValue(qint64(value));
}
inline void bind(QSqlQuery &query, const QString &value)
{
    query.addBindValue(value.isNull() ? QStringLiteral("") : value);
}
template <typename T> inline void bind(QSqlQuery &query, const T &value)
{
    query.addBindValue(value);
}

} // namespace natter::server::storage

#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <memory>

namespace natter::sql {

/// A prepared statement borrowed from its connection's cache: SQLite parses and plans the
/// SQL once per connection instead of on every use (on natterd's send path that parsing cost
/// as much as running the statements). Bind values and exec() as with any QSqlQuery; when
/// the borrow ends the statement is reset, so no read snapshot stays open.
///
/// Statements are kept per thread and connection name (a QtSql connection belongs to one
/// thread). Do not hold two borrows of the same SQL at once. Call forgetStatements() before
/// closing the connection.
class Statement {
public:
    Statement(const QSqlDatabase &db, const QString &sql);
    ~Statement();
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    QSqlQuery &operator*() { return *m_query; }
    QSqlQuery *operator->() { return m_query.get(); }

private:
    std::shared_ptr<QSqlQuery> m_query;
};

/// Drops the cached statements of `connectionName` on this thread.
void forgetStatements(const QString &connectionName);

} // namespace natter::sql

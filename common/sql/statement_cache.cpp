#include "statement_cache.h"

#include <QHash>
#include <memory>

namespace natter::sql {

namespace {

using Statements = QHash<QString, std::shared_ptr<QSqlQuery>>;

thread_local QHash<QString, Statements> t_statements; // by connection name

} // namespace

Statement::Statement(const QSqlDatabase &db, const QString &sql)
{
    Statements &cache = t_statements[db.connectionName()];
    if (const auto it = cache.constFind(sql); it != cache.constEnd()) {
        // A connection removed and added again under the same name has a new driver; the
        // old one's queries point to nothing (QSqlResult tracks its driver with a QPointer).
        if ((*it)->driver() == db.driver()) {
            // One borrower at a time: a second would reset the first one's statement.
            Q_ASSERT(it->use_count() == 1);
            m_query = *it;
            return;
        }
        cache.clear();
    }
    m_query = std::make_shared<QSqlQuery>(db);
    // A statement whose prepare failed is not kept: this borrower gets its error, the next
    // one prepares again.
    if (m_query->prepare(sql))
        cache.insert(sql, m_query);
}

Statement::~Statement()
{
    m_query->finish();
}

void forgetStatements(const QString &connectionName)
{
    t_statements.remove(connectionName);
}

} // namespace natter::sql

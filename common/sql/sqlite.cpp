#include "sqlite.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

namespace natter::sql {

namespace {
bool applyPragmas(QSqlDatabase &db, std::initializer_list<const char *> pragmas, QString *error)
{
    QSqlQuery query(db);
    for (const char *pragma : pragmas) {
        if (!query.exec(QString::fromLatin1(pragma))) {
            *error =
                QStringLiteral("cannot configure database %1 (%2): %3")
                    .arg(db.databaseName(), QString::fromLatin1(pragma), query.lastError().text());
            return false;
        }
    }
    return true;
}
} // namespace

bool configureConnection(QSqlDatabase &db, QString *error)
{
    return applyPragmas(db,
                        {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                         "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000"},
                        error);
}

bool configureCacheConnection(QSqlDatabase &db, QString *error)
{
    return applyPragmas(db,
                        {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
                         "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=250"},
                        error);
}

DurableCommit::DurableCommit(QSqlDatabase &db)
    : m_db(db)
{
    // SQLite refuses to change this inside a transaction: use it around whole commits only.
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA synchronous=FULL")))
        qWarning("cannot make the next commit durable: %s", qPrintable(q.lastError().text()));
}

DurableCommit::~DurableCommit()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA synchronous=NORMAL")))
        qWarning("cannot go back to fast commits: %s", qPrintable(q.lastError().text()));
}

FastCommit::FastCommit(QSqlDatabase &db)
    : m_db(db)
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA synchronous=NORMAL")))
        qWarning("cannot make the next commit fast: %s", qPrintable(q.lastError().text()));
}

FastCommit::~FastCommit()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA synchronous=FULL")))
        qWarning("cannot go back to durable commits: %s", qPrintable(q.lastError().text()));
}

bool isDurable(QSqlDatabase &db)
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        QSqlQuery q(db);
        if (q.exec(QStringLiteral("PRAGMA synchronous")) && q.next() && q.value(0).toInt() >= 2)
            return true;
        QSqlQuery(db).exec(QStringLiteral("PRAGMA synchronous=FULL"));
    }
    return false;
}

bool isConnectionThread(const QSqlDatabase &db)
{
    // The driver is a QObject made by addDatabase() on the connection's thread.
    return db.isValid() && db.driver()->thread() == QThread::currentThread();
}

} // namespace natter::sql

#include "sqlite.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

namespace natter::sql {

bool configureConnection(QSqlDatabase &db, QString *error)
{
    QSqlQuery query(db);
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                               "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000"}) {
        if (!query.exec(QString::fromLatin1(pragma))) {
            *error =
                QStringLiteral("cannot configure database %1 (%2): %3")
                    .arg(db.databaseName(), QString::fromLatin1(pragma), query.lastError().text());
            return false;
        }
    }
    return true;
}

bool isConnectionThread(const QSqlDatabase &db)
{
    // The driver is a QObject made by addDatabase() on the connection's thread.
    return db.isValid() && db.driver()->thread() == QThread::currentThread();
}

} // namespace natter::sql

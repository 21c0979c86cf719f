#include "wal_checkpointer.h"

#include "client_logging.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QUuid>

namespace natter::client {

WalCheckpointer::WalCheckpointer(QString path, int intervalMs)
    : m_path(std::move(path))
    , m_intervalMs(intervalMs)
{
    setObjectName(QStringLiteral("cache-checkpoint"));
}

WalCheckpointer::~WalCheckpointer()
{
    quit();
    wait();
}

void WalCheckpointer::run()
{
    const QString name =
        QStringLiteral("natter-checkpoint-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_path);
        if (!db.open()) {
            qCWarning(lcCache) << "cannot open the cache for checkpoints:" << db.lastError().text();
        } else {
            QSqlQuery(db).exec(QStringLiteral("PRAGMA busy_timeout=1000"));
            QTimer timer;
            QObject::connect(&timer, &QTimer::timeout, [&] {
                // PASSIVE: copies what no reader still needs, never waits for the others.
                QSqlQuery q(db);
                if (q.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)")) && q.next())
                    m_checkpointed += q.value(2).toLongLong();
            });
            timer.start(m_intervalMs);
            exec();
        }
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace natter::client

#include "migrations.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace natter::sql {

bool execAll(QSqlDatabase &db, const QStringList &statements, QString *error)
{
    QSqlQuery query(db);
    for (const QString &sql : statements) {
        if (!query.exec(sql)) {
            *error = query.lastError().text() + QStringLiteral(" in: ") + sql.simplified();
            return false;
        }
    }
    return true;
}

int schemaVersion(QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (query.exec(QStringLiteral("PRAGMA user_version")) && query.next())
        return query.value(0).toInt();
    return -1;
}

bool migrate(QSqlDatabase &db, const MigrationList &migrations, QString *error)
{
    const int current = schemaVersion(db);
    if (current < 0) {
        *error = QStringLiteral("cannot read the schema version of %1: %2")
                     .arg(db.databaseName(), db.lastError().text());
        return false;
    }
    const int newest = migrations.empty() ? 0 : migrations.back().version;
    if (current > newest) {
        *error = QStringLiteral("database %1 has schema version %2, newer than this natterd "
                                "understands (%3); upgrade natterd or restore a backup")
                     .arg(db.databaseName())
                     .arg(current)
                     .arg(newest);
        return false;
    }
    for (const Migration &step : migrations) {
        if (step.version <= current)
            continue;
        if (!db.transaction()) {
            *error = db.lastError().text();
            return false;
        }
        QString stepError;
        QSqlQuery query(db);
        const bool applied =
            step.apply(db, &stepError) &&
            query.exec(QStringLiteral("PRAGMA user_version = %1").arg(step.version));
        if (!applied || !db.commit()) {
            db.rollback();
            *error = QStringLiteral("migration of %1 to version %2 failed: %3")
                         .arg(db.databaseName())
                         .arg(step.version)
                         .arg(stepError.isEmpty() ? db.lastError().text() : stepError);
            return false;
        }
    }
    return true;
}

} // namespace natter::sql

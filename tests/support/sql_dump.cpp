#include "sql_dump.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>

namespace natter::test {

bool loadSqlDump(QSqlDatabase &db, const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    QStringList lines;
    for (const QString &line : QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'))) {
        if (!line.startsWith(QLatin1String("--")))
            lines.append(line);
    }
    QSqlQuery q(db);
    for (const QString &statement : lines.join(QLatin1Char('\n')).split(QLatin1String(";\n"))) {
        if (statement.trimmed().isEmpty())
            continue;
        if (!q.exec(statement)) {
            *error = QStringLiteral("%1: %2 in: %3")
                         .arg(path, q.lastError().text(), statement.trimmed().left(120));
            return false;
        }
    }
    return true;
}

QStringList schemaOf(QSqlDatabase &db)
{
    QStringList schema;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE "
                               "'sqlite_%' ORDER BY type, name")))
        return {QStringLiteral("unreadable: ") + q.lastError().text()};
    while (q.next())
        schema.append(
            QStringLiteral("%1 %2: %3")
                .arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString()));
    return schema;
}

} // namespace natter::test

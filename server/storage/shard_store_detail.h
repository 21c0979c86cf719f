#pragma once
/// Helpers shared by the files that implement ShardStore; not for other code.

#include "result.h"
#include "storage/sql_util.h"

#include <QSqlDatabase>

class QSqlQuery;

namespace natter::server::storage::detail {

/// The columns readMessage() reads, with the FROM clause: "SELECT " + this + " WHERE ...".
extern const char *const kMessageColumns;
/// A message row selected with kMessageColumns.
proto::Message readMessage(const QSqlQuery &q);
/// The files of a message as its `attachments` column stores them (none when empty or
/// unreadable: the text still counts).
proto::AttachmentList storedAttachments(const QByteArray &stored);

inline Failure notAMember(quint64 id)
{
    return Failure{proto::NOT_A_MEMBER,
                   QStringLiteral("you are not a member of conversation %1").arg(id)};
}

inline Failure notFound(quint64 id)
{
    return Failure{proto::CONVERSATION_NOT_FOUND,
                   QStringLiteral("conversation %1 does not exist").arg(id)};
}

/// Runs `body` inside a transaction; commits when it succeeds, rolls back otherwise.
template <typename T, typename Body> Result<T> inTransaction(QSqlDatabase &db, Body body)
{
    if (!db.transaction())
        return Failure{proto::STORAGE_ERROR, db.lastError().text()};
    Result<T> result = body();
    if (!result.ok()) {
        db.rollback();
        return result;
    }
    if (!db.commit()) {
        const QString why = db.lastError().text();
        db.rollback();
        return Failure{proto::STORAGE_ERROR, QStringLiteral("commit failed: ") + why};
    }
    return result;
}

/// Runs `one(item, &sqlFailed)` for each item in ONE transaction (group commit): a logical
/// failure (not a member, ...) is that item's answer; a failed statement or commit rolls
/// everything back and every item gets the storage error, so the clients retry.
template <typename T, typename Item, typename One>
QList<Result<T>> inOneTransaction(QSqlDatabase &db, const QList<Item> &items, One one,
                                  const char *notStored)
{
    QList<Result<T>> results;
    results.reserve(items.size());
    QString why;
    if (db.transaction()) {
        bool sqlFailed = false;
        for (const Item &item : items) {
            results.append(one(item, &sqlFailed));
            if (sqlFailed)
                break;
        }
        if (sqlFailed) {
            why = results.back().failure().message;
            db.rollback();
        } else if (!db.commit()) {
            why = QStringLiteral("commit failed: ") + db.lastError().text();
            db.rollback();
        } else {
            return results;
        }
    } else {
        why = db.lastError().text();
    }
    results.clear();
    for (qsizetype i = 0; i < items.size(); ++i)
        results.append(
            Failure{proto::STORAGE_ERROR,
                    QStringLiteral("%1 (%2); retry").arg(QLatin1String(notStored), why)});
    return results;
}

} // namespace natter::server::storage::detail

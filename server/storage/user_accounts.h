#pragma once
/// Accounts (users) and the data directory's settings. Runs only on the user database's SqlWorker.

#include "result.h"
#include "storage/sql_util.h"
#include "storage/user_rows.h"

#include <QSqlDatabase>
#include <optional>

namespace natter::server::storage {

class AccountTable {
public:
    explicit AccountTable(QSqlDatabase &db)
        : m_db(db)
    {
        NATTER_ASSERT_CONNECTION_THREAD(db);
    }

    Result<UserRow> createUser(const QString &username, const QString &displayName,
                               const QByteArray &passwordHash, qint64 nowMs);
    Result<Credentials> credentials(const QString &username);
    /// Users by name, in the order asked; USER_NOT_FOUND names the first unknown one.
    Result<QList<UserRow>> usersByName(const QStringList &usernames);
    /// Admin rights live on the account (never on a name that someone may register).
    Result<bool> isAdmin(quint64 userId);
    Result<Done> setAdmin(const QString &username, bool admin);
    Result<proto::AccountSettings> accountSettings(quint64 userId);
    Result<Done> setAccountSettings(quint64 userId, const proto::AccountSettings &settings);
    Result<Done> setLastSeen(quint64 userId, qint64 lastSeenMs);
    Result<QList<LastSeen>> lastSeen(const QList<quint64> &userIds);
    /// A key/value setting of the data directory (e.g. the shard count it was created with).
    Result<QString> setting(const QString &key);
    Result<Done> setSetting(const QString &key, const QString &value);

private:
    QSqlDatabase &m_db;
};

} // namespace natter::server::storage

#include "storage/user_accounts.h"
#include "storage/user_tables_detail.h"

#include "validation.h"

#include <QSqlQuery>
#include <QVariant>

namespace natter::server::storage {

using detail::noSuchUser;
using detail::readUser;

Result<UserRow> AccountTable::createUser(const QString &username, const QString &displayName,
                                         const QByteArray &passwordHash, qint64 nowMs)
{
    // Only this store's thread writes users, so checking first cannot race with another insert.
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT 1 FROM users WHERE username_key = ?"));
    bind(q, validation::usernameKey(username));
    if (!q.exec())
        return storageFailure(q, "checking a username");
    if (q.next())
        return Failure{proto::USERNAME_TAKEN,
                       QStringLiteral("the username '%1' is taken; choose another").arg(username)};

    q.prepare(QStringLiteral("INSERT INTO users (username_key, username, display_name, "
                             "password_hash, created_at_ms) VALUES (?, ?, ?, ?, ?)"));
    bind(q, validation::usernameKey(username));
    bind(q, username);
    bind(q, displayName);
    bind(q, passwordHash);
    bind(q, nowMs);
    if (!q.exec())
        return storageFailure(q, "creating a user");
    return UserRow{q.lastInsertId().toULongLong(), username, displayName};
}

Result<Credentials> AccountTable::credentials(const QString &username)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id, username, display_name, password_hash FROM users "
                             "WHERE username_key = ?"));
    bind(q, validation::usernameKey(username));
    if (!q.exec())
        return storageFailure(q, "looking up a user");
    if (!q.next())
        return Failure{proto::WRONG_CREDENTIALS, QStringLiteral("wrong username or password")};
    return Credentials{readUser(q, 0), q.value(3).toByteArray()};
}

Result<QList<UserRow>> AccountTable::usersByName(const QStringList &usernames)
{
    QList<UserRow> users;
    QSqlQuery q(m_db);
    q.prepare(
        QStringLiteral("SELECT id, username, display_name FROM users WHERE username_key = ?"));
    for (const QString &name : usernames) {
        bind(q, validation::usernameKey(name));
        if (!q.exec())
            return storageFailure(q, "looking up users");
        if (!q.next())
            return Failure{
                proto::USER_NOT_FOUND,
                QStringLiteral("there is no user named '%1'").arg(validation::quoted(name))};
        users.append(readUser(q, 0));
    }
    return users;
}

Result<bool> AccountTable::isAdmin(quint64 userId)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT is_admin FROM users WHERE id = ?"));
    bind(q, userId);
    if (!q.exec())
        return storageFailure(q, "reading admin rights");
    return q.next() && q.value(0).toInt() != 0;
}

Result<Done> AccountTable::setAdmin(const QString &username, bool admin)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE users SET is_admin = ? WHERE username_key = ?"));
    bind(q, admin ? 1 : 0);
    bind(q, validation::usernameKey(username));
    if (!q.exec())
        return storageFailure(q, "changing admin rights");
    if (q.numRowsAffected() == 0)
        return noSuchUser(username);
    return Done{};
}

Result<proto::AccountSettings> AccountTable::accountSettings(quint64 userId)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT hide_last_seen, push_previews, email, email_digest, "
                             "group_add_policy FROM users WHERE id = ?"));
    bind(q, userId);
    if (!q.exec())
        return storageFailure(q, "reading account settings");
    if (!q.next())
        return Failure{proto::USER_NOT_FOUND, QStringLiteral("user %1 does not exist").arg(userId)};
    proto::AccountSettings settings;
    settings.set_hide_last_seen(q.value(0).toBool());
    settings.set_push_previews(q.value(1).toBool());
    settings.set_email(q.value(2).toString().toStdString());
    settings.set_email_digest(q.value(3).toBool());
    const int policy = q.value(4).toInt();
    settings.set_who_can_add_me(
        proto::GroupAddPolicy_IsValid(policy) ? proto::GroupAddPolicy(policy) : proto::NOBODY);
    return settings;
}

Result<Done> AccountTable::setAccountSettings(quint64 userId,
                                              const proto::AccountSettings &settings)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE users SET hide_last_seen = ?, push_previews = ?, email = ?, "
                             "email_digest = ?, group_add_policy = ? WHERE id = ?"));
    bind(q, int(settings.hide_last_seen()));
    bind(q, int(settings.push_previews()));
    bind(q, QString::fromStdString(settings.email()));
    bind(q, int(settings.email_digest()));
    bind(q, int(settings.who_can_add_me()));
    bind(q, userId);
    if (!q.exec())
        return storageFailure(q, "saving account settings");
    return Done{};
}

Result<Done> AccountTable::setLastSeen(quint64 userId, qint64 lastSeenMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE users SET last_seen_ms = ? WHERE id = ?"));
    bind(q, lastSeenMs);
    bind(q, userId);
    if (!q.exec())
        return storageFailure(q, "saving last seen");
    return Done{};
}

Result<QList<LastSeen>> AccountTable::lastSeen(const QList<quint64> &userIds)
{
    QList<LastSeen> rows;
    if (userIds.isEmpty())
        return rows;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id, last_seen_ms, hide_last_seen FROM users WHERE id IN (%1)")
                  .arg(placeholders(userIds.size())));
    for (quint64 id : userIds)
        bind(q, id);
    if (!q.exec())
        return storageFailure(q, "reading last seen");
    while (q.next())
        rows.append(
            LastSeen{q.value(0).toULongLong(), q.value(1).toLongLong(), q.value(2).toBool()});
    return rows;
}

Result<QString> AccountTable::setting(const QString &key)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT value FROM settings WHERE key = ?"));
    bind(q, key);
    if (!q.exec())
        return storageFailure(q, "reading a setting");
    return q.next() ? q.value(0).toString() : QString();
}

Result<Done> AccountTable::setSetting(const QString &key, const QString &value)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)"));
    bind(q, key);
    bind(q, value);
    if (!q.exec())
        return storageFailure(q, "writing a setting");
    return Done{};
}

} // namespace natter::server::storage

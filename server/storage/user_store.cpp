#include "storage/user_store.h"

#include "storage/sql_util.h"
#include "validation.h"

#include <QSqlQuery>
#include <QVariant>

namespace natter::server::storage {

const MigrationList &UserStore::migrations()
{
    static const MigrationList list = {
        {1,
         [](QSqlDatabase &db, QString *error) {
             return execAll(
                 db,
                 {QStringLiteral(R"(CREATE TABLE users (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    username_key TEXT NOT NULL UNIQUE,
                    username TEXT NOT NULL,
                    display_name TEXT NOT NULL,
                    password_hash BLOB NOT NULL,
                    created_at_ms INTEGER NOT NULL))"),
                  QStringLiteral(R"(CREATE TABLE sessions (
                    token_hash BLOB PRIMARY KEY,
                    user_id INTEGER NOT NULL REFERENCES users(id),
                    device_name TEXT NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    expires_at_ms INTEGER NOT NULL,
                    revoked INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID)"),
                  QStringLiteral("CREATE INDEX sessions_by_user ON sessions(user_id)"),
                  QStringLiteral(R"(CREATE TABLE conversation_ids (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    created_at_ms INTEGER NOT NULL))"),
                  QStringLiteral(R"(CREATE TABLE direct_pairs (
                    user_low INTEGER NOT NULL,
                    user_high INTEGER NOT NULL,
                    conversation_id INTEGER NOT NULL UNIQUE,
                    PRIMARY KEY (user_low, user_high)) WITHOUT ROWID)"),
                  QStringLiteral(R"(CREATE TABLE inbox (
                    user_id INTEGER NOT NULL,
                    conversation_id INTEGER NOT NULL,
                    last_activity_ms INTEGER NOT NULL,
                    PRIMARY KEY (user_id, conversation_id)) WITHOUT ROWID)"),
                  QStringLiteral("CREATE INDEX inbox_by_activity ON inbox(user_id, "
                                 "last_activity_ms DESC, conversation_id DESC)"),
                  QStringLiteral("CREATE INDEX inbox_by_conversation ON inbox(conversation_id)"),
                  QStringLiteral(R"(CREATE TABLE settings (
                    key TEXT PRIMARY KEY, value TEXT NOT NULL))")},
                 error);
         }},
        {2,
         [](QSqlDatabase &db, QString *error) {
             return execAll(
                 db,
                 {QStringLiteral("ALTER TABLE users ADD COLUMN last_seen_ms INTEGER NOT NULL "
                                 "DEFAULT 0"),
                  QStringLiteral("ALTER TABLE users ADD COLUMN hide_last_seen INTEGER NOT NULL "
                                 "DEFAULT 0"),
                  QStringLiteral("ALTER TABLE users ADD COLUMN push_previews INTEGER NOT NULL "
                                 "DEFAULT 1"),
                  QStringLiteral("ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT ''"),
                  QStringLiteral("ALTER TABLE users ADD COLUMN email_digest INTEGER NOT NULL "
                                 "DEFAULT 1"),
                  QStringLiteral("ALTER TABLE users ADD COLUMN last_digest_ms INTEGER NOT NULL "
                                 "DEFAULT 0"),
                  QStringLiteral(R"(CREATE TABLE push_targets (
                    token_hash BLOB PRIMARY KEY,
                    user_id INTEGER NOT NULL REFERENCES users(id),
                    kind INTEGER NOT NULL,
                    url TEXT NOT NULL,
                    created_at_ms INTEGER NOT NULL) WITHOUT ROWID)"),
                  QStringLiteral("CREATE INDEX push_targets_by_user ON push_targets(user_id)"),
                  QStringLiteral(R"(CREATE TABLE digests (
                    user_id INTEGER NOT NULL,
                    sent_at_ms INTEGER NOT NULL))")},
                 error);
         }},
        {3,
         [](QSqlDatabase &db, QString *error) {
             return execAll(
                 db,
                 {QStringLiteral("ALTER TABLE users ADD COLUMN is_admin INTEGER NOT NULL "
                                 "DEFAULT 0"),
                  QStringLiteral("CREATE INDEX sessions_by_expiry ON sessions(expires_at_ms)")},
                 error);
         }},
        {4,
         [](QSqlDatabase &db, QString *error) {
             return execAll(
                 db,
                 {QStringLiteral("ALTER TABLE users ADD COLUMN group_add_policy INTEGER NOT NULL "
                                 "DEFAULT 0"),
                  QStringLiteral(R"(CREATE TABLE blocks (
                    user_id INTEGER NOT NULL,
                    blocked_id INTEGER NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (user_id, blocked_id)) WITHOUT ROWID)"),
                  QStringLiteral("CREATE INDEX blocks_by_blocked ON blocks(blocked_id, user_id)")},
                 error);
         }},
        {5,
         [](QSqlDatabase &db, QString *error) {
             return execAll(db, {QStringLiteral(R"(CREATE TABLE invites (
                    code_hash BLOB PRIMARY KEY,
                    created_by INTEGER NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    expires_at_ms INTEGER NOT NULL,
                    used_by INTEGER) WITHOUT ROWID)")},
                            error);
         }},
        {6,
         [](QSqlDatabase &db, QString *error) {
             // Message requests: a direct conversation a stranger started waits for consent.
             return execAll(db,
                            {QStringLiteral("ALTER TABLE inbox ADD COLUMN request INTEGER NOT "
                                            "NULL DEFAULT 0"),
                             QStringLiteral("CREATE INDEX inbox_requests ON inbox(user_id, "
                                            "conversation_id) WHERE request = 1")},
                            error);
         }},
    };
    return list;
}

namespace {
UserRow readUser(const QSqlQuery &q, int first)
{
    return UserRow{q.value(first).toULongLong(), q.value(first + 1).toString(),
                   q.value(first + 2).toString()};
}
} // namespace

Result<UserRow> UserStore::createUser(const QString &username, const QString &displayName,
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

Result<Credentials> UserStore::credentials(const QString &username)
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

Result<QList<UserRow>> UserStore::usersByName(const QStringList &usernames)
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

Result<Done> UserStore::createSession(quint64 userId, const QByteArray &tokenHash,
                                      const QString &deviceName, qint64 nowMs, qint64 expiresAtMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO sessions (token_hash, user_id, device_name, "
                             "created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?, ?)"));
    bind(q, tokenHash);
    bind(q, userId);
    bind(q, deviceName);
    bind(q, nowMs);
    bind(q, expiresAtMs);
    if (!q.exec())
        return storageFailure(q, "creating a session");
    return Done{};
}

Result<SessionRow> UserStore::session(const QByteArray &tokenHash, qint64 nowMs)
{
    Statement q(m_db, QStringLiteral("SELECT u.id, u.username, u.display_name, s.expires_at_ms, "
                                     "s.revoked FROM sessions s JOIN users u ON u.id = "
                                     "s.user_id WHERE s.token_hash = ?"));
    bind(*q, tokenHash);
    if (!q->exec())
        return storageFailure(*q, "looking up a session");
    if (!q->next())
        return Failure{proto::INVALID_TOKEN, QStringLiteral("unknown session token; log in again")};
    if (q->value(4).toInt() != 0)
        return Failure{proto::INVALID_TOKEN,
                       QStringLiteral("this session was logged out; log in again")};
    const qint64 expires = q->value(3).toLongLong();
    if (expires <= nowMs)
        return Failure{proto::INVALID_TOKEN,
                       QStringLiteral("this session has expired; log in again")};
    return SessionRow{readUser(*q, 0), expires};
}

Result<Done> UserStore::revokeSession(const QByteArray &tokenHash)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE sessions SET revoked = 1 WHERE token_hash = ?"));
    bind(q, tokenHash);
    if (!q.exec())
        return storageFailure(q, "revoking a session");
    q.prepare(QStringLiteral("DELETE FROM push_targets WHERE token_hash = ?"));
    bind(q, tokenHash);
    if (!q.exec())
        return storageFailure(q, "removing a push target");
    return Done{};
}

Result<QString> UserStore::setting(const QString &key)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT value FROM settings WHERE key = ?"));
    bind(q, key);
    if (!q.exec())
        return storageFailure(q, "reading a setting");
    return q.next() ? q.value(0).toString() : QString();
}

Result<Done> UserStore::setSetting(const QString &key, const QString &value)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)"));
    bind(q, key);
    bind(q, value);
    if (!q.exec())
        return storageFailure(q, "writing a setting");
    return Done{};
}

Result<proto::AccountSettings> UserStore::accountSettings(quint64 userId)
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

Result<Done> UserStore::setAccountSettings(quint64 userId, const proto::AccountSettings &settings)
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

Result<Done> UserStore::setLastSeen(quint64 userId, qint64 lastSeenMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE users SET last_seen_ms = ? WHERE id = ?"));
    bind(q, lastSeenMs);
    bind(q, userId);
    if (!q.exec())
        return storageFailure(q, "saving last seen");
    return Done{};
}

Result<QList<LastSeen>> UserStore::lastSeen(const QList<quint64> &userIds)
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

Result<Done> UserStore::setPushTarget(const QByteArray &tokenHash, quint64 userId,
                                      proto::PushKind kind, const QString &url, qint64 nowMs,
                                      int maxPerUser)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM push_targets t JOIN sessions s ON "
                             "s.token_hash = t.token_hash WHERE t.user_id = ? AND "
                             "t.token_hash != ? AND s.revoked = 0 AND s.expires_at_ms > ?"));
    bind(q, userId);
    bind(q, tokenHash);
    bind(q, nowMs);
    if (!q.exec() || !q.next())
        return storageFailure(q, "counting push targets");
    if (q.value(0).toInt() >= maxPerUser)
        return Failure{proto::TARGET_NOT_ALLOWED,
                       QStringLiteral("at most %1 push targets per user; log out sessions you no "
                                      "longer use")
                           .arg(maxPerUser)};
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO push_targets (token_hash, user_id, kind, url, "
                             "created_at_ms) VALUES (?, ?, ?, ?, ?)"));
    bind(q, tokenHash);
    bind(q, userId);
    bind(q, int(kind));
    bind(q, url);
    bind(q, nowMs);
    if (!q.exec())
        return storageFailure(q, "registering a push target");
    return Done{};
}

Result<QList<PushRecipient>> UserStore::pushRecipients(const QList<quint64> &userIds, qint64 nowMs)
{
    QList<PushRecipient> recipients;
    if (userIds.isEmpty())
        return recipients;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT u.id, u.push_previews, t.kind, t.url FROM push_targets t "
                             "JOIN sessions s ON s.token_hash = t.token_hash JOIN users u ON "
                             "u.id = t.user_id WHERE s.revoked = 0 AND s.expires_at_ms > ? AND "
                             "t.user_id IN (%1) ORDER BY u.id, t.created_at_ms")
                  .arg(placeholders(userIds.size())));
    bind(q, nowMs);
    for (quint64 id : userIds)
        bind(q, id);
    if (!q.exec())
        return storageFailure(q, "reading push targets");
    while (q.next()) {
        const quint64 userId = q.value(0).toULongLong();
        if (recipients.isEmpty() || recipients.back().userId != userId)
            recipients.append(PushRecipient{userId, q.value(1).toBool(), {}, {}});
        recipients.back().targets.append(
            PushTarget{proto::PushKind(q.value(2).toInt()), q.value(3).toString()});
    }
    // Message requests raise no notification until accepted.
    for (PushRecipient &recipient : recipients) {
        q.prepare(
            QStringLiteral("SELECT conversation_id FROM inbox WHERE user_id = ? AND request = 1"));
        bind(q, recipient.userId);
        if (!q.exec())
            return storageFailure(q, "reading message requests");
        while (q.next())
            recipient.requests.insert(q.value(0).toULongLong());
    }
    return recipients;
}

Result<QList<DigestRecipient>> UserStore::digestRecipients(qint64 offlineBeforeMs,
                                                           quint64 afterUserId, int limit)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT id, username, display_name, email FROM users WHERE "
                             "id > ? AND email != '' AND email_digest = 1 AND last_seen_ms > 0 "
                             "AND last_seen_ms < ? AND last_digest_ms < last_seen_ms ORDER BY id "
                             "LIMIT ?"));
    bind(q, afterUserId);
    bind(q, offlineBeforeMs);
    bind(q, limit);
    if (!q.exec())
        return storageFailure(q, "finding digest recipients");
    QList<DigestRecipient> recipients;
    while (q.next())
        recipients.append(DigestRecipient{readUser(q, 0), q.value(3).toString()});
    return recipients;
}

Result<Done> UserStore::recordDigest(quint64 userId, qint64 nowMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE users SET last_digest_ms = ? WHERE id = ?"));
    bind(q, nowMs);
    bind(q, userId);
    if (!q.exec())
        return storageFailure(q, "recording a digest");
    q.prepare(QStringLiteral("INSERT INTO digests (user_id, sent_at_ms) VALUES (?, ?)"));
    bind(q, userId);
    bind(q, nowMs);
    if (!q.exec())
        return storageFailure(q, "recording a digest");
    return Done{};
}

Result<quint64> UserStore::digestsSent()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM digests")) || !q.next())
        return storageFailure(q, "counting digests");
    return q.value(0).toULongLong();
}

} // namespace natter::server::storage

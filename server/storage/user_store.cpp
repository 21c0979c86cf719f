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

} // namespace natter::server::storage

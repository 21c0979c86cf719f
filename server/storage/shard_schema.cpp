// ShardStore's schema: the shard files' migrations, one transaction per step.
#include "push_job_store.h"
#include "shard_store.h"

namespace natter::server::storage {

const MigrationList &ShardStore::migrations()
{
    static const MigrationList list = {
        {1,
         [](QSqlDatabase &db, QString *error) {
             return execAll(db,
                            {QStringLiteral(R"(CREATE TABLE conversations (
                    id INTEGER PRIMARY KEY,
                    kind INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    last_seq INTEGER NOT NULL DEFAULT 0,
                    last_activity_ms INTEGER NOT NULL))"),
                             QStringLiteral(R"(CREATE TABLE members (
                    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
                    user_id INTEGER NOT NULL,
                    username TEXT NOT NULL,
                    display_name TEXT NOT NULL,
                    role INTEGER NOT NULL,
                    active INTEGER NOT NULL DEFAULT 1,
                    read_seq INTEGER NOT NULL DEFAULT 0,
                    joined_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (conversation_id, user_id)) WITHOUT ROWID)"),
                             QStringLiteral(R"(CREATE TABLE messages (
                    conversation_id INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    sender_id INTEGER NOT NULL,
                    client_msg_id TEXT NOT NULL,
                    text TEXT NOT NULL,
                    sent_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID)"),
                             QStringLiteral("CREATE UNIQUE INDEX messages_idempotency ON "
                                            "messages(conversation_id, sender_id, client_msg_id)")},
                            error);
         }},
        {2,
         [](QSqlDatabase &db, QString *error) {
             return execAll(db,
                            {QStringLiteral("ALTER TABLE members ADD COLUMN delivered_seq "
                                            "INTEGER NOT NULL DEFAULT 0"),
                             QStringLiteral("ALTER TABLE members ADD COLUMN read_at_ms "
                                            "INTEGER NOT NULL DEFAULT 0"),
                             QStringLiteral("UPDATE members SET delivered_seq = read_seq")},
                            error) &&
                    PushJobStore::createTables(db, error);
         }},
    };
    return list;
}

} // namespace natter::server::storage

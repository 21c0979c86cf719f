// ShardStore's schema: the shard files' migrations, one transaction per step. A released
// step is history: its DDL is written out here, never taken from live code, and
// tests/data/migrations holds a database of each released version that must migrate.
#include "storage/shard_store.h"

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
                             QStringLiteral("UPDATE members SET delivered_seq = read_seq"),
                             QStringLiteral(R"(CREATE TABLE push_jobs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    user_id INTEGER NOT NULL,
                    conversation_id INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    state INTEGER NOT NULL DEFAULT 0,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_ms INTEGER NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    finished_at_ms INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT NOT NULL DEFAULT ''))"),
                             // Open jobs are few and looked up by due time; finished ones by age.
                             QStringLiteral("CREATE INDEX push_jobs_open ON "
                                            "push_jobs(next_attempt_ms) WHERE state IN (0, 1)"),
                             QStringLiteral("CREATE INDEX push_jobs_by_member ON "
                                            "push_jobs(conversation_id, user_id, seq) WHERE state "
                                            "IN (0, 1)"),
                             QStringLiteral("CREATE INDEX push_jobs_by_state ON push_jobs(state)")},
                            error);
         }},
        {3,
         [](QSqlDatabase &db, QString *error) {
             // A message's files, as a serialized AttachmentList (NULL: none).
             return execAll(
                 db, {QStringLiteral("ALTER TABLE messages ADD COLUMN attachments BLOB")}, error);
         }},
        {4,
         [](QSqlDatabase &db, QString *error) {
             return execAll(
                 db,
                 {// Search (SearchIndex): each conversation's messages sit in one rowid range of
                  // the index, slot << 32 | seq, so one conversation is searched newest first
                  // without touching the others' entries.
                  QStringLiteral("CREATE TABLE search_slots (slot INTEGER PRIMARY KEY, "
                                 "conversation_id INTEGER NOT NULL UNIQUE)"),
                  // Folded text and file names; contentless and without positions (the text
                  // is in messages), trigrams so that any part of a word is found.
                  QStringLiteral("CREATE VIRTUAL TABLE search_index USING fts5(body, "
                                 "tokenize = 'trigram case_sensitive 1', content = '', "
                                 "detail = 'none', columnsize = 0)"),
                  // Each conversation's messages from `from_seq` on wait to be indexed (right
                  // after their commit, in batches).
                  QStringLiteral("CREATE TABLE search_pending (conversation_id INTEGER "
                                 "PRIMARY KEY, from_seq INTEGER NOT NULL)"),
                  // What was stored before the index existed, indexed in the background.
                  QStringLiteral("CREATE TABLE search_backlog (conversation_id INTEGER PRIMARY "
                                 "KEY, indexed_seq INTEGER NOT NULL, up_to_seq INTEGER NOT NULL)"),
                  QStringLiteral("INSERT INTO search_backlog SELECT id, 0, last_seq FROM "
                                 "conversations WHERE last_seq > 0"),
                  // A searcher's conversations.
                  QStringLiteral("CREATE INDEX members_by_user ON members(user_id) WHERE "
                                 "active = 1")},
                 error);
         }},
        {5,
         [](QSqlDatabase &db, QString *error) {
             // FTS5 merges its segments inside the writing transaction, in lumps of up to
             // hundreds of pages (tens of milliseconds) that hold the shard's group commits
             // back. Merging is left to jobs of its own instead (Shard's merge budget,
             // SearchIndex::merge), a few pages each; it merges levels of 8 segments, which
             // costs about what FTS5's own merging cost (docs/performance.md).
             return execAll(db,
                            {QStringLiteral("INSERT INTO search_index (search_index, rank) "
                                            "VALUES ('automerge', 0)"),
                             QStringLiteral("INSERT INTO search_index (search_index, rank) "
                                            "VALUES ('usermerge', 8)")},
                            error);
         }},
        {6,
         [](QSqlDatabase &db, QString *error) {
             // Every search seeks into every segment of the index, once per trigram it asks
             // for; merging levels of 4 keeps about a third fewer segments than levels of 8,
             // for about the same indexing cost per message (docs/performance.md, Search).
             return execAll(db,
                            {QStringLiteral("INSERT INTO search_index (search_index, rank) "
                                            "VALUES ('usermerge', 4)")},
                            error);
         }},
    };
    return list;
}

} // namespace natter::server::storage

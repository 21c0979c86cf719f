#include "local_cache_schema.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace natter::client {

const sql::MigrationList &cacheMigrations()
{
    static const sql::MigrationList list = {
        {1,
         [](QSqlDatabase &db, QString *error) {
             return sql::execAll(db,
                                 {QStringLiteral(R"(CREATE TABLE conversations (
                    id INTEGER PRIMARY KEY,
                    kind INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    last_seq INTEGER NOT NULL DEFAULT 0,
                    read_seq INTEGER NOT NULL DEFAULT 0,
                    unread_count INTEGER NOT NULL DEFAULT 0,
                    last_activity_ms INTEGER NOT NULL DEFAULT 0,
                    last_text TEXT NOT NULL DEFAULT '',
                    last_sender TEXT NOT NULL DEFAULT ''))"),
                                  QStringLiteral(R"(CREATE TABLE members (
                    conversation_id INTEGER NOT NULL,
                    user_id INTEGER NOT NULL,
                    username TEXT NOT NULL,
                    display_name TEXT NOT NULL,
                    role INTEGER NOT NULL,
                    PRIMARY KEY (conversation_id, user_id)) WITHOUT ROWID)"),
                                  QStringLiteral(R"(CREATE TABLE messages (
                    conversation_id INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    sender_id INTEGER NOT NULL,
                    sender_username TEXT NOT NULL,
                    client_msg_id TEXT NOT NULL,
                    text TEXT NOT NULL,
                    sent_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID)"),
                                  QStringLiteral(R"(CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    conversation_id INTEGER NOT NULL,
                    client_msg_id TEXT NOT NULL UNIQUE,
                    sender_id INTEGER NOT NULL,
                    sender_username TEXT NOT NULL,
                    text TEXT NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    failed INTEGER NOT NULL DEFAULT 0,
                    error TEXT NOT NULL DEFAULT ''))")},
                                 error);
         }},
        {2,
         [](QSqlDatabase &db, QString *error) {
             return sql::execAll(db,
                                 {QStringLiteral("ALTER TABLE members ADD COLUMN delivered_seq "
                                                 "INTEGER NOT NULL DEFAULT 0"),
                                  QStringLiteral("ALTER TABLE members ADD COLUMN read_seq "
                                                 "INTEGER NOT NULL DEFAULT 0"),
                                  QStringLiteral("ALTER TABLE members ADD COLUMN read_at_ms "
                                                 "INTEGER NOT NULL DEFAULT 0")},
                                 error);
         }},
        {3,
         [](QSqlDatabase &db, QString *error) {
             // A message's files, as a serialized AttachmentList (NULL: none). Messages cached
             // before came without their files: dropped, they are fetched again with them
             // (the outbox, what the user wrote, stays).
             return sql::execAll(
                 db,
                 {QStringLiteral("ALTER TABLE messages ADD COLUMN attachments BLOB"),
                  QStringLiteral("DELETE FROM messages")},
                 error);
         }},
        {4,
         [](QSqlDatabase &db, QString *error) {
             // Files a message in the outbox carries: their paths on this device and sizes (a
             // JSON array of {path, size}), uploaded when the message's turn comes.
             return sql::execAll(
                 db,
                 {QStringLiteral("ALTER TABLE outbox ADD COLUMN files TEXT NOT NULL "
                                 "DEFAULT '[]'")},
                 error);
         }},
        {5,
         [](QSqlDatabase &db, QString *error) {
             // The media cache's index (files under media/): what is there, how big, what
             // kind (kept longest: profile photos, then thumbnails, pictures, files) and when
             // last used, for LRU eviction at the size cap.
             return sql::execAll(db,
                                 {QStringLiteral(R"(CREATE TABLE media (
                    blob_id TEXT PRIMARY KEY,
                    size INTEGER NOT NULL,
                    kind INTEGER NOT NULL,
                    last_used_ms INTEGER NOT NULL) WITHOUT ROWID)"),
                                  QStringLiteral("CREATE INDEX media_by_use ON media (kind, "
                                                 "last_used_ms)")},
                                 error);
         }},
        {6,
         [](QSqlDatabase &db, QString *error) {
             // Offline search (CacheSearch): each cached message's folded text and file names
             // under an id that sorts by time (sent_at_ms << 10, then a free low part), so the
             // newest hits of every conversation come first; a trigram index over them. Stored
             // messages are added by LocalCache (CacheSearch::add), removed ones leave through
             // the triggers; LocalCache::open indexes messages cached before.
             return sql::execAll(
                 db,
                 {QStringLiteral(R"(CREATE TABLE search_docs (
                    id INTEGER PRIMARY KEY,
                    conversation_id INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    body TEXT NOT NULL,
                    UNIQUE (conversation_id, seq)))"),
                  QStringLiteral("CREATE VIRTUAL TABLE search_index USING fts5(body, content = "
                                 "'search_docs', content_rowid = 'id', tokenize = 'trigram "
                                 "case_sensitive 1', detail = 'none')"),
                  QStringLiteral("CREATE TRIGGER search_docs_added AFTER INSERT ON search_docs "
                                 "BEGIN INSERT INTO search_index (rowid, body) VALUES (new.id, "
                                 "new.body); END"),
                  QStringLiteral("CREATE TRIGGER search_docs_removed AFTER DELETE ON search_docs "
                                 "BEGIN INSERT INTO search_index (search_index, rowid, body) "
                                 "VALUES ('delete', old.id, old.body); END"),
                  QStringLiteral("CREATE TRIGGER messages_removed AFTER DELETE ON messages BEGIN "
                                 "DELETE FROM search_docs WHERE conversation_id = "
                                 "old.conversation_id AND seq = old.seq; END")},
                 error);
         }},
    };
    return list;
}

} // namespace natter::client

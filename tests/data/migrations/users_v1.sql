-- The users database as the first release (schema version 1) left it: ann and ben, one
-- session of ann's, their direct conversation 1 in both inboxes.
-- Frozen: never edit; a later schema step must migrate this data.
CREATE TABLE users (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    username_key TEXT NOT NULL UNIQUE,
                    username TEXT NOT NULL,
                    display_name TEXT NOT NULL,
                    password_hash BLOB NOT NULL,
                    created_at_ms INTEGER NOT NULL);
CREATE TABLE sessions (
                    token_hash BLOB PRIMARY KEY,
                    user_id INTEGER NOT NULL REFERENCES users(id),
                    device_name TEXT NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    expires_at_ms INTEGER NOT NULL,
                    revoked INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions(user_id);
CREATE TABLE conversation_ids (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    created_at_ms INTEGER NOT NULL);
CREATE TABLE direct_pairs (
                    user_low INTEGER NOT NULL,
                    user_high INTEGER NOT NULL,
                    conversation_id INTEGER NOT NULL UNIQUE,
                    PRIMARY KEY (user_low, user_high)) WITHOUT ROWID;
CREATE TABLE inbox (
                    user_id INTEGER NOT NULL,
                    conversation_id INTEGER NOT NULL,
                    last_activity_ms INTEGER NOT NULL,
                    PRIMARY KEY (user_id, conversation_id)) WITHOUT ROWID;
CREATE INDEX inbox_by_activity ON inbox(user_id, last_activity_ms DESC, conversation_id DESC);
CREATE INDEX inbox_by_conversation ON inbox(conversation_id);
CREATE TABLE settings (
                    key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO users VALUES (1, 'ann', 'ann', 'Ann', CAST('$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA' AS BLOB), 1700000000000);
INSERT INTO users VALUES (2, 'ben', 'Ben', 'Ben', CAST('$argon2id$v=19$m=65536,t=2,p=1$b3RoZXJzYWx0c2FsdA$b3RoZXJoYXNoaGFzaGhhc2g' AS BLOB), 1700000000500);
INSERT INTO sessions VALUES (X'0101010101010101010101010101010101010101010101010101010101010101', 1, 'ann-laptop', 1700000000000, 4102444800000, 0);
INSERT INTO conversation_ids VALUES (1, 1700000000000);
INSERT INTO direct_pairs VALUES (1, 2, 1);
INSERT INTO inbox VALUES (1, 1, 1700000003000);
INSERT INTO inbox VALUES (2, 1, 1700000003000);
INSERT INTO settings VALUES ('shards', '4');
PRAGMA user_version = 1;

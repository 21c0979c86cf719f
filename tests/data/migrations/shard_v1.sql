-- A message shard as the first release (schema version 1) left it: one direct
-- conversation between ann (1) and ben (2) with three messages; ann read to 2, ben to 1.
-- Frozen: never edit; a later schema step must migrate this data.
CREATE TABLE conversations (
                    id INTEGER PRIMARY KEY,
                    kind INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    last_seq INTEGER NOT NULL DEFAULT 0,
                    last_activity_ms INTEGER NOT NULL);
CREATE TABLE members (
                    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
                    user_id INTEGER NOT NULL,
                    username TEXT NOT NULL,
                    display_name TEXT NOT NULL,
                    role INTEGER NOT NULL,
                    active INTEGER NOT NULL DEFAULT 1,
                    read_seq INTEGER NOT NULL DEFAULT 0,
                    joined_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (conversation_id, user_id)) WITHOUT ROWID;
CREATE TABLE messages (
                    conversation_id INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    sender_id INTEGER NOT NULL,
                    client_msg_id TEXT NOT NULL,
                    text TEXT NOT NULL,
                    sent_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID;
CREATE UNIQUE INDEX messages_idempotency ON messages(conversation_id, sender_id, client_msg_id);
INSERT INTO conversations VALUES (1, 1, '', 1700000000000, 3, 1700000003000);
INSERT INTO members VALUES (1, 1, 'ann', 'Ann', 1, 1, 2, 1700000000000);
INSERT INTO members VALUES (1, 2, 'ben', 'Ben', 1, 1, 1, 1700000000000);
INSERT INTO messages VALUES (1, 1, 1, 'ann-1', 'hello ben', 1700000001000);
INSERT INTO messages VALUES (1, 2, 2, 'ben-1', 'hi ann, ça va ?', 1700000002000);
INSERT INTO messages VALUES (1, 3, 1, 'ann-2', 'see you at 3', 1700000003000);
PRAGMA user_version = 1;

-- The desktop client's cache as schema version 2 left it (receipt cursors on members): the v1
-- data (a direct conversation of ann with ben, three messages, one message in the outbox) with
-- ben's cursors at delivered 3, read 2. Frozen: never edit; a later schema step must migrate it.
CREATE TABLE conversations (
                    id INTEGER PRIMARY KEY,
                    kind INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    last_seq INTEGER NOT NULL DEFAULT 0,
                    read_seq INTEGER NOT NULL DEFAULT 0,
                    unread_count INTEGER NOT NULL DEFAULT 0,
                    last_activity_ms INTEGER NOT NULL DEFAULT 0,
                    last_text TEXT NOT NULL DEFAULT '',
                    last_sender TEXT NOT NULL DEFAULT '');
CREATE TABLE members (
                    conversation_id INTEGER NOT NULL,
                    user_id INTEGER NOT NULL,
                    username TEXT NOT NULL,
                    display_name TEXT NOT NULL,
                    role INTEGER NOT NULL, delivered_seq INTEGER NOT NULL DEFAULT 0, read_seq INTEGER NOT NULL DEFAULT 0, read_at_ms INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (conversation_id, user_id)) WITHOUT ROWID;
CREATE TABLE messages (
                    conversation_id INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    sender_id INTEGER NOT NULL,
                    sender_username TEXT NOT NULL,
                    client_msg_id TEXT NOT NULL,
                    text TEXT NOT NULL,
                    sent_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID;
CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    conversation_id INTEGER NOT NULL,
                    client_msg_id TEXT NOT NULL UNIQUE,
                    sender_id INTEGER NOT NULL,
                    sender_username TEXT NOT NULL,
                    text TEXT NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    failed INTEGER NOT NULL DEFAULT 0,
                    error TEXT NOT NULL DEFAULT '');
INSERT INTO conversations VALUES(1,1,'ben',3,2,1,1700000003000,'see you at 3','ann');
INSERT INTO members VALUES(1,1,'ann','Ann',1,0,0,0);
INSERT INTO members VALUES(1,2,'ben','Ben',1,3,2,1700000002500);
INSERT INTO messages VALUES(1,1,1,'ann','ann-1','hello ben',1700000001000);
INSERT INTO messages VALUES(1,2,2,'ben','ben-1','hi ann, ça va ?',1700000002000);
INSERT INTO messages VALUES(1,3,1,'ann','ann-2','see you at 3',1700000003000);
INSERT INTO outbox VALUES(1,1,'ann-3',1,'ann','written offline',1700000004000,0,'');
PRAGMA user_version = 2;

-- A message shard as schema version 2 left it (receipt cursors, push jobs): the v1 data plus
-- ben's reply at seq 4 (ann has received and read up to seq 2) and a push job
-- for ann. Frozen: never edit; a later schema step must migrate this data.
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
                    joined_at_ms INTEGER NOT NULL, delivered_seq INTEGER NOT NULL DEFAULT 0, read_at_ms INTEGER NOT NULL DEFAULT 0,
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
CREATE TABLE push_jobs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    user_id INTEGER NOT NULL,
                    conversation_id INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    state INTEGER NOT NULL DEFAULT 0,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_ms INTEGER NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    finished_at_ms INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT NOT NULL DEFAULT '');
CREATE INDEX push_jobs_open ON push_jobs(next_attempt_ms) WHERE state IN (0, 1);
CREATE INDEX push_jobs_by_member ON push_jobs(conversation_id, user_id, seq) WHERE state IN (0, 1);
CREATE INDEX push_jobs_by_state ON push_jobs(state);
INSERT INTO conversations VALUES(1,1,'',1700000000000,4,1700000004000);
INSERT INTO members VALUES(1,1,'ann','Ann',1,1,2,1700000000000,2,0);
INSERT INTO members VALUES(1,2,'ben','Ben',1,1,4,1700000000000,4,1700000004000);
INSERT INTO messages VALUES(1,1,1,'ann-1','hello ben',1700000001000);
INSERT INTO messages VALUES(1,2,2,'ben-1','hi ann, ça va ?',1700000002000);
INSERT INTO messages VALUES(1,3,1,'ann-2','see you at 3',1700000003000);
INSERT INTO messages VALUES(1,4,2,'ben-2','at 3 then',1700000004000);
INSERT INTO push_jobs VALUES(1,1,1,4,0,0,1700000004000,1700000004000,0,'');
PRAGMA user_version = 2;

-- A message shard as schema version 3 left it (attachments on messages): the v2 data plus
-- ann's message at seq 5 carrying "Budget plan.pdf", and a group (2) of ann and cid with one
-- message. Frozen: never edit; a later schema step must migrate this data.
CREATE TABLE conversations (
                    id INTEGER PRIMARY KEY,
                    kind INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    last_seq INTEGER NOT NULL DEFAULT 0,
                    last_activity_ms INTEGER NOT NULL);
INSERT INTO "conversations" VALUES(1,1,'',1700000000000,5,1700000005000);
INSERT INTO "conversations" VALUES(2,2,'team',1700000000000,1,1700000006000);
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
INSERT INTO "members" VALUES(1,1,'ann','Ann',1,1,2,1700000000000,2,0);
INSERT INTO "members" VALUES(1,2,'ben','Ben',1,1,4,1700000000000,4,1700000004000);
INSERT INTO "members" VALUES(2,1,'ann','Ann',2,1,1,1700000000000,1,1700000006000);
INSERT INTO "members" VALUES(2,3,'cid','Cid',1,1,0,1700000000000,0,0);
CREATE TABLE messages (
                    conversation_id INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    sender_id INTEGER NOT NULL,
                    client_msg_id TEXT NOT NULL,
                    text TEXT NOT NULL,
                    sent_at_ms INTEGER NOT NULL, attachments BLOB,
                    PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID;
INSERT INTO "messages" VALUES(1,1,1,'ann-1','hello ben',1700000001000,NULL);
INSERT INTO "messages" VALUES(1,2,2,'ben-1','hi ann, ça va ?',1700000002000,NULL);
INSERT INTO "messages" VALUES(1,3,1,'ann-2','see you at 3',1700000003000,NULL);
INSERT INTO "messages" VALUES(1,4,2,'ben-2','at 3 then',1700000004000,NULL);
INSERT INTO "messages" VALUES(1,5,1,'ann-3','the plan',1700000005000,X'0A550A4061616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161120F42756467657420706C616E2E706466180A');
INSERT INTO "messages" VALUES(2,1,1,'ann-4','Crème brûlée at six',1700000006000,NULL);
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
INSERT INTO "push_jobs" VALUES(1,1,1,4,0,0,1700000004000,1700000004000,0,'');
CREATE UNIQUE INDEX messages_idempotency ON messages(conversation_id, sender_id, client_msg_id);
CREATE INDEX push_jobs_open ON push_jobs(next_attempt_ms) WHERE state IN (0, 1);
CREATE INDEX push_jobs_by_member ON push_jobs(conversation_id, user_id, seq) WHERE state IN (0, 1);
CREATE INDEX push_jobs_by_state ON push_jobs(state);
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('push_jobs',1);
PRAGMA user_version = 3;

-- A desktop cache as schema version 5 left it (files on messages, the media index): the v2
-- conversation with messages 2 to 4 cached again, 4 carrying "Budget plan.pdf". Frozen: never
-- edit; a later schema step must migrate this data.
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
INSERT INTO "conversations" VALUES(1,1,'ben',4,2,1,1700000004000,'the plan','ben');
CREATE TABLE media (
                    blob_id TEXT PRIMARY KEY,
                    size INTEGER NOT NULL,
                    kind INTEGER NOT NULL,
                    last_used_ms INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE members (
                    conversation_id INTEGER NOT NULL,
                    user_id INTEGER NOT NULL,
                    username TEXT NOT NULL,
                    display_name TEXT NOT NULL,
                    role INTEGER NOT NULL, delivered_seq INTEGER NOT NULL DEFAULT 0, read_seq INTEGER NOT NULL DEFAULT 0, read_at_ms INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (conversation_id, user_id)) WITHOUT ROWID;
INSERT INTO "members" VALUES(1,1,'ann','Ann',1,0,0,0);
INSERT INTO "members" VALUES(1,2,'ben','Ben',1,3,2,1700000002500);
CREATE TABLE messages (
                    conversation_id INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    sender_id INTEGER NOT NULL,
                    sender_username TEXT NOT NULL,
                    client_msg_id TEXT NOT NULL,
                    text TEXT NOT NULL,
                    sent_at_ms INTEGER NOT NULL, attachments BLOB,
                    PRIMARY KEY (conversation_id, seq)) WITHOUT ROWID;
INSERT INTO "messages" VALUES(1,2,2,'ben','ben-1','hi ann, ça va ?',1700000002000,NULL);
INSERT INTO "messages" VALUES(1,3,1,'ann','ann-2','see you at 3',1700000003000,NULL);
INSERT INTO "messages" VALUES(1,4,2,'ben','ben-2','the plan',1700000004000,X'0A550A4062626262626262626262626262626262626262626262626262626262626262626262626262626262626262626262626262626262626262626262626262626262120F42756467657420706C616E2E706466180A');
CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    conversation_id INTEGER NOT NULL,
                    client_msg_id TEXT NOT NULL UNIQUE,
                    sender_id INTEGER NOT NULL,
                    sender_username TEXT NOT NULL,
                    text TEXT NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    failed INTEGER NOT NULL DEFAULT 0,
                    error TEXT NOT NULL DEFAULT '', files TEXT NOT NULL DEFAULT '[]');
INSERT INTO "outbox" VALUES(1,1,'ann-3',1,'ann','written offline',1700000004000,0,'','[]');
CREATE INDEX media_by_use ON media (kind, last_used_ms);
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('outbox',1);
PRAGMA user_version = 5;

-- media.sqlite as schema version 1 left it: ann (1) uploaded a PDF that a message in
-- conversation 7 carries, and has half of another upload. Frozen: never edit; a later schema
-- step must migrate this data.
CREATE TABLE blobs (
                    id TEXT PRIMARY KEY,
                    size INTEGER NOT NULL,
                    mime_type TEXT NOT NULL,
                    created_at_ms INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE blob_uploaders (
                    blob_id TEXT NOT NULL,
                    user_id INTEGER NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (user_id, blob_id)) WITHOUT ROWID;
CREATE TABLE blob_references (
                    blob_id TEXT NOT NULL,
                    conversation_id INTEGER NOT NULL,
                    PRIMARY KEY (blob_id, conversation_id)) WITHOUT ROWID;
CREATE TABLE uploads (
                    user_id INTEGER NOT NULL,
                    blob_id TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    started_at_ms INTEGER NOT NULL,
                    PRIMARY KEY (user_id, blob_id)) WITHOUT ROWID;
INSERT INTO blobs VALUES('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',4096,'application/pdf',1700000001000);
INSERT INTO blob_uploaders VALUES('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',1,1700000001000);
INSERT INTO blob_references VALUES('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',7);
INSERT INTO uploads VALUES(1,'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',8192,1700000002000);
PRAGMA user_version = 1;

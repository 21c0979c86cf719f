#!/usr/bin/env python3
"""Fills a natterd data dir with many stored messages, for the start-up measurement in
docs/performance.md. Writes straight into the SQLite files natterd created (run natterd on
the dir once first and stop it), spreading conversations over the shards as natterd does.

usage: fill_messages.py DATA_DIR MESSAGES [PER_CONVERSATION]
"""
import sqlite3
import sys
import time

MASK = (1 << 64) - 1


def logical_shard(conversation_id):
    # The splitmix64 finaliser of server/storage/shard_map.cpp, 64 logical shards.
    z = (conversation_id + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    z ^= z >> 31
    return z % 64


def main():
    data, total = sys.argv[1], int(sys.argv[2])
    per = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    users = sqlite3.connect(f"{data}/users.sqlite")
    shards = int(users.execute("SELECT value FROM settings WHERE key = 'physical_shards'").fetchone()[0])
    users.execute("INSERT OR IGNORE INTO users (id, username_key, username, display_name, "
                  "password_hash, created_at_ms) VALUES (1, 'filler', 'filler', 'Filler', x'00', 0)")
    dbs = [sqlite3.connect(f"{data}/shard-{i:02d}.sqlite") for i in range(shards)]
    for db in dbs:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("BEGIN")
    now = int(time.time() * 1000)
    text = "x" * 200
    conversations = (total + per - 1) // per
    start = users.execute("SELECT COALESCE(MAX(id), 0) FROM conversation_ids").fetchone()[0] + 1
    for n in range(conversations):
        cid = start + n
        users.execute("INSERT INTO conversation_ids (id, created_at_ms) VALUES (?, ?)", (cid, now))
        users.execute("INSERT OR REPLACE INTO inbox VALUES (1, ?, ?)", (cid, now))
        count = min(per, total - n * per)
        db = dbs[logical_shard(cid) % shards]
        db.execute("INSERT INTO conversations (id, kind, title, created_at_ms, last_seq, "
                   "last_activity_ms) VALUES (?, 2, ?, ?, ?, ?)", (cid, f"filler {cid}", now, count, now))
        db.execute("INSERT INTO members (conversation_id, user_id, username, display_name, role, "
                   "joined_at_ms) VALUES (?, 1, 'filler', 'Filler', 2, ?)", (cid, now))
        db.executemany("INSERT INTO messages VALUES (?, ?, 1, ?, ?, ?)",
                       ((cid, seq, f"fill-{cid}-{seq}", text, now) for seq in range(1, count + 1)))
    users.commit()
    for db in dbs:
        db.commit()
        db.close()
    print(f"{total} messages in {conversations} conversations over {shards} shards")


if __name__ == "__main__":
    main()

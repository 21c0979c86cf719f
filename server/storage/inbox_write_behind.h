#pragma once

#include "storage/user_rows.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <mutex>

namespace natter::server::storage {

class SqlWorker;

/// The conversation order's write-behind (the reference design's "latest conversation" store,
/// updated asynchronously and in batches). Shard commits add what they stored; the users
/// thread applies everything added since its last batch in one transaction. While one batch
/// waits for its turn, later commits join it, so a burst of commits on four shards costs one
/// users-database commit instead of one each.
///
/// Bounded: what waits is one entry per conversation and sender (the newest activity wins),
/// however many messages they sent meanwhile.
///
/// A commit that joins a waiting batch is written ahead of users-database jobs posted after
/// that batch: a member added to a group in that moment gets their inbox row after the
/// message's update ran, so the conversation sorts by when they were added (moments earlier)
/// until its next message.
class InboxWriteBehind {
public:
    /// `users`: the users database's worker, started before the first add() and stopped
    /// after the last.
    explicit InboxWriteBehind(SqlWorker &users);

    /// Any thread: the activity of one commit.
    void add(const QList<InboxEntry> &activity);
    /// Entries waiting for the next batch.
    [[nodiscard]] qsizetype waiting() const;

private:
    /// Users thread: writes what waits.
    void apply(QSqlDatabase &db);

    SqlWorker &m_users;
    mutable std::mutex m_mutex;
    QHash<QPair<quint64, quint64>, InboxEntry> m_waiting; // by conversation and sender
    bool m_queued = false;
};

} // namespace natter::server::storage

#pragma once

#include "storage/recent_messages.h"
#include "storage/shard_store.h"
#include "storage/sql_worker.h"

#include <atomic>
#include <functional>
#include <mutex>
#include <utility>

namespace natter::server::storage {

/// Requests waiting for the shard's next group commit, with their callbacks. add() tells
/// whether a flush job must be posted (none is pending yet); take() empties it for that job.
template <typename Request, typename Outcome> class CommitQueue {
public:
    using Done = std::function<void(Result<Outcome>)>;

    [[nodiscard]] bool add(Request request, Done done)
    {
        std::lock_guard lock(m_mutex);
        m_requests.append(std::move(request));
        m_done.append(std::move(done));
        return !std::exchange(m_flushQueued, true);
    }
    void take(QList<Request> *requests, QList<Done> *done)
    {
        std::lock_guard lock(m_mutex);
        requests->swap(m_requests);
        done->swap(m_done);
        m_flushQueued = false;
    }

private:
    std::mutex m_mutex;
    QList<Request> m_requests;
    QList<Done> m_done;
    bool m_flushQueued = false;
};

/// One physical message shard: its SqlWorker plus the group-commit queues of sends and of
/// receipt cursor moves. What arrives while a batch is being committed waits and goes
/// together in the next transaction, so one fsync acknowledges many.
class Shard {
public:
    using SendDone = CommitQueue<SendRequest, SendOutcome>::Done;
    using MoveDone = CommitQueue<CursorMove, ReceiptChange>::Done;
    /// Messages stored since the last indexing that make the next one worth its transaction.
    static constexpr qsizetype kIndexFrom = 64;
    /// Called on the shard thread after each committed batch with (conversation, time) pairs.
    using CommitHook = std::function<void(const QList<InboxEntry> &)>;

    /// Committed messages extend `recent` (write-through).
    Shard(int index, const QString &path, const OnlineUsers *online, RecentMessages *recent);

    [[nodiscard]] bool start(QString *error) { return m_worker.start(error); }
    void stop()
    {
        m_stopping = true;
        m_worker.stop();
    }
    void setCommitHook(CommitHook hook) { m_commitHook = std::move(hook); }

    /// `done` runs on the shard thread once the batch holding the message is durable.
    void send(SendRequest request, SendDone done);
    /// Receipt cursors, group-committed like sends: a group's members all report delivery
    /// of the same message at about the same time.
    void moveCursors(CursorMove move, MoveDone done);
    void post(SqlWorker::Job job) { m_worker.post(std::move(job)); }
    /// Indexes, in the background, the messages stored before the search index existed: small
    /// batches between the commits, until none is left or the shard stops.
    void indexSearchBacklog();
    /// Messages of this shard not in the search index yet.
    [[nodiscard]] quint64 searchBacklog() const { return m_searchBacklog; }
    void postRead(quint64 requester, SqlWorker::Job job)
    {
        m_worker.postRead(requester, std::move(job));
    }

private:
    void flush(QSqlDatabase &db);
    void flushMoves(QSqlDatabase &db);
    /// After a commit, before the acks: extends the conversation's cache entry.
    void extendCached(const SendOutcome &sent);
    /// After the acks: conversations that got a message and are not cached become cached.
    void cacheActive(ShardStore &store, const QList<Result<SendOutcome>> &results);

    SqlWorker m_worker;
    const OnlineUsers *m_online;
    RecentMessages *m_recent;
    /// One batch of the search backlog; posts the next.
    void indexSearchBatch(QSqlDatabase &db);
    /// Indexes what the last commits left pending (queued once kIndexFrom messages wait, and at
    /// start).
    void queueIndexing();
    void indexPending(QSqlDatabase &db);
    /// Adds merge work for `messages` newly stored or indexed messages.
    void oweMerging(qsizetype messages);
    /// Merges the index a few pages per job, between commits, while the budget lasts.
    void queueMerging();
    void mergeIndex(QSqlDatabase &db);

    int m_index;
    CommitHook m_commitHook;
    std::atomic<bool> m_stopping = false;
    std::atomic<quint64> m_searchBacklog = 0;
    bool m_indexingQueued = false; // shard thread only
    bool m_mergingQueued = false;  // shard thread only
    int m_mergePagesOwed = 0;      // shard thread only
    qsizetype m_unindexed = 0;     // shard thread only: stored since the last indexing
    quint64 m_searchBacklogAtStart = 0;
    CommitQueue<SendRequest, SendOutcome> m_sends;
    CommitQueue<CursorMove, ReceiptChange> m_moves;
};

} // namespace natter::server::storage

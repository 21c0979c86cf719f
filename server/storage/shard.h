#pragma once

#include "recent_messages.h"
#include "shard_store.h"
#include "sql_worker.h"

#include <functional>
#include <mutex>

namespace natter::server::storage {

/// One physical message shard: its SqlWorker plus the group-commit queue of sends.
/// Sends that arrive while a batch is being committed wait and go together in the next
/// transaction, so one fsync acknowledges many messages.
class Shard {
public:
    using SendDone = std::function<void(Result<SendOutcome>)>;
    using MoveDone = std::function<void(Result<ReceiptChange>)>;
    /// Called on the shard thread after each committed batch with (conversation, time) pairs.
    using CommitHook = std::function<void(const QList<InboxEntry> &)>;

    /// Committed messages extend `recent` (write-through).
    Shard(int index, const QString &path, const OnlineUsers *online, RecentMessages *recent);

    [[nodiscard]] bool start(QString *error) { return m_worker.start(error); }
    void stop() { m_worker.stop(); }
    void setCommitHook(CommitHook hook) { m_commitHook = std::move(hook); }

    /// `done` runs on the shard thread once the batch holding the message is durable.
    void send(SendRequest request, SendDone done);
    /// Receipt cursors, group-committed like sends: a group's members all report delivery
    /// of the same message at about the same time.
    void moveCursors(CursorMove move, MoveDone done);
    void post(SqlWorker::Job job) { m_worker.post(std::move(job)); }

private:
    void flush(QSqlDatabase &db);
    void flushMoves(QSqlDatabase &db);
    /// After a commit: extends the conversation's cache entry, or creates it.
    void rememberCommitted(ShardStore &store, const SendOutcome &sent);

    SqlWorker m_worker;
    const OnlineUsers *m_online;
    RecentMessages *m_recent;
    CommitHook m_commitHook;
    std::mutex m_mutex;
    QList<SendRequest> m_pending;
    QList<SendDone> m_pendingDone;
    bool m_flushQueued = false;
    QList<CursorMove> m_pendingMoves;
    QList<MoveDone> m_pendingMovesDone;
    bool m_movesFlushQueued = false;
};

} // namespace natter::server::storage

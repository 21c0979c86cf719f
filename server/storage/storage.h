#pragma once
/// The storage layer's face to the services: the user store and the message shards, each on
/// its own thread. Every call is asynchronous; its callback runs on the thread of `context`
/// (the caller's QObject), never on a storage thread.

#include "storage/inbox_write_behind.h"
#include "storage/media_store.h"
#include "storage/message_search.h"
#include "storage/read_pool.h"
#include "storage/recent_messages.h"
#include "storage/shard.h"
#include "storage/shard_map.h"
#include "storage/user_store.h"

#include <QObject>
#include <memory>
#include <vector>

namespace natter::server::storage {

template <typename T> using Callback = std::function<void(Result<T>)>;

class Storage {
public:
    /// `cachedConversations`: how many conversations' newest messages stay in memory;
    /// `searchThreads`: threads (and read-only connections) that run searches.
    Storage(QString dataDir, int physicalShards, int cachedConversations = 10'000,
            int searchThreads = 2);
    ~Storage();

    /// Opens (creating when new) and migrates every database. `--shards` must match the count
    /// the data directory was created with, or conversations would be looked for in the wrong
    /// place.
    [[nodiscard]] bool open(QString *error);
    /// Finishes every queued job (in-flight commits included) and closes the databases.
    void close();

    [[nodiscard]] const ShardMap &shardMap() const { return m_map; }
    [[nodiscard]] int physicalShards() const { return m_map.physicalShards(); }
    /// Who is online; read by the shards to decide who gets a push job.
    [[nodiscard]] OnlineUsers &onlineUsers() { return m_online; }
    /// Direct conversations closed by a block (loaded by open(), kept by the settings service).
    [[nodiscard]] ClosedConversations &closedConversations() { return m_closed; }
    /// The newest messages of active conversations (thread-safe; see RecentMessages).
    [[nodiscard]] RecentMessages &recentMessages() { return m_recent; }

    template <typename T>
    void users(QObject *context, std::function<Result<T>(UserStore &)> work, Callback<T> done)
    {
        if (!m_users)
            return deliver<T>(context, done, shuttingDown());
        m_users->post(usersJob(context, std::move(work), std::move(done)));
    }
    /// A read on behalf of user `requesterId`: it takes turns with other users' reads and never
    /// goes ahead of the writes waiting (SqlWorker::postRead). For requests a user can repeat
    /// at will, such as conversation lists and history.
    template <typename T>
    void readUsers(quint64 requesterId, QObject *context,
                   std::function<Result<T>(UserStore &)> work, Callback<T> done)
    {
        if (!m_users)
            return deliver<T>(context, done, shuttingDown());
        m_users->postRead(requesterId, usersJob(context, std::move(work), std::move(done)));
    }

    /// Files: their tables and their I/O, on the media database's thread.
    template <typename T>
    void media(QObject *context, std::function<Result<T>(MediaStore &)> work, Callback<T> done)
    {
        if (!m_media)
            return deliver<T>(context, done, shuttingDown());
        m_media->post(
            [this, context, work = std::move(work), done = std::move(done)](QSqlDatabase &db) {
                MediaStore store(db, m_dataDir);
                deliver(context, done, work(store));
            });
    }

    template <typename T>
    void shard(quint64 conversationId, QObject *context,
               std::function<Result<T>(ShardStore &)> work, Callback<T> done)
    {
        if (m_shards.empty())
            return deliver<T>(context, done, shuttingDown());
        shardFor(conversationId).post(shardJob(context, std::move(work), std::move(done)));
    }
    /// A read on behalf of user `requesterId`, in turns with other users' (see readUsers).
    template <typename T>
    void readShard(quint64 conversationId, quint64 requesterId, QObject *context,
                   std::function<Result<T>(ShardStore &)> work, Callback<T> done)
    {
        if (m_shards.empty())
            return deliver<T>(context, done, shuttingDown());
        shardFor(conversationId)
            .postRead(requesterId, shardJob(context, std::move(work), std::move(done)));
    }

    /// Work on one physical shard by index (for queues that span every shard).
    template <typename T>
    void shardAt(int index, QObject *context, std::function<Result<T>(ShardStore &)> work,
                 Callback<T> done)
    {
        if (m_shards.empty())
            return deliver<T>(context, done, shuttingDown());
        m_shards[size_t(index)]->post(shardJob(context, std::move(work), std::move(done)));
    }
    /// A read on one physical shard on behalf of user `requesterId` (see readUsers).
    template <typename T>
    void readShardAt(int index, quint64 requesterId, QObject *context,
                     std::function<Result<T>(ShardStore &)> work, Callback<T> done)
    {
        if (m_shards.empty())
            return deliver<T>(context, done, shuttingDown());
        m_shards[size_t(index)]->postRead(requesterId,
                                          shardJob(context, std::move(work), std::move(done)));
    }

    /// A search for user `userId` on a read-pool thread, never on a shard's writer; SERVER_BUSY
    /// when more searches wait than the pool takes.
    void search(quint64 userId, SearchParams params, QObject *context,
                Callback<proto::SearchReply> done);
    /// Messages stored before the search index existed that are not indexed yet.
    [[nodiscard]] quint64 searchBacklog() const;

    /// Group-committed append; `done` runs after the message is durable (or failed).
    void send(SendRequest request, QObject *context, Callback<SendOutcome> done);
    /// Group-committed receipt cursor move; `done` runs once it is durable (or failed).
    void moveCursors(CursorMove move, QObject *context, Callback<ReceiptChange> done);

private:
    template <typename T>
    SqlWorker::Job usersJob(QObject *context, std::function<Result<T>(UserStore &)> work,
                            Callback<T> done)
    {
        return [context, work = std::move(work), done = std::move(done)](QSqlDatabase &db) {
            UserStore store(db);
            deliver(context, done, work(store));
        };
    }
    template <typename T>
    SqlWorker::Job shardJob(QObject *context, std::function<Result<T>(ShardStore &)> work,
                            Callback<T> done)
    {
        return [this, context, work = std::move(work), done = std::move(done)](QSqlDatabase &db) {
            ShardStore store(db, nullptr, &m_recent);
            deliver(context, done, work(store));
        };
    }
    template <typename T>
    static void deliver(QObject *context, const Callback<T> &done, Result<T> result)
    {
        QMetaObject::invokeMethod(
            context, [done, result = std::move(result)]() { done(result); }, Qt::QueuedConnection);
    }
    Shard &shardFor(quint64 conversationId);
    /// What calls get once close() has run: work chained from callbacks after the last commit.
    [[nodiscard]] static Failure shuttingDown();

    QString m_dataDir;
    ShardMap m_map;
    OnlineUsers m_online;
    ClosedConversations m_closed;
    RecentMessages m_recent;
    std::unique_ptr<SqlWorker> m_users;
    std::unique_ptr<InboxWriteBehind> m_inboxOrder; // fed by the shards' commits
    std::unique_ptr<SqlWorker> m_media;
    std::vector<std::unique_ptr<Shard>> m_shards;
    int m_searchThreads;
    TrigramStatistics m_trigrams; // before the pool whose searches use it
    std::unique_ptr<ReadPool> m_readPool;
};

} // namespace natter::server::storage

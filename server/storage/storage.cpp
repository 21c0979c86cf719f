#include "storage/storage.h"

#include "support/logging.h"

#include <QDir>
#include <QSqlDatabase>

namespace natter::server::storage {

Storage::Storage(QString dataDir, int physicalShards, int cachedConversations, int searchThreads)
    : m_dataDir(std::move(dataDir))
    , m_map(physicalShards)
    , m_recent(cachedConversations)
    , m_searchThreads(searchThreads)
{}

Storage::~Storage()
{
    close();
}

bool Storage::open(QString *error)
{
    const QDir dir(m_dataDir);
    m_users = std::make_unique<SqlWorker>(QStringLiteral("users"),
                                          dir.filePath(QStringLiteral("users.sqlite")),
                                          UserStore::migrations());
    if (!m_users->start(error))
        return false;
    m_media = std::make_unique<SqlWorker>(QStringLiteral("media"),
                                          dir.filePath(QStringLiteral("media.sqlite")),
                                          MediaStore::migrations());
    if (!m_media->start(error))
        return false;

    // The shard count is part of where data lives: record it once, insist on it after.
    std::promise<Result<QString>> checked;
    auto checkResult = checked.get_future();
    const QString requested = QString::number(m_map.physicalShards());
    m_users->post([&checked, requested](QSqlDatabase &db) {
        UserStore store(db);
        auto stored = store.accounts().setting(QStringLiteral("physical_shards"));
        if (stored.ok() && stored.value().isEmpty()) {
            auto written =
                store.accounts().setSetting(QStringLiteral("physical_shards"), requested);
            checked.set_value(written.ok() ? Result<QString>(requested)
                                           : Result<QString>(written.failure()));
            return;
        }
        checked.set_value(stored);
    });
    const Result<QString> stored = checkResult.get();
    if (!stored.ok()) {
        *error = stored.failure().message;
        return false;
    }
    if (stored.value() != requested) {
        *error = QStringLiteral("data dir %1 was created with %2 shards; pass --shards %2")
                     .arg(m_dataDir, stored.value());
        return false;
    }

    std::promise<Result<QList<quint64>>> closedRead;
    auto closed = closedRead.get_future();
    m_users->post([&closedRead](QSqlDatabase &db) {
        closedRead.set_value(UserStore(db).consent().closedDirectConversations());
    });
    const Result<QList<quint64>> closedIds = closed.get();
    if (!closedIds.ok()) {
        *error = closedIds.failure().message;
        return false;
    }
    for (quint64 id : closedIds.value())
        m_closed.set(id, true);

    m_inboxOrder = std::make_unique<InboxWriteBehind>(*m_users);
    QStringList shardPaths;
    for (int i = 0; i < m_map.physicalShards(); ++i) {
        shardPaths.append(
            dir.filePath(QStringLiteral("shard-%1.sqlite").arg(i, 2, 10, QLatin1Char('0'))));
        auto shard = std::make_unique<Shard>(i, shardPaths.back(), &m_online, &m_recent);
        if (!shard->start(error))
            return false;
        // Inbox order is derived data: updated after the commit, in batches, on the user thread.
        shard->setCommitHook(
            [this](const QList<InboxEntry> &activity) { m_inboxOrder->add(activity); });
        m_shards.push_back(std::move(shard));
        m_shards.back()->indexSearchBacklog();
    }
    // Searches wait at most a few rounds of the pool; beyond that the client hears SERVER_BUSY.
    m_readPool = std::make_unique<ReadPool>(shardPaths, m_searchThreads, 16 * m_searchThreads);
    return m_readPool->start(error);
}

void Storage::close()
{
    if (m_readPool)
        m_readPool->stop();
    m_readPool.reset();
    for (auto &shard : m_shards)
        shard->stop();
    m_shards.clear();
    if (m_users)
        m_users->stop(); // runs the last inbox order batch
    m_inboxOrder.reset();
    m_users.reset();
    if (m_media)
        m_media->stop();
    m_media.reset();
}

Failure Storage::shuttingDown()
{
    return Failure{proto::INTERNAL, QStringLiteral("natterd is shutting down; retry shortly")};
}

void Storage::send(SendRequest request, QObject *context, Callback<SendOutcome> done)
{
    if (m_shards.empty())
        return deliver<SendOutcome>(context, done, shuttingDown());
    shardFor(request.conversationId)
        .send(std::move(request), [context, done = std::move(done)](Result<SendOutcome> result) {
            deliver(context, done, std::move(result));
        });
}

void Storage::moveCursors(CursorMove move, QObject *context, Callback<ReceiptChange> done)
{
    if (m_shards.empty())
        return deliver<ReceiptChange>(context, done, shuttingDown());
    shardFor(move.conversationId)
        .moveCursors(move, [context, done = std::move(done)](Result<ReceiptChange> result) {
            deliver(context, done, std::move(result));
        });
}

void Storage::search(quint64 userId, SearchParams params, QObject *context,
                     Callback<proto::SearchReply> done)
{
    if (!m_readPool)
        return deliver<proto::SearchReply>(context, done, shuttingDown());
    const bool queued = m_readPool->post([this, userId, params = std::move(params), context,
                                          done](const std::vector<QSqlDatabase> &shards) {
        MessageSearch search(shards, m_map, &m_trigrams);
        deliver(context, done, search.run(userId, params));
    });
    if (!queued)
        deliver<proto::SearchReply>(
            context, done,
            Failure{proto::SERVER_BUSY,
                    QStringLiteral("too many searches are running; try again in a moment"), 500});
}

quint64 Storage::searchBacklog() const
{
    quint64 total = 0;
    for (const auto &shard : m_shards)
        total += shard->searchBacklog();
    return total;
}

Shard &Storage::shardFor(quint64 conversationId)
{
    return *m_shards[size_t(m_map.physicalShards() > 0 ? m_map.physicalShard(conversationId) : 0)];
}

} // namespace natter::server::storage

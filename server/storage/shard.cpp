#include "storage/shard.h"

#include "storage/search_index.h"
#include "support/logging.h"

#include <QDateTime>

namespace natter::server::storage {

namespace {
/// After a FastCommit: acknowledged sends must never commit without their fsync.
void warnUnlessDurable(QSqlDatabase &db, int shard)
{
    if (!sql::isDurable(db))
        qCCritical(lcStorage) << "shard" << shard
                              << "could not return to durable commits (synchronous=FULL); "
                                 "check the disk and restart natterd";
}
} // namespace

Shard::Shard(int index, const QString &path, const OnlineUsers *online, RecentMessages *recent)
    : m_worker(QStringLiteral("shard-%1").arg(index), path, ShardStore::migrations())
    , m_online(online)
    , m_recent(recent)
    , m_index(index)
{}

void Shard::indexSearchBacklog()
{
    m_worker.post(
        [this](QSqlDatabase &db) {
            const auto left = SearchIndex(db).backlog();
            if (!left.ok()) {
                qCWarning(lcStorage)
                    << "shard" << m_index << "search backlog unknown:" << left.failure().message;
                return;
            }
            m_searchBacklog = m_searchBacklogAtStart = left.value();
            queueIndexing(); // what the last run left pending
            if (left.value() == 0)
                return;
            qCInfo(lcStorage).noquote()
                << QStringLiteral("shard %1: indexing %2 older messages for search in the "
                                  "background (natterctl admin server-stats shows what is left)")
                       .arg(m_index)
                       .arg(left.value());
            indexSearchBatch(db);
        },
        "search backlog batch");
}

void Shard::indexSearchBatch(QSqlDatabase &db)
{
    if (m_stopping)
        return; // the rest waits for the next start
    // Small enough that a send waiting behind one batch hardly notices it.
    constexpr int kBatch = 500;
    const auto left = SearchIndex(db).indexBacklog(kBatch);
    if (!left.ok()) {
        qCWarning(lcStorage) << "shard" << m_index << "search backlog not indexed (retried at the "
                             << "next start):" << left.failure().message;
        return;
    }
    const quint64 before = m_searchBacklog.exchange(left.value());
    oweMerging(qsizetype(std::min<quint64>(kBatch, before - std::min(before, left.value()))));
    queueMerging();
    const quint64 total = std::max<quint64>(1, m_searchBacklogAtStart);
    if (left.value() == 0) {
        qCInfo(lcStorage).noquote()
            << QStringLiteral("shard %1: every message is in the search index").arg(m_index);
        return;
    }
    // A line at each tenth done.
    if ((total - before) * 10 / total != (total - left.value()) * 10 / total)
        qCInfo(lcStorage).noquote() << QStringLiteral("shard %1: search index %2% built")
                                           .arg(m_index)
                                           .arg((total - left.value()) * 100 / total);
    m_worker.post([this](QSqlDatabase &next) { indexSearchBatch(next); }, "search backlog batch");
}

void Shard::send(SendRequest request, SendDone done)
{
    if (m_sends.add(std::move(request), std::move(done)))
        m_worker.post([this](QSqlDatabase &db) { flush(db); }, "group commit of sends");
}

void Shard::moveCursors(CursorMove move, MoveDone done)
{
    if (m_moves.add(move, std::move(done)))
        m_worker.post([this](QSqlDatabase &db) { flushMoves(db); }, "receipt cursor batch");
}

void Shard::flushMoves(QSqlDatabase &db)
{
    QList<CursorMove> moves;
    QList<MoveDone> done;
    m_moves.take(&moves, &done);
    ShardStore store(db, m_online, m_recent);
    const QList<Result<ReceiptChange>> results =
        store.moveCursorsBatch(moves, QDateTime::currentMSecsSinceEpoch());
    // Committed: the cached conversations show the new cursors before anyone hears of them.
    for (const auto &result : results) {
        if (result.ok() && result.value().moved) {
            const ReceiptChange &c = result.value();
            m_recent->moveCursors(c.conversationId, c.userId, c.deliveredSeq, c.readSeq,
                                  c.readAtMs);
        }
    }
    for (qsizetype i = 0; i < results.size(); ++i)
        done[i](results[i]);
}

void Shard::flush(QSqlDatabase &db)
{
    QList<SendRequest> batch;
    QList<SendDone> done;
    m_sends.take(&batch, &done);
    ShardStore store(db, m_online, m_recent);
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const QList<Result<SendOutcome>> results = store.appendBatch(batch, nowMs);

    QList<InboxEntry> activity;
    for (qsizetype i = 0; i < results.size(); ++i) {
        if (results[i].ok() && !results[i].value().duplicate) {
            activity.append(InboxEntry{batch[i].conversationId, nowMs, batch[i].senderId, false});
            // Before the ack: whoever learns of the message may read the cached page next.
            extendCached(results[i].value());
        }
    }
    if (!activity.isEmpty() && m_commitHook)
        m_commitHook(activity);
    for (qsizetype i = 0; i < results.size(); ++i)
        done[i](results[i]);
    cacheActive(store, results);
    if (!activity.isEmpty()) {
        oweMerging(activity.size());
        // An indexing transaction costs about as much for one message as for a hundred: at a
        // low rate a few wait for the next ones (searches read unindexed messages directly,
        // and the next start indexes what is left).
        m_unindexed += activity.size();
        if (m_unindexed >= kIndexFrom)
            queueIndexing();
    }
}

void Shard::queueIndexing()
{
    if (std::exchange(m_indexingQueued, true))
        return;
    // Behind the commits already waiting: under load, what they leave pending is indexed
    // in the same transaction.
    m_worker.post([this](QSqlDatabase &db) { indexPending(db); }, "search indexing");
}

void Shard::indexPending(QSqlDatabase &db)
{
    m_indexingQueued = false;
    m_unindexed = 0;
    if (m_stopping)
        return; // indexed at the next start
    // Losing this commit to a power cut loses no message: they stay pending, and are indexed
    // again. So no fsync of its own (the next durable commit syncs the log it is in).
    const auto left = [&db] {
        const sql::FastCommit fast(db);
        return SearchIndex(db).indexPending(2000);
    }();
    warnUnlessDurable(db, m_index);
    if (!left.ok()) {
        qCWarning(lcStorage) << "shard" << m_index
                             << "messages not indexed for search yet:" << left.failure().message;
        return;
    }
    if (left.value() > 0)
        queueIndexing();
    queueMerging(); // behind the indexing: merges what it wrote
}

void Shard::oweMerging(qsizetype messages)
{
    // More than merging writes per message indexed (levels of 4 segments since shard
    // migration 6): the debt is paid as it arises (docs/performance.md, Search).
    constexpr qsizetype kPagesPerMessage = 2;
    // Bounds the catch-up after a burst; a search index left with more segments only costs
    // searches a little more until the next messages are merged.
    constexpr qsizetype kMostPagesOwed = 16'384;
    m_mergePagesOwed =
        int(std::min(kMostPagesOwed, m_mergePagesOwed + messages * kPagesPerMessage));
}

void Shard::queueMerging()
{
    if (m_mergePagesOwed <= 0 || std::exchange(m_mergingQueued, true))
        return;
    m_worker.post([this](QSqlDatabase &db) { mergeIndex(db); }, "search index merge");
}

void Shard::mergeIndex(QSqlDatabase &db)
{
    m_mergingQueued = false;
    if (m_stopping)
        return;
    // A few milliseconds of work: a send that arrives meanwhile waits no longer than that.
    constexpr int kPagesPerJob = 32;
    const int pages = std::min(kPagesPerJob, m_mergePagesOwed);
    const auto merged = [&db, pages] {
        const sql::FastCommit fast(db); // nothing acknowledged depends on it, as in indexing
        return SearchIndex(db).merge(pages);
    }();
    warnUnlessDurable(db, m_index);
    if (!merged.ok()) {
        qCWarning(lcStorage) << "shard" << m_index
                             << "search index not merged:" << merged.failure().message;
        m_mergePagesOwed = 0;
        return;
    }
    // Nothing left to merge: what is owed is paid.
    m_mergePagesOwed = merged.value() ? m_mergePagesOwed - pages : 0;
    queueMerging();
}

void Shard::extendCached(const SendOutcome &sent)
{
    // Both leave conversations that are not cached alone.
    m_recent->append(sent.message);
    if (const auto &cursor = sent.senderCursor)
        m_recent->moveCursors(cursor->conversationId, cursor->userId, cursor->deliveredSeq,
                              cursor->readSeq, cursor->readAtMs);
}

void Shard::cacheActive(ShardStore &store, const QList<Result<SendOutcome>> &results)
{
    // A conversation that gets messages becomes active: keep its newest page and members from
    // now on, so that its next sends need no membership queries and opening it needs no SQL.
    // Read after the commit (the message is in it) and after the acks (they do not wait);
    // until then readers miss and queue behind this job.
    QSet<quint64> filled;
    for (const auto &result : results) {
        if (!result.ok() || result.value().duplicate)
            continue;
        const SendOutcome &sent = result.value();
        const quint64 conversationId = sent.message.conversation_id();
        if (filled.contains(conversationId) || m_recent->contains(conversationId))
            continue;
        filled.insert(conversationId);
        store.cacheConversation(conversationId);
    }
}

} // namespace natter::server::storage

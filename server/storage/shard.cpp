#include "shard.h"

#include <QDateTime>

namespace natter::server::storage {

Shard::Shard(int index, const QString &path, const OnlineUsers *online, RecentMessages *recent)
    : m_worker(QStringLiteral("shard-%1").arg(index), path, ShardStore::migrations())
    , m_online(online)
    , m_recent(recent)
{}

void Shard::send(SendRequest request, SendDone done)
{
    bool queueFlush = false;
    {
        std::lock_guard lock(m_mutex);
        m_pending.append(std::move(request));
        m_pendingDone.append(std::move(done));
        queueFlush = !m_flushQueued;
        m_flushQueued = true;
    }
    if (queueFlush)
        m_worker.post([this](QSqlDatabase &db) { flush(db); });
}

void Shard::moveCursors(CursorMove move, MoveDone done)
{
    bool queueFlush = false;
    {
        std::lock_guard lock(m_mutex);
        m_pendingMoves.append(move);
        m_pendingMovesDone.append(std::move(done));
        queueFlush = !m_movesFlushQueued;
        m_movesFlushQueued = true;
    }
    if (queueFlush)
        m_worker.post([this](QSqlDatabase &db) { flushMoves(db); });
}

void Shard::flushMoves(QSqlDatabase &db)
{
    QList<CursorMove> moves;
    QList<MoveDone> done;
    {
        std::lock_guard lock(m_mutex);
        moves.swap(m_pendingMoves);
        done.swap(m_pendingMovesDone);
        m_movesFlushQueued = false;
    }
    ShardStore store(db, m_online, m_recent);
    const QList<Result<ReceiptChange>> results =
        store.moveCursorsBatch(moves, QDateTime::currentMSecsSinceEpoch());
    for (qsizetype i = 0; i < results.size(); ++i)
        done[i](results[i]);
}

void Shard::flush(QSqlDatabase &db)
{
    QList<SendRequest> batch;
    QList<SendDone> done;
    {
        std::lock_guard lock(m_mutex);
        batch.swap(m_pending);
        done.swap(m_pendingDone);
        m_flushQueued = false;
    }
    ShardStore store(db, m_online, m_recent);
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const QList<Result<SendOutcome>> results = store.appendBatch(batch, nowMs);

    QList<InboxEntry> activity;
    for (qsizetype i = 0; i < results.size(); ++i) {
        if (results[i].ok() && !results[i].value().duplicate) {
            activity.append(InboxEntry{batch[i].conversationId, nowMs});
            rememberCommitted(store, results[i].value());
        }
    }
    if (!activity.isEmpty() && m_commitHook)
        m_commitHook(activity);
    for (qsizetype i = 0; i < results.size(); ++i)
        done[i](results[i]);
}

void Shard::rememberCommitted(ShardStore &store, const SendOutcome &sent)
{
    const quint64 conversationId = sent.message.conversation_id();
    if (m_recent->contains(conversationId)) {
        m_recent->append(sent.message);
        return;
    }
    // A conversation becomes active: keep its newest page and members from now on (read
    // after the commit, so the message is in it), so that its next sends need no membership
    // queries and opening it needs no SQL.
    auto page = store.messages(conversationId, sent.message.sender_id(), 0, 0,
                               RecentMessages::kMessagesPerConversation);
    if (page.ok())
        m_recent->fill(conversationId, page.value().first, !page.value().second, sent.memberIds);
}

} // namespace natter::server::storage

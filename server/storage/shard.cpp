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
    ShardStore store(db, m_online);
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const QList<Result<SendOutcome>> results = store.appendBatch(batch, nowMs);

    QList<InboxEntry> activity;
    for (qsizetype i = 0; i < results.size(); ++i) {
        if (results[i].ok() && !results[i].value().duplicate) {
            activity.append(InboxEntry{batch[i].conversationId, nowMs});
            m_recent->append(results[i].value().message);
        }
    }
    if (!activity.isEmpty() && m_commitHook)
        m_commitHook(activity);
    for (qsizetype i = 0; i < results.size(); ++i)
        done[i](results[i]);
}

} // namespace natter::server::storage

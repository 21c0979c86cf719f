#include "storage/push_job_store.h"

#include "protocol.h"
#include "storage/shard_store.h"

#include <QHash>
#include <QSqlQuery>
#include <QVariant>

namespace natter::server::storage {

namespace {
constexpr int kQueued = int(PushState::Queued);
constexpr int kRetrying = int(PushState::Retrying);

} // namespace

Result<Done> PushJobStore::enqueue(quint64 conversationId, quint64 seq,
                                   const QList<quint64> &userIds, qint64 nowMs)
{
    if (userIds.isEmpty())
        return Done{}; // the usual case: everyone is online
    Statement q(m_db, QStringLiteral("INSERT INTO push_jobs (user_id, conversation_id, seq, "
                                     "next_attempt_ms, created_at_ms) VALUES (?, ?, ?, ?, ?)"));
    for (quint64 userId : userIds) {
        bind(*q, userId);
        bind(*q, conversationId);
        bind(*q, seq);
        bind(*q, nowMs);
        bind(*q, nowMs);
        if (!q->exec())
            return storageFailure(*q, "queueing a push notification");
    }
    return Done{};
}

Result<Done> PushJobStore::cancelRead(quint64 conversationId, quint64 userId, quint64 readSeq,
                                      qint64 nowMs)
{
    Statement q(m_db,
                QStringLiteral("UPDATE push_jobs SET state = ?, finished_at_ms = ? WHERE "
                               "conversation_id = ? AND user_id = ? AND seq <= ? AND state IN "
                               "(0, 1)"));
    bind(*q, int(PushState::Cancelled));
    bind(*q, nowMs);
    bind(*q, conversationId);
    bind(*q, userId);
    bind(*q, readSeq);
    if (!q->exec())
        return storageFailure(*q, "cancelling read push notifications");
    return Done{};
}

Result<QList<PushWork>> PushJobStore::due(qint64 nowMs, int limit)
{
    QSqlQuery q(m_db);
    // Read meanwhile, or no longer a member: nothing to announce.
    q.prepare(QStringLiteral(
        "UPDATE push_jobs SET state = ?, finished_at_ms = ? WHERE state IN (0, 1) AND NOT EXISTS "
        "(SELECT 1 FROM members m WHERE m.conversation_id = push_jobs.conversation_id AND "
        "m.user_id = push_jobs.user_id AND m.active = 1 AND m.read_seq < push_jobs.seq)"));
    bind(q, int(PushState::Cancelled));
    bind(q, nowMs);
    if (!q.exec())
        return storageFailure(q, "cancelling stale push notifications");

    q.prepare(QStringLiteral("SELECT id, user_id, conversation_id, seq, attempts FROM push_jobs "
                             "WHERE state IN (0, 1) AND next_attempt_ms <= ? ORDER BY id LIMIT ?"));
    bind(q, nowMs);
    bind(q, limit);
    if (!q.exec())
        return storageFailure(q, "reading due push notifications");
    QList<PushWork> work;
    QHash<QPair<quint64, quint64>, qsizetype> index;
    while (q.next()) {
        const auto key = qMakePair(q.value(1).toULongLong(), q.value(2).toULongLong());
        auto it = index.find(key);
        if (it == index.end()) {
            it = index.insert(key, work.size());
            work.append(PushWork{});
            work.back().userId = key.first;
            work.back().conversationId = key.second;
        }
        PushWork &item = work[*it];
        item.jobIds.append(q.value(0).toLongLong());
        item.lastSeq = std::max<quint64>(item.lastSeq, q.value(3).toULongLong());
        item.attempts = std::max(item.attempts, q.value(4).toInt());
    }
    q.finish();

    ShardStore shard(m_db);
    QList<qint64> unreadable;
    for (PushWork &item : work) {
        auto summary = shard.summary(item.conversationId, item.userId);
        if (!summary.ok() && summary.failure().code == proto::STORAGE_ERROR)
            return summary.failure();
        if (!summary.ok()) { // no longer a member: nothing to announce
            unreadable += item.jobIds;
            item.jobIds.clear();
            continue;
        }
        const proto::Conversation &c = summary.value().conversation();
        item.title = protocol::fromStd(c.title());
        item.isGroup = c.kind() == proto::GROUP;
        item.unreadCount = summary.value().unread_count();
        auto page = shard.messages(item.conversationId, item.userId, item.lastSeq + 1, 0, 1);
        if (!page.ok())
            return page.failure();
        if (page.value().first.isEmpty())
            continue;
        const proto::Message &last = page.value().first.front();
        item.lastText = protocol::fromStd(last.text());
        item.senderName = protocol::fromStd(last.sender_username());
        for (const auto &member : c.members()) {
            if (member.user().id() == last.sender_id())
                item.senderName = protocol::fromStd(member.user().display_name());
        }
    }
    if (auto cancelled = finish(unreadable, PushState::Cancelled, nowMs); !cancelled.ok())
        return cancelled.failure();
    work.removeIf([](const PushWork &item) { return item.jobIds.isEmpty(); });
    return work;
}

Result<Done> PushJobStore::finish(const QList<qint64> &jobIds, PushState state, qint64 nowMs)
{
    if (jobIds.isEmpty())
        return Done{};
    QSqlQuery q(m_db);
    // Only open jobs: one cancelled by a read meanwhile stays cancelled.
    q.prepare(QStringLiteral("UPDATE push_jobs SET state = ?, finished_at_ms = ? WHERE "
                             "state IN (0, 1) AND id IN (%1)")
                  .arg(placeholders(jobIds.size())));
    bind(q, int(state));
    bind(q, nowMs);
    for (qint64 id : jobIds)
        bind(q, id);
    if (!q.exec())
        return storageFailure(q, "finishing push notifications");
    return Done{};
}

Result<Done> PushJobStore::failed(const QList<qint64> &jobIds, qint64 nextAttemptMs,
                                  int maxAttempts, const QString &error, qint64 nowMs)
{
    if (jobIds.isEmpty())
        return Done{};
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE push_jobs SET attempts = attempts + 1, last_error = ?, "
                             "next_attempt_ms = ?, state = CASE WHEN attempts + 1 >= ? THEN ? "
                             "ELSE ? END, finished_at_ms = CASE WHEN attempts + 1 >= ? THEN ? "
                             "ELSE 0 END WHERE state IN (0, 1) AND id IN (%1)")
                  .arg(placeholders(jobIds.size())));
    bind(q, error);
    bind(q, nextAttemptMs);
    bind(q, maxAttempts);
    bind(q, int(PushState::Dead));
    bind(q, kRetrying);
    bind(q, maxAttempts);
    bind(q, nowMs);
    for (qint64 id : jobIds)
        bind(q, id);
    if (!q.exec())
        return storageFailure(q, "rescheduling push notifications");
    return Done{};
}

Result<QList<quint64>> PushJobStore::stats()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT state, COUNT(*) FROM push_jobs GROUP BY state")))
        return storageFailure(q, "counting push notifications");
    QList<quint64> counts(int(PushState::Skipped) + 1, 0);
    while (q.next()) {
        const int state = q.value(0).toInt();
        if (state >= 0 && state < counts.size())
            counts[state] = q.value(1).toULongLong();
    }
    return counts;
}

Result<Done> PushJobStore::prune(qint64 beforeMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM push_jobs WHERE state NOT IN (?, ?) AND "
                             "finished_at_ms < ?"));
    bind(q, kQueued);
    bind(q, kRetrying);
    bind(q, beforeMs);
    if (!q.exec())
        return storageFailure(q, "pruning finished push notifications");
    return Done{};
}

} // namespace natter::server::storage

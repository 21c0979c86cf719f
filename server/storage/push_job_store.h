#pragma once
/// The durable push-notification queue of one shard. A job (user, conversation, seq) is written
/// in the same transaction as the message it announces, so a committed message's jobs survive
/// any crash. Runs only on the shard's SqlWorker.

#include "natter.pb.h"
#include "result.h"
#include "storage/sql_util.h"

#include <QList>
#include <QSqlDatabase>

namespace natter::server::storage {

enum class PushState {
    Queued = 0,
    Retrying = 1,
    Delivered = 2,
    Cancelled = 3,
    Dead = 4,
    Skipped = 5
};

/// A user's due jobs of one conversation, coalesced into one notification.
struct PushWork {
    quint64 userId = 0;
    quint64 conversationId = 0;
    QList<qint64> jobIds;
    quint64 lastSeq = 0;
    int attempts = 0; // the most any of the jobs has had
    QString title;    // as the user sees it (a direct conversation: the other person)
    bool isGroup = false;
    QString senderName;
    QString lastText;
    quint64 unreadCount = 0;
};

class PushJobStore {
public:
    explicit PushJobStore(QSqlDatabase &db)
        : m_db(db)
    {
        NATTER_ASSERT_CONNECTION_THREAD(db);
    }

    // The table is made by ShardStore's migration 2 (same database, so jobs commit with their
    // message).

    /// Call inside the message's transaction.
    Result<Done> enqueue(quint64 conversationId, quint64 seq, const QList<quint64> &userIds,
                         qint64 nowMs);
    /// Jobs of a user made stale by reading up to `readSeq`.
    Result<Done> cancelRead(quint64 conversationId, quint64 userId, quint64 readSeq, qint64 nowMs);
    /// Cancels stale jobs, then returns up to `limit` due jobs coalesced per user and
    /// conversation. Jobs stay queued until finish(): a crash re-sends them.
    Result<QList<PushWork>> due(qint64 nowMs, int limit);
    Result<Done> finish(const QList<qint64> &jobIds, PushState state, qint64 nowMs);
    /// A failed attempt: retried at `nextAttemptMs`, or dead once `maxAttempts` are used.
    Result<Done> failed(const QList<qint64> &jobIds, qint64 nextAttemptMs, int maxAttempts,
                        const QString &error, qint64 nowMs);
    /// Job counts per state.
    Result<QList<quint64>> stats();
    /// Deletes finished jobs older than `beforeMs` (the table holds history only for stats).
    Result<Done> prune(qint64 beforeMs);

private:
    QSqlDatabase &m_db;
};

} // namespace natter::server::storage

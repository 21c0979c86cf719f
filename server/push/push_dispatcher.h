#pragma once

#include "push/push_config.h"
#include "push/webhook_sink.h"
#include "storage/storage.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <vector>

namespace natter::server::push {

/// Drains every shard's push queue: takes due jobs (coalesced per user and conversation),
/// posts one notification to each of the user's targets, and records the outcome — delivered,
/// skipped (no target), or failed and retried with exponential backoff and jitter until the
/// job is dead. One round per shard at a time, so a job is never in flight twice.
class PushDispatcher : public QObject {
    Q_OBJECT
public:
    PushDispatcher(storage::Storage &storage, const PushConfig &config, QObject *parent = nullptr);

    void start();
    void stop();
    /// Looks for due jobs now instead of at the next poll (e.g. right after a commit).
    void wake();

private:
    struct Outcome;
    void round(int shard);
    void deliver(int shard, const QList<storage::PushWork> &work,
                 const QList<storage::PushRecipient> &recipients);
    void record(int shard, const std::shared_ptr<Outcome> &outcome, bool full);
    void rememberAccepted(const QByteArray &key, const QString &url);
    [[nodiscard]] qint64 nextAttemptMs(int attempts) const;

    storage::Storage &m_storage;
    PushConfig m_config;
    WebhookSink m_webhooks;
    QTimer m_poll;
    QTimer m_prune;
    std::vector<bool> m_busy; // per shard: a round is in flight
    // Targets that took a notification (by idempotency key) whose other targets failed: its
    // retries go to the failed ones only. Forgotten when the job ends; bounded.
    QHash<QByteArray, QSet<QString>> m_acceptedBy;
    bool m_running = false;
};

} // namespace natter::server::push

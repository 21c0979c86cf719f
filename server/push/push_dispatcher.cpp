#include "push/push_dispatcher.h"

#include "push/notification.h"
#include "support/logging.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QSet>

namespace natter::server::push {

using storage::PushJobStore;
using storage::PushRecipient;
using storage::PushState;
using storage::PushWork;
using storage::ShardStore;

namespace {
constexpr int kMaxRememberedKeys = 100'000;
} // namespace

/// What a round did to its jobs, written back in one step.
struct PushDispatcher::Outcome {
    QList<qint64> delivered;
    QList<qint64> skipped;
    struct Failed {
        QList<qint64> jobIds;
        qint64 nextAttemptMs = 0;
        QString error;
    };
    QList<Failed> failed;
    qsizetype pending = 0;
};

PushDispatcher::PushDispatcher(storage::Storage &storage, const PushConfig &config, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_config(config)
    , m_webhooks(config.requestTimeoutMs, TargetPolicy(config.allowPrivate))
{
    m_poll.setInterval(config.pollMs);
    connect(&m_poll, &QTimer::timeout, this, &PushDispatcher::wake);
    m_prune.setInterval(3600'000);
    m_prune.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_prune, &QTimer::timeout, this, [this]() {
        const qint64 before = QDateTime::currentMSecsSinceEpoch() - m_config.retentionMs;
        for (int i = 0; i < m_storage.physicalShards(); ++i)
            m_storage.shardAt<natter::Done>(
                i, this, [before](ShardStore &store) { return store.pushJobs().prune(before); },
                [](Result<natter::Done>) {});
    });
}

void PushDispatcher::start()
{
    m_busy.assign(size_t(m_storage.physicalShards()), false);
    m_running = true;
    m_poll.start();
    m_prune.start();
    wake();
}

void PushDispatcher::stop()
{
    m_running = false;
    m_poll.stop();
    m_prune.stop();
}

void PushDispatcher::wake()
{
    if (!m_running)
        return;
    for (int shard = 0; shard < int(m_busy.size()); ++shard) {
        if (!m_busy[size_t(shard)])
            round(shard);
    }
}

void PushDispatcher::round(int shard)
{
    m_busy[size_t(shard)] = true;
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const int limit = m_config.batchSize;
    m_storage.shardAt<QList<PushWork>>(
        shard, this,
        [nowMs, limit](ShardStore &store) { return store.pushJobs().due(nowMs, limit); },
        [this, shard](Result<QList<PushWork>> due) {
            if (!due.ok() || due.value().isEmpty() || !m_running) {
                if (!due.ok())
                    qCWarning(lcStorage) << "push queue unreadable:" << due.failure().message;
                m_busy[size_t(shard)] = false;
                return;
            }
            QSet<quint64> users;
            for (const PushWork &item : due.value())
                users.insert(item.userId);
            const QList<quint64> userIds(users.cbegin(), users.cend());
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            const QList<PushWork> work = due.value();
            m_storage.users<QList<PushRecipient>>(
                this,
                [userIds, now](storage::UserStore &store) {
                    return store.pushTargets().pushRecipients(userIds, now);
                },
                [this, shard, work](Result<QList<PushRecipient>> recipients) {
                    if (!recipients.ok()) {
                        qCWarning(lcStorage)
                            << "push targets unreadable:" << recipients.failure().message;
                        m_busy[size_t(shard)] = false;
                        return;
                    }
                    deliver(shard, work, recipients.value());
                });
        });
}

void PushDispatcher::deliver(int shard, const QList<PushWork> &work,
                             const QList<PushRecipient> &recipients)
{
    auto outcome = std::make_shared<Outcome>();
    const bool full = work.size() >= m_config.batchSize;
    QHash<quint64, PushRecipient> byUser;
    for (const PushRecipient &recipient : recipients)
        byUser.insert(recipient.userId, recipient);

    for (const PushWork &item : work) {
        const auto it = byUser.constFind(item.userId);
        // No targets, or a message request the user has not accepted: nothing to notify.
        if (it == byUser.constEnd() || it->requests.contains(item.conversationId)) {
            outcome->skipped += item.jobIds;
            continue;
        }
        // The notification succeeds when every target took it. A retry goes only to the
        // targets that have not (same idempotency key), and each URL gets one request however
        // many of the user's sessions name it: one failing target must not multiply requests.
        const QByteArray key = idempotencyKey(item);
        const QByteArray json = notificationJson(item, it->previews, key);
        QSet<QString> urls;
        for (const storage::PushTarget &target : it->targets)
            urls.insert(target.url);
        urls.subtract(m_acceptedBy.value(key));
        if (urls.isEmpty()) { // every target took it before (its job was not marked yet)
            outcome->delivered += item.jobIds;
            continue;
        }
        auto remaining = std::make_shared<qsizetype>(urls.size());
        auto error = std::make_shared<QString>();
        ++outcome->pending;
        for (const QString &url : std::as_const(urls)) {
            m_webhooks.post(
                QUrl(url), json, key,
                [this, shard, item, key, url, outcome, remaining, error, full](bool ok,
                                                                               const QString &why) {
                    if (!ok && error->isEmpty())
                        *error = why;
                    if (ok)
                        rememberAccepted(key, url);
                    if (--*remaining > 0)
                        return;
                    if (error->isEmpty()) {
                        m_acceptedBy.remove(key);
                        outcome->delivered += item.jobIds;
                    } else {
                        qCInfo(lcStorage) << "push to user" << item.userId << "failed:" << *error;
                        outcome->failed.append({item.jobIds, nextAttemptMs(item.attempts), *error});
                    }
                    if (--outcome->pending == 0)
                        record(shard, outcome, full);
                });
        }
    }
    if (outcome->pending == 0)
        record(shard, outcome, full);
}

void PushDispatcher::rememberAccepted(const QByteArray &key, const QString &url)
{
    // A bound for keys whose jobs died or were cancelled without a final delivery round.
    if (m_acceptedBy.size() >= kMaxRememberedKeys && !m_acceptedBy.contains(key))
        m_acceptedBy.clear();
    m_acceptedBy[key].insert(url);
}

void PushDispatcher::record(int shard, const std::shared_ptr<Outcome> &outcome, bool full)
{
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const int maxAttempts = m_config.maxAttempts;
    m_storage.shardAt<natter::Done>(
        shard, this,
        [outcome, nowMs, maxAttempts](ShardStore &store) -> Result<natter::Done> {
            PushJobStore jobs = store.pushJobs();
            if (auto r = jobs.finish(outcome->delivered, PushState::Delivered, nowMs); !r.ok())
                return r;
            if (auto r = jobs.finish(outcome->skipped, PushState::Skipped, nowMs); !r.ok())
                return r;
            for (const auto &failed : outcome->failed) {
                if (auto r = jobs.failed(failed.jobIds, failed.nextAttemptMs, maxAttempts,
                                         failed.error, nowMs);
                    !r.ok())
                    return r;
            }
            return natter::Done{};
        },
        [this, shard, full](Result<natter::Done> written) {
            if (!written.ok())
                qCWarning(lcStorage) << "push outcome not saved (jobs will be re-sent):"
                                     << written.failure().message;
            m_busy[size_t(shard)] = false;
            // A full batch means more are due: go on without waiting for the poll.
            if (full && written.ok() && m_running)
                round(shard);
        });
}

qint64 PushDispatcher::nextAttemptMs(int attempts) const
{
    const double exponential = double(m_config.retryBaseMs) * double(1LL << std::min(attempts, 20));
    const double capped = std::min(exponential, double(m_config.retryMaxMs));
    // Full jitter over the upper half: retries of many jobs do not arrive in lockstep.
    const double delay = capped * (0.5 + 0.5 * QRandomGenerator::global()->generateDouble());
    return QDateTime::currentMSecsSinceEpoch() + qint64(delay);
}

} // namespace natter::server::push

#include "services/stats_service.h"

#include "storage/storage.h"

#include <memory>
#include <optional>

namespace natter::server::services {

StatsService::StatsService(storage::Storage &storage, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
{}

void StatsService::pushStats(std::function<void(Result<proto::PushStatsReply>)> done)
{
    auto reply = std::make_shared<proto::PushStatsReply>();
    auto remaining = std::make_shared<int>(m_storage.physicalShards() + 1);
    auto failure = std::make_shared<std::optional<Failure>>();
    auto finishOne = [remaining, failure, reply, done]() {
        if (--*remaining > 0)
            return;
        if (*failure)
            return done(**failure);
        done(*reply);
    };
    for (int i = 0; i < m_storage.physicalShards(); ++i) {
        m_storage.shardAt<QList<quint64>>(
            i, this, [](storage::ShardStore &store) { return store.pushJobs().stats(); },
            [reply, failure, finishOne](Result<QList<quint64>> counts) {
                if (!counts.ok()) {
                    *failure = counts.failure();
                } else {
                    const QList<quint64> &c = counts.value();
                    reply->set_queued(reply->queued() + c[int(storage::PushState::Queued)]);
                    reply->set_retrying(reply->retrying() + c[int(storage::PushState::Retrying)]);
                    reply->set_delivered(reply->delivered() +
                                         c[int(storage::PushState::Delivered)]);
                    reply->set_cancelled(reply->cancelled() +
                                         c[int(storage::PushState::Cancelled)]);
                    reply->set_dead(reply->dead() + c[int(storage::PushState::Dead)]);
                    reply->set_skipped(reply->skipped() + c[int(storage::PushState::Skipped)]);
                }
                finishOne();
            });
    }
    m_storage.users<quint64>(
        this, [](storage::UserStore &store) { return store.pushTargets().digestsSent(); },
        [reply, failure, finishOne](Result<quint64> sent) {
            if (sent.ok())
                reply->set_digests_sent(sent.value());
            else
                *failure = sent.failure();
            finishOne();
        });
}

void StatsService::addCacheStats(proto::ServerStatsReply &reply)
{
    const auto &cache = m_storage.recentMessages();
    reply.set_cache_hits(cache.hits());
    reply.set_cache_misses(cache.misses());
    reply.set_cached_conversations(quint64(cache.size()));
    reply.set_search_backlog(m_storage.searchBacklog());
}

} // namespace natter::server::services

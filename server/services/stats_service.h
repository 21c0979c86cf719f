#pragma once

#include "natter.pb.h"
#include "result.h"

#include <QObject>
#include <functional>

namespace natter::server::storage {
class Storage;
} // namespace natter::server::storage

namespace natter::server::services {

/// What natterd holds, for admins: the push queue and the recent-message cache.
class StatsService : public QObject {
    Q_OBJECT
public:
    explicit StatsService(storage::Storage &storage, QObject *parent = nullptr);

    /// The push queue over all shards, and the e-mail digests sent.
    void pushStats(std::function<void(Result<proto::PushStatsReply>)> done);
    /// The recent-message cache's hits, misses and size.
    void addCacheStats(proto::ServerStatsReply &reply);

private:
    storage::Storage &m_storage;
};

} // namespace natter::server::services

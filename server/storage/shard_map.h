#pragma once

#include <QtGlobal>

namespace natter::server::storage {

/// Places conversations on databases: a conversation id maps to one of a fixed number of
/// logical shards, and each logical shard to one physical database. Ids never change when
/// logical shards move between databases, which is what lets a deployment grow.
class ShardMap {
public:
    static constexpr int kLogicalShards = 64;

    /// `physicalShards` must be between 1 and kLogicalShards.
    explicit ShardMap(int physicalShards);

    [[nodiscard]] int physicalShards() const { return m_physical; }
    [[nodiscard]] static int logicalShard(quint64 conversationId);
    [[nodiscard]] int physicalShard(quint64 conversationId) const;

private:
    int m_physical;
};

} // namespace natter::server::storage

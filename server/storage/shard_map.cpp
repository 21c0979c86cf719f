#include "storage/shard_map.h"

namespace natter::server::storage {

ShardMap::ShardMap(int physicalShards)
    : m_physical(qBound(1, physicalShards, kLogicalShards))
{}

int ShardMap::logicalShard(quint64 conversationId)
{
    // splitmix64 finaliser: sequential ids spread evenly over the logical shards.
    quint64 z = conversationId + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return int(z % kLogicalShards);
}

int ShardMap::physicalShard(quint64 conversationId) const
{
    return logicalShard(conversationId) % m_physical;
}

} // namespace natter::server::storage

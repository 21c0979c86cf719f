#pragma once
/// A search over every message shard on behalf of one user, on a ReadPool thread (read-only
/// connections: it never waits for, nor delays, a shard's writer).
///
/// Newest first is a merge: each of the user's conversations is walked newest first through
/// its rowid range of the shard's index, and a heap always examines the newest candidate of all.
/// A conversation is opened only once its last activity is at least as new as the heap's best,
/// so dormant conversations cost nothing when active ones fill the page. Every request has a
/// work bound; where it stops, the cursor says so, and the next request resumes there.
///
/// The index is asked for each term's rarest trigrams, chosen from their counts in a sample
/// of the shard's recent texts (TrigramStatistics). A user with
/// kListShardFrom or more indexed conversations in a shard gets that shard's candidates from
/// one pass over its index when the query's trigrams are rare enough.

#include "natter.pb.h"
#include "result.h"
#include "search_text.h"
#include "storage/shard_map.h"
#include "storage/trigram_statistics.h"

#include <QSqlDatabase>
#include <optional>
#include <vector>

namespace natter::server::storage {

struct SearchParams {
    search::Query query;
    quint64 conversationId = 0; // 0: every conversation of the user
    std::optional<quint64> senderId;
    qint64 afterMs = 0;  // sent at or after; 0: no bound
    qint64 beforeMs = 0; // sent before; 0: no bound
    bool withFiles = false;
    int limit = 20;
    QByteArray cursor; // SearchReply.next_cursor of the page before
    proto::SearchOrder order = proto::NEWEST_FIRST;
};

class MessageSearch {
public:
    /// Messages examined (and conversations opened, at kOpenCost each) per request.
    static constexpr int kWorkBudget = 4000;
    static constexpr int kOpenCost = 4;
    /// Relevance ranks the newest this many hits.
    static constexpr int kRelevanceWindow = 300;
    /// A user with this many indexed conversations in a shard has the shard's index read in one
    /// pass for a query of rare trigrams, rather than once per conversation.
    static constexpr int kListShardFrom = 8;

    /// `shards[i]`: a connection to physical shard i, opened on the calling thread.
    /// `statistics`: the shards' samples kept between searches (none: one taken per search).
    MessageSearch(const std::vector<QSqlDatabase> &shards, const ShardMap &map,
                  TrigramStatistics *statistics = nullptr);

    Result<proto::SearchReply> run(quint64 userId, const SearchParams &params);

private:
    const std::vector<QSqlDatabase> &m_shards;
    const ShardMap &m_map;
    TrigramStatistics *m_statistics;
};

} // namespace natter::server::storage

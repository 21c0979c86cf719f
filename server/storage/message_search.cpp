#include "storage/message_search.h"

#include "protocol.h"
#include "storage/search_index.h"
#include "storage/search_walk.h"
#include "storage/shard_store_detail.h"
#include "storage/sql_util.h"

#include <QHash>
#include <QSet>
#include <QSqlQuery>
#include <QVariant>
#include <algorithm>
#include <memory>
#include <queue>

namespace natter::server::storage {

namespace {

using search_detail::Conversation;
using search_detail::IndexQuery;
using search_detail::Row;
using search_detail::Walk;

/// A message's place in the newest-first order: greater is newer.
struct Key {
    qint64 sentAtMs = 0;
    quint64 conversationId = 0;
    quint64 seq = 0;
    auto operator<=>(const Key &) const = default;
};

Key keyOf(const proto::Message &message)
{
    return Key{message.sent_at_ms(), message.conversation_id(), message.seq()};
}

Failure invalidCursor()
{
    return Failure{proto::INVALID_ARGUMENT,
                   QStringLiteral("the cursor is not one this server gave out; start the search "
                                  "again without it")};
}

Result<std::optional<proto::Message>> readMessage(const QSqlDatabase &db, quint64 conversationId,
                                                  quint64 seq)
{
    static const QString sql = QStringLiteral("SELECT %1 WHERE m.conversation_id = ? AND m.seq = ?")
                                   .arg(QLatin1String(detail::kMessageColumns));
    Statement q(db, sql);
    bind(*q, conversationId);
    bind(*q, seq);
    if (!q->exec())
        return storageFailure(*q, "reading a message found by search");
    if (!q->next())
        return std::optional<proto::Message>();
    return std::optional<proto::Message>(detail::readMessage(*q));
}

Result<qint64> sentAt(const QSqlDatabase &db, quint64 conversationId, quint64 seq)
{
    Statement q(db, QStringLiteral("SELECT sent_at_ms FROM messages WHERE conversation_id = ? "
                                   "AND seq = ?"));
    bind(*q, conversationId);
    bind(*q, seq);
    if (!q->exec())
        return storageFailure(*q, "reading a message's time");
    return q->next() ? q->value(0).toLongLong() : std::numeric_limits<qint64>::max();
}

/// The newest seq of `c` that comes after `bound` in newest-first order (0: none). Times grow
/// with seqs within a conversation, so it is a binary search over seqs.
Result<quint64> lastSeqBelow(const QSqlDatabase &db, const Conversation &c,
                             const std::optional<Key> &bound)
{
    if (!bound)
        return c.lastSeq;
    if (bound->conversationId == c.id && bound->seq > 0 && bound->sentAtMs > 0)
        return std::min(c.lastSeq, bound->seq - 1);
    auto below = [&](qint64 time) {
        return time < bound->sentAtMs || (time == bound->sentAtMs && c.id < bound->conversationId);
    };
    if (below(c.lastActivityMs))
        return c.lastSeq;
    quint64 low = 0;              // below
    quint64 high = c.lastSeq + 1; // not below
    while (high - low > 1) {
        const quint64 middle = low + (high - low) / 2;
        const auto time = sentAt(db, c.id, middle);
        if (!time.ok())
            return time.failure();
        (below(time.value()) ? low : high) = middle;
    }
    return low;
}

using SlotCandidates = QHash<qint64, std::vector<quint64>>;

/// Every candidate of the shard's index for a query, found in one pass and kept for the
/// user's conversations (seqs newest first per slot): a search over many conversations reads
/// the rare trigrams' lists once instead of seeking into them once per conversation. Nothing
/// when there are more than kMaxRows candidates (too common a query for it: walking each
/// conversation newest first stops sooner). Read in ascending order, the cheaper open (see
/// Walk).
Result<std::optional<SlotCandidates>>
listShardCandidates(const QSqlDatabase &db, const QString &match, const QSet<qint64> &userSlots)
{
    constexpr int kMaxRows = 20'000;
    Statement q(db, QStringLiteral("SELECT rowid FROM search_index WHERE search_index MATCH ? "
                                   "ORDER BY rowid"));
    q->addBindValue(match);
    if (!q->exec())
        return storageFailure(*q, "searching a shard");
    SlotCandidates bySlot;
    int rows = 0;
    while (q->next()) {
        if (++rows > kMaxRows)
            return std::optional<SlotCandidates>();
        const qint64 rowid = q->value(0).toLongLong();
        if (userSlots.contains(rowid >> 32))
            bySlot[rowid >> 32].push_back(quint64(rowid) & SearchIndex::kMaxSeq);
    }
    for (std::vector<quint64> &seqs : bySlot)
        std::reverse(seqs.begin(), seqs.end());
    return std::optional<SlotCandidates>(std::move(bySlot));
}

/// The MATCH expression for a shard's conversations, with the trigrams chosen from their
/// shares in a sample of the shard's recent texts (search::rarestTrigramMatch), kept in
/// `statistics` between searches. Words are about as common in one conversation as in the
/// next, so one sample per shard serves every search. Every trigram when the shard has too
/// few messages to be a sample.
Result<IndexQuery> plannedMatch(const QSqlDatabase &db, int shard, const search::Query &query,
                                TrigramStatistics *statistics)
{
    constexpr qint64 kSmallestSample = 500;
    std::optional<Failure> failed;
    auto take = [&]() -> std::optional<search::TrigramSample> {
        auto taken = TrigramStatistics::takeSample(db);
        if (!taken.ok()) {
            failed = taken.failure();
            return std::nullopt;
        }
        return std::move(taken.value());
    };
    TrigramStatistics::Sample sample;
    if (statistics) {
        sample = statistics->sample(shard, take);
    } else if (auto taken = take()) {
        sample = std::make_shared<const search::TrigramSample>(std::move(*taken));
    }
    if (failed)
        return *failed;
    IndexQuery planned;
    if (!sample || sample->texts() < kSmallestSample) {
        planned.match = search::trigramMatch(query);
        return planned;
    }
    planned.match = search::rarestTrigramMatch(
        query, sample->texts(), [&](const QString &trigram) { return sample->textsWith(trigram); },
        &planned.expectedShare);
    return planned;
}

struct Candidate {
    Key key;
    Walk *walk = nullptr;
    Row row;
    bool operator<(const Candidate &other) const { return key < other.key; }
};

struct Found {
    Key key;
    int score = 0;
    proto::SearchHit hit;
};

/// The hit for a candidate of `conversationId` when it satisfies the query and filters.
Result<std::optional<Found>> examine(const QSqlDatabase &db, quint64 conversationId, Row row,
                                     const SearchParams &params, bool rank)
{
    if (params.senderId && row.senderId != *params.senderId)
        return std::optional<Found>();
    const proto::AttachmentList files = detail::storedAttachments(row.attachments);
    if (params.withFiles && files.attachments_size() == 0)
        return std::optional<Found>();
    const QString searchable = SearchIndex::searchableText(row.text, files);
    const QString folded = search::fold(searchable);
    if (!search::matches(folded, params.query))
        return std::optional<Found>();
    auto message = readMessage(db, conversationId, row.seq);
    if (!message.ok())
        return message.failure();
    if (!message.value())
        return std::optional<Found>(); // deleted since the candidate was read
    Found found;
    found.key = keyOf(*message.value());
    found.score = rank ? search::relevance(folded, params.query) : 0;
    const search::Snippet snippet = search::snippet(searchable, params.query);
    found.hit.set_snippet(protocol::toStd(snippet.text));
    for (const search::Range &range : snippet.ranges) {
        proto::TextRange *r = found.hit.add_ranges();
        r->set_start(quint32(range.start));
        r->set_length(quint32(range.length));
    }
    message.value()->clear_text(); // the snippet carries what matters; replies stay small
    *found.hit.mutable_message() = std::move(*message.value());
    return std::optional<Found>(std::move(found));
}

} // namespace

MessageSearch::MessageSearch(const std::vector<QSqlDatabase> &shards, const ShardMap &map,
                             TrigramStatistics *statistics)
    : m_shards(shards)
    , m_map(map)
    , m_statistics(statistics)
{}

namespace {

Result<std::vector<Conversation>> listConversations(const std::vector<QSqlDatabase> &shards,
                                                    const ShardMap &map, quint64 userId,
                                                    quint64 onlyConversation)
{
    static const QString base = QStringLiteral(
        "SELECT m.conversation_id, c.last_activity_ms, c.last_seq, COALESCE(s.slot, -1), "
        "b.conversation_id IS NULL, COALESCE(p.from_seq, 0) FROM members m JOIN conversations c "
        "ON c.id = m.conversation_id LEFT JOIN search_slots s ON s.conversation_id = "
        "m.conversation_id LEFT JOIN search_backlog b ON b.conversation_id = m.conversation_id "
        "LEFT JOIN search_pending p ON p.conversation_id = m.conversation_id WHERE m.user_id = ? "
        "AND m.active = 1");
    static const QString one = base + QStringLiteral(" AND m.conversation_id = ?");
    std::vector<Conversation> list;
    bool memberOfTheOne = false;
    for (int shard = 0; shard < int(shards.size()); ++shard) {
        if (onlyConversation != 0 && map.physicalShard(onlyConversation) != shard)
            continue;
        Statement q(shards[size_t(shard)], onlyConversation != 0 ? one : base);
        bind(*q, userId);
        if (onlyConversation != 0)
            bind(*q, onlyConversation);
        if (!q->exec())
            return storageFailure(*q, "listing the conversations to search");
        while (q->next()) {
            memberOfTheOne = true;
            Conversation c{shard,
                           q->value(0).toULongLong(),
                           q->value(1).toLongLong(),
                           q->value(2).toULongLong(),
                           q->value(3).toLongLong(),
                           q->value(4).toBool(),
                           q->value(5).toULongLong()};
            if (c.lastSeq > 0)
                list.push_back(c);
        }
    }
    if (onlyConversation != 0 && !memberOfTheOne)
        return detail::notAMember(onlyConversation);
    // Most recently active first: the order in which they may hold the newest hits.
    std::sort(list.begin(), list.end(), [](const Conversation &a, const Conversation &b) {
        return std::tie(a.lastActivityMs, a.id) > std::tie(b.lastActivityMs, b.id);
    });
    return list;
}

} // namespace

Result<proto::SearchReply> MessageSearch::run(quint64 userId, const SearchParams &params)
{
    const bool rank = params.order == proto::RELEVANCE;
    proto::SearchCursor cursor;
    if (!params.cursor.isEmpty() &&
        (!cursor.ParseFromArray(params.cursor.constData(), int(params.cursor.size())) ||
         (!rank && cursor.sent_at_ms() <= 0)))
        return invalidCursor();
    std::optional<Key> bound;
    if (params.beforeMs > 0)
        bound = Key{params.beforeMs, 0, 0};
    if (!params.cursor.isEmpty() && !rank) {
        const Key resumeAt{cursor.sent_at_ms(), cursor.conversation_id(), cursor.seq()};
        if (!bound || resumeAt < *bound)
            bound = resumeAt;
    }
    auto listed = listConversations(m_shards, m_map, userId, params.conversationId);
    if (!listed.ok())
        return listed.failure();
    const std::vector<Conversation> &conversations = listed.value();
    const IndexQuery everyTrigram{search::trigramMatch(params.query)};
    // Per shard, planned on first use: the trigrams to ask for, and the candidates of a pass
    // over the whole index when the user has many conversations there.
    struct ShardPlan {
        bool planned = false;
        IndexQuery index;
        QSet<qint64> userSlots; // of the user's indexed conversations in the shard
        std::optional<SlotCandidates> listed;
    };
    std::vector<ShardPlan> plans(m_shards.size());
    for (const Conversation &c : conversations)
        if (c.indexed && c.slot >= 0)
            plans[size_t(c.shard)].userSlots.insert(c.slot);

    std::vector<std::unique_ptr<Walk>> walks;
    std::priority_queue<Candidate> candidates;
    // The walk's next candidate goes into the heap unless it is older than the search wants.
    auto advance = [&](Walk *walk) -> Result<Done> {
        auto next = walk->next();
        if (!next.ok())
            return next.failure();
        if (next.value() && next.value()->sentAtMs >= params.afterMs) {
            const Key key{next.value()->sentAtMs, walk->conversationId(), next.value()->seq};
            candidates.push(Candidate{key, walk, std::move(*next.value())});
        }
        return Done{};
    };

    const size_t wanted = size_t(rank ? kRelevanceWindow : params.limit);
    std::vector<Found> found;
    size_t opened = 0;
    int budget = kWorkBudget;
    std::optional<Key> lastExamined;
    // Until the page is full or the work bound is reached (after one message at least, so
    // that every request moves on).
    while (found.size() < wanted && (budget > 0 || !lastExamined)) {
        const bool mayHoldNewer = opened < conversations.size() &&
                                  (candidates.empty() || conversations[opened].lastActivityMs >=
                                                             candidates.top().key.sentAtMs);
        if (mayHoldNewer) {
            const Conversation &c = conversations[opened++];
            budget -= kOpenCost;
            if (c.lastActivityMs < params.afterMs) {
                opened = conversations.size(); // the rest are older still
                continue;
            }
            const QSqlDatabase &db = m_shards[size_t(c.shard)];
            const auto maxSeq = lastSeqBelow(db, c, bound);
            if (!maxSeq.ok())
                return maxSeq.failure();
            if (maxSeq.value() == 0)
                continue;
            ShardPlan &plan = plans[size_t(c.shard)];
            if (!plan.planned && !everyTrigram.match.isEmpty()) {
                auto planned = plannedMatch(db, c.shard, params.query, m_statistics);
                if (!planned.ok())
                    return planned.failure();
                plan.planned = true;
                plan.index = planned.value();
                if (!plan.index.match.isEmpty() && plan.userSlots.size() >= kListShardFrom) {
                    auto pass = listShardCandidates(db, plan.index.match, plan.userSlots);
                    if (!pass.ok())
                        return pass.failure();
                    plan.listed = std::move(pass.value());
                }
            }
            static const std::vector<quint64> none;
            const std::vector<quint64> *inPass = nullptr;
            if (plan.listed) {
                const auto ofSlot = plan.listed->constFind(c.slot);
                inPass = ofSlot != plan.listed->constEnd() ? &ofSlot.value() : &none;
            }
            walks.push_back(std::make_unique<Walk>(db, c.id));
            if (auto open = walks.back()->open(
                    c, maxSeq.value(), plan.index.match.isEmpty() ? everyTrigram : plan.index,
                    inPass);
                !open.ok())
                return open.failure();
            if (auto first = advance(walks.back().get()); !first.ok())
                return first.failure();
            continue;
        }
        if (candidates.empty())
            break;
        Candidate top = candidates.top();
        candidates.pop();
        --budget;
        lastExamined = top.key;
        auto hit =
            examine(top.walk->db(), top.walk->conversationId(), std::move(top.row), params, rank);
        if (!hit.ok())
            return hit.failure();
        if (hit.value())
            found.push_back(std::move(*hit.value()));
        if (auto next = advance(top.walk); !next.ok())
            return next.failure();
    }
    const bool more = !candidates.empty() || opened < conversations.size();

    proto::SearchReply reply;
    if (!rank) {
        for (Found &hit : found)
            *reply.add_hits() = std::move(hit.hit);
        if (more && lastExamined) {
            proto::SearchCursor next;
            next.set_sent_at_ms(lastExamined->sentAtMs);
            next.set_conversation_id(lastExamined->conversationId);
            next.set_seq(lastExamined->seq);
            reply.set_next_cursor(next.SerializeAsString());
        }
        return reply;
    }
    std::stable_sort(found.begin(), found.end(), [](const Found &a, const Found &b) {
        return std::tie(a.score, a.key) > std::tie(b.score, b.key);
    });
    const size_t from = std::min<size_t>(cursor.offset(), found.size());
    const size_t to = std::min(found.size(), from + size_t(params.limit));
    for (size_t i = from; i < to; ++i)
        *reply.add_hits() = std::move(found[i].hit);
    if (to < found.size()) {
        proto::SearchCursor next;
        next.set_offset(quint32(to));
        reply.set_next_cursor(next.SerializeAsString());
    }
    return reply;
}

} // namespace natter::server::storage

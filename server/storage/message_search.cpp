#include "storage/message_search.h"

#include "protocol.h"
#include "storage/search_index.h"
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

struct Conversation {
    int shard = 0;
    quint64 id = 0;
    qint64 lastActivityMs = 0; // no message of it is newer
    quint64 lastSeq = 0;
    qint64 slot = -1;        // its range in the index; -1: none yet
    bool indexed = false;    // false while older messages of it wait in the backlog
    quint64 pendingFrom = 0; // its messages from this seq on are not in the index yet (0: none)
};

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

/// One conversation's candidates, newest first: first the messages not in the index yet (read
/// directly), then its range of the index when the query can use the index and every older
/// message of it is indexed; otherwise every message.
class Walk {
public:
    Walk(const QSqlDatabase &db, quint64 conversationId)
        : m_db(db)
        , m_conversationId(conversationId)
        , m_rows(db)
    {
        m_rows.setForwardOnly(true);
    }

    /// `listed`: when not null, the conversation's candidates in the index, newest first, from
    /// a pass over the shard's whole index (listShardCandidates); `match` otherwise.
    Result<Done> open(const Conversation &c, quint64 maxSeq, const QString &match,
                      const std::vector<quint64> *listed)
    {
        const bool byIndex = !match.isEmpty() && c.indexed && c.slot >= 0;
        if (byIndex && listed) {
            // Messages indexed after the conversation was listed are read directly below.
            const quint64 indexedTo = c.pendingFrom > 0 ? c.pendingFrom - 1 : c.lastSeq;
            for (quint64 seq : *listed)
                if (seq <= std::min(maxSeq, indexedTo))
                    m_listed.push_back(seq);
            if (c.pendingFrom > 0 && c.pendingFrom <= maxSeq)
                return openMessages(c.pendingFrom, maxSeq);
            return Done{};
        }
        if (byIndex && c.pendingFrom > 0 && c.pendingFrom <= maxSeq) {
            m_after = {c.slot, c.pendingFrom - 1, match}; // the index, once these are read
            return openMessages(c.pendingFrom, maxSeq);
        }
        if (byIndex)
            return openIndex(
                c.slot, c.pendingFrom > 0 ? std::min(maxSeq, c.pendingFrom - 1) : maxSeq, match);
        return openMessages(1, maxSeq);
    }

    /// The next candidate, nothing when the conversation has no more.
    Result<std::optional<proto::Message>> next()
    {
        for (;;) {
            while (m_rows.isActive() && m_rows.next()) {
                const qint64 value = m_rows.value(0).toLongLong();
                const quint64 seq =
                    m_byIndex ? quint64(value) & SearchIndex::kMaxSeq : quint64(value);
                auto message = readMessage(m_db, m_conversationId, seq);
                if (!message.ok() || message.value())
                    return message;
            }
            while (m_nextListed < m_listed.size()) {
                auto message = readMessage(m_db, m_conversationId, m_listed[m_nextListed++]);
                if (!message.ok() || message.value())
                    return message;
            }
            if (!m_after)
                return std::optional<proto::Message>();
            const IndexPart after = *std::exchange(m_after, std::nullopt);
            if (after.maxSeq == 0)
                return std::optional<proto::Message>();
            if (auto opened = openIndex(after.slot, after.maxSeq, after.match); !opened.ok())
                return opened.failure();
        }
    }

private:
    struct IndexPart {
        qint64 slot;
        quint64 maxSeq;
        QString match;
    };

    Result<Done> openIndex(qint64 slot, quint64 maxSeq, const QString &match)
    {
        m_byIndex = true;
        m_rows.prepare(QStringLiteral("SELECT rowid FROM search_index WHERE search_index MATCH ? "
                                      "AND rowid BETWEEN ? AND ? ORDER BY rowid DESC"));
        m_rows.addBindValue(match);
        m_rows.addBindValue(SearchIndex::rowid(slot, 1));
        m_rows.addBindValue(SearchIndex::rowid(slot, std::min(maxSeq, SearchIndex::kMaxSeq)));
        if (!m_rows.exec())
            return storageFailure(m_rows, "searching a conversation");
        return Done{};
    }

    Result<Done> openMessages(quint64 fromSeq, quint64 maxSeq)
    {
        m_byIndex = false;
        m_rows.prepare(QStringLiteral("SELECT seq FROM messages WHERE conversation_id = ? AND "
                                      "seq >= ? AND seq <= ? ORDER BY seq DESC"));
        bind(m_rows, m_conversationId);
        bind(m_rows, fromSeq);
        bind(m_rows, maxSeq);
        if (!m_rows.exec())
            return storageFailure(m_rows, "searching a conversation");
        return Done{};
    }

    QSqlDatabase m_db;
    quint64 m_conversationId;
    QSqlQuery m_rows;
    bool m_byIndex = false;
    std::optional<IndexPart> m_after;
    std::vector<quint64> m_listed; // after m_rows
    size_t m_nextListed = 0;
};

using SlotCandidates = QHash<qint64, std::vector<quint64>>;

/// Every candidate of the shard's index for a query, found in one pass and kept for the
/// user's conversations (seqs newest first per slot): a search over many conversations reads
/// the rare trigrams' lists once instead of seeking into them once per conversation. Nothing
/// when there are more than kMaxRows candidates (too common a query for it: walking each
/// conversation newest first stops sooner).
Result<std::optional<SlotCandidates>>
listShardCandidates(const QSqlDatabase &db, const QString &match, const QSet<qint64> &userSlots)
{
    constexpr int kMaxRows = 20'000;
    Statement q(db, QStringLiteral("SELECT rowid FROM search_index WHERE search_index MATCH ? "
                                   "ORDER BY rowid DESC LIMIT ?"));
    q->addBindValue(match);
    q->addBindValue(kMaxRows + 1);
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
    return std::optional<SlotCandidates>(std::move(bySlot));
}

/// The MATCH expression for a shard's conversations, with the trigrams chosen from their
/// counts in the newest indexed messages of `c` (search::rarestTrigramMatch). Words are about
/// as common in one conversation as in the next, so one sample per shard serves the search.
/// Empty when `c` has too few indexed messages to be a sample.
Result<QString> plannedMatch(const QSqlDatabase &db, const Conversation &c,
                             const search::Query &query)
{
    constexpr quint64 kSampleSeqs = 1000;
    constexpr quint64 kSmallestSample = 500;
    const quint64 newest =
        std::min(c.pendingFrom > 0 ? c.pendingFrom - 1 : c.lastSeq, SearchIndex::kMaxSeq);
    if (!c.indexed || c.slot < 0 || newest < kSmallestSample)
        return QString();
    const quint64 oldest = newest > kSampleSeqs ? newest - kSampleSeqs + 1 : 1;
    Statement count(db, QStringLiteral("SELECT COUNT(*) FROM search_index WHERE search_index "
                                       "MATCH ? AND rowid BETWEEN ? AND ?"));
    std::optional<Failure> failed;
    QString match = search::rarestTrigramMatch(
        query, qint64(newest - oldest + 1), [&](const QString &trigram) -> qint64 {
            count->addBindValue(search::matchAll({trigram}));
            count->addBindValue(SearchIndex::rowid(c.slot, oldest));
            count->addBindValue(SearchIndex::rowid(c.slot, newest));
            if (!count->exec() || !count->next()) {
                failed = storageFailure(*count, "counting a search's trigrams");
                return -1;
            }
            const qint64 docs = count->value(0).toLongLong();
            count->finish();
            return docs;
        });
    if (failed)
        return *failed;
    return match;
}

struct Candidate {
    Key key;
    Walk *walk = nullptr;
    proto::Message message;
    bool operator<(const Candidate &other) const { return key < other.key; }
};

struct Found {
    Key key;
    int score = 0;
    proto::SearchHit hit;
};

/// The hit for `message` when it satisfies the query and filters.
std::optional<Found> examine(proto::Message message, const SearchParams &params, bool rank)
{
    if (params.senderId && message.sender_id() != *params.senderId)
        return std::nullopt;
    if (params.withFiles && message.attachments_size() == 0)
        return std::nullopt;
    const QString searchable = SearchIndex::searchableText(
        protocol::fromStd(message.text()),
        QList<proto::Attachment>(message.attachments().begin(), message.attachments().end()));
    const QString folded = search::fold(searchable);
    if (!search::matches(folded, params.query))
        return std::nullopt;
    Found found;
    found.key = keyOf(message);
    found.score = rank ? search::relevance(folded, params.query) : 0;
    const search::Snippet snippet = search::snippet(searchable, params.query);
    found.hit.set_snippet(protocol::toStd(snippet.text));
    for (const search::Range &range : snippet.ranges) {
        proto::TextRange *r = found.hit.add_ranges();
        r->set_start(quint32(range.start));
        r->set_length(quint32(range.length));
    }
    message.clear_text(); // the snippet carries what matters; replies stay small
    *found.hit.mutable_message() = std::move(message);
    return found;
}

} // namespace

MessageSearch::MessageSearch(const std::vector<QSqlDatabase> &shards, const ShardMap &map)
    : m_shards(shards)
    , m_map(map)
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
    const QString everyTrigram = search::trigramMatch(params.query);
    // Per shard, planned on first use: the trigrams to ask for, and the candidates of a pass
    // over the whole index when the user has many conversations there.
    struct ShardPlan {
        QString match;
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
        if (next.value() && next.value()->sent_at_ms() >= params.afterMs) {
            Key key = keyOf(*next.value());
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
            if (plan.match.isEmpty() && !everyTrigram.isEmpty()) {
                auto planned = plannedMatch(db, c, params.query);
                if (!planned.ok())
                    return planned.failure();
                plan.match = planned.value();
                if (!plan.match.isEmpty() && plan.userSlots.size() >= kListShardFrom) {
                    auto pass = listShardCandidates(db, plan.match, plan.userSlots);
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
                    c, maxSeq.value(), plan.match.isEmpty() ? everyTrigram : plan.match, inPass);
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
        if (auto hit = examine(std::move(top.message), params, rank))
            found.push_back(std::move(*hit));
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

#pragma once
/// How common each trigram is in each shard's recent messages, kept between searches.
///
/// Every search asks for the rarest trigrams of its terms (search::rarestTrigramMatch), and
/// counting one in the index costs a lookup in every segment of it: for a query of a dozen
/// trigrams over four shards, a quarter of what a search cost at 10 M messages. So each shard
/// gets a sample of its recent texts, counted in memory (search::TrigramSample) by the first
/// search that needs it and shared by the later ones until it is kMaxAgeMs old. Shared by the
/// read pool's threads (thread-safe; a sample, once made, is never changed).

#include "result.h"
#include "search_text.h"

#include <QHash>
#include <QSqlDatabase>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace natter::server::storage {

class TrigramStatistics {
public:
    using Clock = std::function<qint64()>; // milliseconds, steady
    using Sample = std::shared_ptr<const search::TrigramSample>;
    static constexpr qint64 kMaxAgeMs = 10 * 60 * 1000;

    explicit TrigramStatistics(Clock clock = {});

    /// `shard`'s sample: the one kept, or `take()`'s when there is none or it is too old
    /// (nothing when it cannot take one; then nothing is kept either). Taken outside the
    /// lock: the other threads' searches go on meanwhile (and may take one too).
    [[nodiscard]] Sample sample(int shard,
                                const std::function<std::optional<search::TrigramSample>()> &take);

    /// A sample of a shard's recent texts: the newest messages of its most recently active
    /// conversations, at most 1,000 of each, 5,000 in all (trigrams in one text only dropped).
    [[nodiscard]] static Result<search::TrigramSample> takeSample(const QSqlDatabase &db);

    /// How many samples were taken, and how many times a kept one served (for tests and the
    /// figures).
    [[nodiscard]] qint64 taken() const;
    [[nodiscard]] qint64 reused() const;

private:
    struct Kept {
        Sample sample;
        qint64 takenAtMs = 0;
    };
    Clock m_clock;
    mutable std::mutex m_mutex;
    QHash<int, Kept> m_samples;
    qint64 m_taken = 0;
    qint64 m_reused = 0;
};

} // namespace natter::server::storage

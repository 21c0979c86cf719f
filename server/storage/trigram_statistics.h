#pragma once
/// How common each trigram is in each shard's recent messages, remembered between searches.
///
/// Every search asks for the rarest trigrams of its terms (search::rarestTrigramMatch), and
/// counting one costs an index lookup in every segment of the shard's index: for a query of
/// a dozen trigrams over four shards, more than the search itself once the shards hold
/// millions of messages. A trigram's share changes slowly, and queries share trigrams (the
/// same words, the same prefixes typed letter by letter), so a share is kept for kMaxAgeMs and
/// counted again after. Shared by the read pool's threads (thread-safe).

#include <QHash>
#include <QString>

#include <functional>
#include <mutex>
#include <optional>

namespace natter::server::storage {

class TrigramStatistics {
public:
    using Clock = std::function<qint64()>; // milliseconds, steady
    static constexpr qint64 kMaxAgeMs = 10 * 60 * 1000;
    /// Shares kept at most (about 100 bytes each); all are dropped when a new one finds it full.
    static constexpr int kMaxEntries = 100'000;

    explicit TrigramStatistics(Clock clock = {});

    /// The share (0 to 1) of `shard`'s recent messages that hold `trigram`: remembered, or
    /// `count()` when not known or too old (nothing when it cannot count; nothing is kept then).
    [[nodiscard]] std::optional<double> share(int shard, const QString &trigram,
                                              const std::function<std::optional<double>()> &count);

    /// How many shares were answered from memory and how many were counted (for tests and the
    /// figures).
    [[nodiscard]] qint64 remembered() const;
    [[nodiscard]] qint64 counted() const;

private:
    struct Entry {
        double share = 0;
        qint64 countedAtMs = 0;
    };
    Clock m_clock;
    mutable std::mutex m_mutex;
    QHash<QPair<int, QString>, Entry> m_shares;
    qint64 m_remembered = 0;
    qint64 m_counted = 0;
};

} // namespace natter::server::storage

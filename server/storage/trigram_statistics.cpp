#include "storage/trigram_statistics.h"

#include <chrono>

namespace natter::server::storage {

TrigramStatistics::TrigramStatistics(Clock clock)
    : m_clock(std::move(clock))
{
    if (!m_clock)
        m_clock = [] {
            return qint64(std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now().time_since_epoch())
                              .count());
        };
}

std::optional<double> TrigramStatistics::share(int shard, const QString &trigram,
                                               const std::function<std::optional<double>()> &count)
{
    const QPair<int, QString> key{shard, trigram};
    {
        std::lock_guard lock(m_mutex);
        const auto known = m_shares.constFind(key);
        if (known != m_shares.constEnd() && m_clock() - known->countedAtMs < kMaxAgeMs) {
            ++m_remembered;
            return known->share;
        }
    }
    // Counted outside the lock: the other threads' searches do not wait for this one's reads.
    const std::optional<double> counted = count();
    if (!counted)
        return std::nullopt;
    std::lock_guard lock(m_mutex);
    ++m_counted;
    if (m_shares.size() >= kMaxEntries && !m_shares.contains(key))
        m_shares.clear(); // a bound, not a policy: recounting is only slower
    m_shares.insert(key, Entry{*counted, m_clock()});
    return counted;
}

qint64 TrigramStatistics::remembered() const
{
    std::lock_guard lock(m_mutex);
    return m_remembered;
}

qint64 TrigramStatistics::counted() const
{
    std::lock_guard lock(m_mutex);
    return m_counted;
}

} // namespace natter::server::storage

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

TrigramStatistics::Sample
TrigramStatistics::sample(int shard,
                          const std::function<std::optional<search::TrigramSample>()> &take)
{
    {
        std::lock_guard lock(m_mutex);
        const auto kept = m_samples.constFind(shard);
        if (kept != m_samples.constEnd() && m_clock() - kept->takenAtMs < kMaxAgeMs) {
            ++m_reused;
            return kept->sample;
        }
    }
    std::optional<search::TrigramSample> taken = take();
    if (!taken)
        return nullptr;
    auto made = std::make_shared<const search::TrigramSample>(std::move(*taken));
    std::lock_guard lock(m_mutex);
    ++m_taken;
    m_samples.insert(shard, Kept{made, m_clock()});
    return made;
}

qint64 TrigramStatistics::taken() const
{
    std::lock_guard lock(m_mutex);
    return m_taken;
}

qint64 TrigramStatistics::reused() const
{
    std::lock_guard lock(m_mutex);
    return m_reused;
}

} // namespace natter::server::storage

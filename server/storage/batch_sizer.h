#pragma once
/// Sizes the batches of background work a shard's writer thread does between commits (search
/// indexing) so that each takes about kTargetMicros: a send queued behind a batch waits that
/// long at most, and batches are as large as that allows (SQLite's FTS5 costs about as much
/// per transaction as per message, so larger is cheaper). Without it, batches of 2,000
/// messages held group commits back by 100–180 ms under load (natterd's stall log).

#include <QtGlobal>
#include <algorithm>

namespace natter::server::storage {

class BatchSizer {
public:
    static constexpr qint64 kTargetMicros = 15'000;
    static constexpr int kSmallest = 32;
    static constexpr int kLargest = 2000;

    explicit BatchSizer(int first = 256)
        : m_size(std::clamp(first, kSmallest, kLargest))
    {}

    [[nodiscard]] int size() const { return m_size; }

    /// The last batch did `items` in `micros`: the next one aims at kTargetMicros at that
    /// pace, changing by at most half or double at a time (one slow batch is not a trend).
    void took(int items, qint64 micros)
    {
        if (items <= 0)
            return;
        const qint64 perItem = std::max<qint64>(1, micros / items);
        const qint64 aimed = kTargetMicros / perItem;
        m_size = int(std::clamp<qint64>(aimed, std::max(kSmallest, m_size / 2),
                                        std::min(kLargest, m_size * 2)));
    }

private:
    int m_size;
};

} // namespace natter::server::storage

#pragma once

#include <QtGlobal>
#include <chrono>

namespace natter::bench {

/// The bench's clock, in nanoseconds: CLOCK_MONOTONIC on Linux (what Pacer's timerfd reads).
inline qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace natter::bench

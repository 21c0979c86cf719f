#include "gateway/request_rate_limiter.h"

#include <QDateTime>
#include <cmath>

namespace natter::server::gateway {

namespace {
// Buckets kept before idle ones (refilled, so forgetting them changes nothing) are dropped.
constexpr qsizetype kMaxBuckets = 200'000;
constexpr qint64 kIdleMs = 60'000;
} // namespace

RequestRateLimiter::RequestRateLimiter(Clock clock)
    : m_clock(clock ? std::move(clock) : [] { return QDateTime::currentMSecsSinceEpoch(); })
{}

qint64 RequestRateLimiter::take(quint64 userId, int requestType, const Rate &rate)
{
    const qint64 now = m_clock();
    const auto key = qMakePair(userId, requestType);
    auto it = m_buckets.find(key);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= kMaxBuckets)
            forgetIdle(now);
        it = m_buckets.insert(key, Bucket{rate.burst, now});
    }
    Bucket &bucket = *it;
    bucket.tokens = std::min(rate.burst, bucket.tokens + double(now - bucket.updatedMs) *
                                                             rate.perSecond / 1000);
    bucket.updatedMs = now;
    if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
    }
    return qint64(std::ceil((1 - bucket.tokens) * 1000 / rate.perSecond));
}

void RequestRateLimiter::forgetIdle(qint64 now)
{
    m_buckets.removeIf([now](const auto &it) { return now - it.value().updatedMs > kIdleMs; });
}

} // namespace natter::server::gateway

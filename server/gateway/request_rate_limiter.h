#pragma once

#include <QHash>
#include <QPair>
#include <functional>

namespace natter::server::gateway {

/// Token buckets per user and request type: a user may make `burst` requests of a type at
/// once and `perSecond` more every second after. What they bound is the work one user can
/// cause for the server and for others (typing and presence events fan out to every member).
class RequestRateLimiter {
public:
    struct Rate {
        double perSecond = 1;
        double burst = 1;
    };
    using Clock = std::function<qint64()>; // milliseconds; injectable for tests

    explicit RequestRateLimiter(Clock clock = {});

    /// Takes a token: 0 when the request may go ahead, else milliseconds until it may.
    [[nodiscard]] qint64 take(quint64 userId, int requestType, const Rate &rate);

private:
    struct Bucket {
        double tokens = 0;
        qint64 updatedMs = 0;
    };
    void forgetIdle(qint64 now);

    Clock m_clock;
    QHash<QPair<quint64, int>, Bucket> m_buckets;
};

} // namespace natter::server::gateway

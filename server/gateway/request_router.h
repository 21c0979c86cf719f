#pragma once

#include "gateway/request_rate_limiter.h"
#include "natter.pb.h"

#include <QHash>
#include <functional>

namespace natter::server::gateway {

class ClientConnection;

/// Hands each request to the handler registered for its body case, after the checks every
/// request shares: Hello first, then sign-in where the handler needs it.
class RequestRouter {
public:
    using Handler = std::function<void(ClientConnection &, const proto::Envelope &)>;
    enum class Access { BeforeHello, Anonymous, SignedIn };

    using Rate = RequestRateLimiter::Rate;

    void add(proto::Envelope::BodyCase bodyCase, Access access, Handler handler);
    /// Signed-in users may make this request at most at `rate` (RATE_LIMITED beyond).
    void limit(proto::Envelope::BodyCase bodyCase, Rate rate);
    /// The rates natterd applies by default (docs/security.md).
    void limitByDefault();
    void dispatch(ClientConnection &connection, const proto::Envelope &envelope);

private:
    struct Route {
        Access access;
        Handler handler;
    };
    QHash<int, Route> m_routes;
    QHash<int, Rate> m_rates;
    RequestRateLimiter m_limiter;
};

} // namespace natter::server::gateway

#pragma once

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

    void add(proto::Envelope::BodyCase bodyCase, Access access, Handler handler);
    void dispatch(ClientConnection &connection, const proto::Envelope &envelope) const;

private:
    struct Route {
        Access access;
        Handler handler;
    };
    QHash<int, Route> m_routes;
};

} // namespace natter::server::gateway

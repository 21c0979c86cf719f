#include "request_router.h"

#include "client_connection.h"

namespace natter::server::gateway {

void RequestRouter::add(proto::Envelope::BodyCase bodyCase, Access access, Handler handler)
{
    m_routes.insert(int(bodyCase), Route{access, std::move(handler)});
}

void RequestRouter::dispatch(ClientConnection &connection, const proto::Envelope &envelope) const
{
    const quint64 requestId = envelope.request_id();
    const auto route = m_routes.constFind(int(envelope.body_case()));
    if (route == m_routes.constEnd()) {
        connection.sendError(requestId, {proto::UNKNOWN_REQUEST,
                                         QStringLiteral("this server does not handle request "
                                                        "type %1")
                                             .arg(int(envelope.body_case()))});
        return;
    }
    if (route->access != Access::BeforeHello && !connection.helloDone()) {
        connection.sendError(requestId, {proto::HELLO_REQUIRED,
                                         QStringLiteral("send Hello before any other request")});
        return;
    }
    if (route->access == Access::SignedIn && !connection.user()) {
        connection.sendError(requestId,
                             {proto::NOT_AUTHENTICATED,
                              QStringLiteral("sign in first with Register, Login or Resume")});
        return;
    }
    route->handler(connection, envelope);
}

} // namespace natter::server::gateway

#include "gateway/request_router.h"

#include "gateway/client_connection.h"

namespace natter::server::gateway {

void RequestRouter::add(proto::Envelope::BodyCase bodyCase, Access access, Handler handler)
{
    m_routes.insert(int(bodyCase), Route{access, std::move(handler)});
}

void RequestRouter::limit(proto::Envelope::BodyCase bodyCase, Rate rate)
{
    m_rates.insert(int(bodyCase), rate);
}

void RequestRouter::limitByDefault()
{
    using E = proto::Envelope;
    // Typing and presence fan out to every member of every shared conversation; listing
    // conversations reads every shard; creating conversations fills others' lists.
    limit(E::kTypingRequest, {2, 10});
    limit(E::kSetPresenceRequest, {1, 5});
    limit(E::kGetPresenceRequest, {2, 10});
    limit(E::kGetConversationsRequest, {5, 20});
    limit(E::kGetMessagesRequest, {50, 200});
    // A search may read many conversations (within MessageSearch's work bound).
    limit(E::kSearchRequest, {5, 20});
    limit(E::kCreateDirectRequest, {2, 20});
    limit(E::kCreateGroupRequest, {1, 10});
    limit(E::kAddMembersRequest, {2, 20});
    limit(E::kRemoveMembersRequest, {2, 20});
    limit(E::kUpdateSettingsRequest, {1, 10});
    limit(E::kRegisterPushTargetRequest, {2, 30});
    limit(E::kBlockUserRequest, {2, 30});
    limit(E::kAcceptRequestRequest, {2, 30});
    limit(E::kMarkReadRequest, {20, 100});
    limit(E::kMarkDeliveredRequest, {20, 100});
}

void RequestRouter::dispatch(ClientConnection &connection, const proto::Envelope &envelope)
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
    if (const auto rate = m_rates.constFind(int(envelope.body_case()));
        rate != m_rates.constEnd() && connection.user()) {
        if (const qint64 wait = m_limiter.take(connection.user()->id, rate.key(), *rate)) {
            connection.sendError(requestId,
                                 {proto::RATE_LIMITED,
                                  QStringLiteral("too many requests of this kind; try again in "
                                                 "%1 ms")
                                      .arg(wait),
                                  quint32(wait)});
            return;
        }
    }
    route->handler(connection, envelope);
}

} // namespace natter::server::gateway

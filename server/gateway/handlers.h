#pragma once
/// Request handlers: each translates one feature's requests into service calls and the
/// results into replies. Registered on the router by the composition root.

#include "client_connection.h"
#include "request_router.h"

#include <QPointer>

namespace natter::server::services {
class AccountService;
class ConversationService;
class MessageService;
} // namespace natter::server::services

namespace natter::server::gateway {

void addSessionHandlers(RequestRouter &router, services::AccountService &accounts,
                        const protocol::Limits &limits);
void addConversationHandlers(RequestRouter &router, services::ConversationService &conversations);
void addMessageHandlers(RequestRouter &router, services::MessageService &messages);

/// A callback that answers `requestId` on `connection` with the result (or its error), and
/// does nothing when the connection has gone away in the meantime.
template <typename T, typename Fill>
auto replyWith(ClientConnection &connection, quint64 requestId, Fill fill)
{
    QPointer<ClientConnection> target(&connection);
    return [target, requestId, fill](Result<T> result) {
        if (!target)
            return;
        if (!result.ok())
            return target->sendError(requestId, result.failure());
        proto::Envelope envelope;
        envelope.set_request_id(requestId);
        fill(envelope, result.value());
        target->send(envelope);
    };
}

} // namespace natter::server::gateway

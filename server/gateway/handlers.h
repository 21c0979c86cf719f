#pragma once
/// Request handlers: each translates one feature's requests into service calls and the
/// results into replies. Registered on the router by the composition root.

#include "gateway/client_connection.h"
#include "gateway/request_router.h"

#include <QPointer>

namespace natter::server::services {
class AccountService;
class ConversationService;
class MediaService;
class ProfileService;
class MessageService;
class PresenceService;
class ReceiptService;
class SearchService;
class SettingsService;
class StatsService;
class TypingService;
} // namespace natter::server::services

namespace natter::server::gateway {

class Gateway;

void addSessionHandlers(RequestRouter &router, services::AccountService &accounts,
                        const protocol::Limits &limits);
void addConversationHandlers(RequestRouter &router, services::ConversationService &conversations);
void addMessageHandlers(RequestRouter &router, services::MessageService &messages);
void addSearchHandlers(RequestRouter &router, services::SearchService &search);
/// Uploads and downloads of files, and profile photos.
void addMediaHandlers(RequestRouter &router, services::MediaService &media,
                      services::ProfileService &profiles);
void addPresenceHandlers(RequestRouter &router, services::ReceiptService &receipts,
                         services::PresenceService &presence, services::TypingService &typing);
void addSettingsHandlers(RequestRouter &router, services::SettingsService &settings,
                         services::PresenceService &presence);
/// Requests only admins may make (statistics, sessions, admin rights, accounts).
void addAdminHandlers(RequestRouter &router, services::StatsService &stats, Gateway &gateway,
                      services::AccountService &accounts);

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

/// replyWith for requests answered with Ok.
inline auto replyOk(ClientConnection &connection, quint64 requestId)
{
    return replyWith<natter::Done>(
        connection, requestId, [](proto::Envelope &e, const natter::Done &) { e.mutable_ok(); });
}

} // namespace natter::server::gateway

#include "gateway/handlers.h"

#include "services/account_service.h"
#include "version.h"

namespace natter::server::gateway {

using protocol::fromStd;
using protocol::toStd;
using services::AuthOutcome;
using Access = RequestRouter::Access;

namespace {

void fillAuth(proto::AuthReply *reply, const AuthOutcome &outcome)
{
    reply->set_token(toStd(outcome.token));
    reply->mutable_user()->set_id(outcome.user.id);
    reply->mutable_user()->set_username(toStd(outcome.user.username));
    reply->mutable_user()->set_display_name(toStd(outcome.user.displayName));
    reply->set_expires_at_ms(outcome.expiresAtMs);
}

/// Answers a Register/Login/Resume and signs the connection in on success.
std::function<void(Result<AuthOutcome>)> signInWith(ClientConnection &connection, quint64 requestId)
{
    QPointer<ClientConnection> target(&connection);
    return [target, requestId](Result<AuthOutcome> outcome) {
        if (!target)
            return;
        if (!outcome.ok())
            return target->sendError(requestId, outcome.failure());
        if (target->user())
            return target->sendError(requestId, {proto::ALREADY_AUTHENTICATED,
                                                 QStringLiteral("this connection is already "
                                                                "signed in")});
        target->signIn(outcome.value().user, outcome.value().tokenHash,
                       outcome.value().expiresAtMs);
        proto::Envelope envelope;
        envelope.set_request_id(requestId);
        fillAuth(envelope.mutable_auth_reply(), outcome.value());
        target->send(envelope);
    };
}

services::Attempt attemptFrom(const ClientConnection &connection)
{
    return {connection.peerAddress(), connection.closedFlag()};
}

bool refuseIfSignedIn(ClientConnection &connection, quint64 requestId)
{
    if (!connection.user())
        return false;
    connection.sendError(requestId, {proto::ALREADY_AUTHENTICATED,
                                     QStringLiteral("this connection is already signed in; "
                                                    "log out first")});
    return true;
}

} // namespace

void addSessionHandlers(RequestRouter &router, services::AccountService &accounts,
                        const protocol::Limits &limits)
{
    router.add(proto::Envelope::kHello, Access::BeforeHello,
               [limits](ClientConnection &connection, const proto::Envelope &request) {
                   const auto &hello = request.hello();
                   if (hello.protocol_version() != protocol::kProtocolVersion) {
                       connection.sendError(request.request_id(),
                                            {proto::UNSUPPORTED_VERSION,
                                             QStringLiteral("this server speaks protocol "
                                                            "version %1, the client %2; update "
                                                            "the client")
                                                 .arg(protocol::kProtocolVersion)
                                                 .arg(hello.protocol_version())});
                       return;
                   }
                   connection.setHelloDone();
                   proto::Envelope reply;
                   reply.set_request_id(request.request_id());
                   auto *body = reply.mutable_hello_reply();
                   body->set_protocol_version(protocol::kProtocolVersion);
                   body->set_server_version(NATTER_VERSION);
                   *body->mutable_limits() = limits.toProto();
                   connection.send(reply);
               });

    router.add(proto::Envelope::kRegisterRequest, Access::Anonymous,
               [&accounts](ClientConnection &connection, const proto::Envelope &request) {
                   if (refuseIfSignedIn(connection, request.request_id()))
                       return;
                   const auto &r = request.register_request();
                   accounts.registerUser(fromStd(r.username()),
                                         QByteArray::fromStdString(r.password()),
                                         fromStd(r.display_name()), fromStd(r.device_name()),
                                         fromStd(r.invite_code()), attemptFrom(connection),
                                         signInWith(connection, request.request_id()));
               });

    router.add(proto::Envelope::kLoginRequest, Access::Anonymous,
               [&accounts](ClientConnection &connection, const proto::Envelope &request) {
                   if (refuseIfSignedIn(connection, request.request_id()))
                       return;
                   const auto &r = request.login_request();
                   accounts.login(fromStd(r.username()), QByteArray::fromStdString(r.password()),
                                  fromStd(r.device_name()), attemptFrom(connection),
                                  signInWith(connection, request.request_id()));
               });

    router.add(proto::Envelope::kResumeRequest, Access::Anonymous,
               [&accounts](ClientConnection &connection, const proto::Envelope &request) {
                   if (refuseIfSignedIn(connection, request.request_id()))
                       return;
                   accounts.resume(fromStd(request.resume_request().token()),
                                   signInWith(connection, request.request_id()));
               });

    router.add(proto::Envelope::kLogoutRequest, Access::SignedIn,
               [&accounts](ClientConnection &connection, const proto::Envelope &request) {
                   QPointer<ClientConnection> target(&connection);
                   const quint64 requestId = request.request_id();
                   accounts.logout(connection.tokenHash(), [target, requestId](auto revoked) {
                       if (!target)
                           return;
                       if (!revoked.ok())
                           return target->sendError(requestId, revoked.failure());
                       target->signOut();
                       proto::Envelope reply;
                       reply.set_request_id(requestId);
                       reply.mutable_ok();
                       target->send(reply);
                   });
               });
}

} // namespace natter::server::gateway

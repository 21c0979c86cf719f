#include "gateway/handlers.h"

#include "gateway/gateway.h"
#include "services/account_service.h"
#include "services/stats_service.h"

namespace natter::server::gateway {

using Access = RequestRouter::Access;
using protocol::fromStd;
using protocol::toStd;

namespace {

/// Registers a request only admins may make: the caller's rights are read from their account
/// for each request, so a grant or revocation takes effect at once.
void addAdminRoute(RequestRouter &router, proto::Envelope::BodyCase bodyCase,
                   services::AccountService &accounts, RequestRouter::Handler handler)
{
    router.add(bodyCase, Access::SignedIn,
               [&accounts, handler](ClientConnection &c, const proto::Envelope &request) {
                   QPointer<ClientConnection> target(&c);
                   accounts.isAdmin(c.user()->id, [target, request, handler](Result<bool> admin) {
                       if (!target)
                           return;
                       if (!target->user()) // logged out meanwhile
                           return target->sendError(
                               request.request_id(),
                               {proto::NOT_AUTHENTICATED,
                                QStringLiteral("sign in first with Register, Login or Resume")});
                       if (!admin.ok())
                           return target->sendError(request.request_id(), admin.failure());
                       if (!admin.value())
                           return target->sendError(
                               request.request_id(),
                               {proto::PERMISSION_DENIED,
                                QStringLiteral("only natterd admins may do this; an admin can "
                                               "run natterctl admin grant %1")
                                    .arg(target->user()->username)});
                       handler(*target, request);
                   });
               });
}

void fillSessions(proto::AdminSessionsReply *reply, const QList<services::SessionInfo> &sessions,
                  const Gateway &gateway)
{
    for (const auto &session : sessions) {
        auto *info = reply->add_sessions();
        info->set_id(session.id);
        info->set_device_name(toStd(session.deviceName));
        info->set_created_at_ms(session.createdAtMs);
        info->set_expires_at_ms(session.expiresAtMs);
        info->set_live(gateway.isSessionLive(session.tokenHash));
    }
}

} // namespace

void addAdminHandlers(RequestRouter &router, services::StatsService &stats, Gateway &gateway,
                      services::AccountService &accounts)
{
    addAdminRoute(router, proto::Envelope::kPushStatsRequest, accounts,
                  [&stats](ClientConnection &c, const proto::Envelope &request) {
                      stats.pushStats(replyWith<proto::PushStatsReply>(
                          c, request.request_id(),
                          [](proto::Envelope &e, const proto::PushStatsReply &figures) {
                              *e.mutable_push_stats_reply() = figures;
                          }));
                  });
    addAdminRoute(router, proto::Envelope::kServerStatsRequest, accounts,
                  [&gateway, &stats](ClientConnection &c, const proto::Envelope &request) {
                      proto::Envelope reply;
                      reply.set_request_id(request.request_id());
                      auto *figures = reply.mutable_server_stats_reply();
                      figures->set_connections(quint64(gateway.connectionCount()));
                      stats.addCacheStats(*figures);
                      for (int count : gateway.connectionsPerThread())
                          figures->add_connections_per_thread(quint64(count));
                      figures->set_refused_connections(gateway.refusedConnections());
                      c.send(reply);
                  });
    addAdminRoute(router, proto::Envelope::kAdminSessionsRequest, accounts,
                  [&accounts, &gateway](ClientConnection &c, const proto::Envelope &request) {
                      accounts.sessionsOf(
                          fromStd(request.admin_sessions_request().username()),
                          replyWith<QList<services::SessionInfo>>(
                              c, request.request_id(), [&gateway](proto::Envelope &e, auto &list) {
                                  fillSessions(e.mutable_admin_sessions_reply(), list, gateway);
                              }));
                  });
    addAdminRoute(router, proto::Envelope::kAdminRevokeSessionsRequest, accounts,
                  [&accounts, &gateway](ClientConnection &c, const proto::Envelope &request) {
                      const auto &r = request.admin_revoke_sessions_request();
                      // Answered after their connections were closed: none is live now.
                      accounts.revokeSessions(
                          fromStd(r.username()), r.session_id(),
                          replyWith<QList<services::SessionInfo>>(
                              c, request.request_id(), [&gateway](proto::Envelope &e, auto &list) {
                                  fillSessions(e.mutable_admin_sessions_reply(), list, gateway);
                              }));
                  });
    addAdminRoute(router, proto::Envelope::kAdminGrantRequest, accounts,
                  [&accounts](ClientConnection &c, const proto::Envelope &request) {
                      const auto &r = request.admin_grant_request();
                      accounts.setAdmin(fromStd(r.username()), !r.revoke(),
                                        replyOk(c, request.request_id()));
                  });
    addAdminRoute(router, proto::Envelope::kAdminCreateInviteRequest, accounts,
                  [&accounts](ClientConnection &c, const proto::Envelope &request) {
                      accounts.createInvite(
                          c.user()->id,
                          replyWith<proto::InviteReply>(
                              c, request.request_id(),
                              [](proto::Envelope &e, const proto::InviteReply &invite) {
                                  *e.mutable_invite_reply() = invite;
                              }));
                  });
    addAdminRoute(router, proto::Envelope::kAdminCreateUserRequest, accounts,
                  [&accounts](ClientConnection &c, const proto::Envelope &request) {
                      const auto &r = request.admin_create_user_request();
                      accounts.createUser(
                          fromStd(r.username()), QByteArray::fromStdString(r.password()),
                          fromStd(r.display_name()), replyOk(c, request.request_id()));
                  });
}

} // namespace natter::server::gateway

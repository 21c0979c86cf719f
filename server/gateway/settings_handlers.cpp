#include "gateway/handlers.h"

#include "services/presence_service.h"
#include "services/settings_service.h"

namespace natter::server::gateway {

using Access = RequestRouter::Access;

namespace {
auto replySettings(ClientConnection &c, quint64 requestId)
{
    return replyWith<proto::AccountSettings>(
        c, requestId, [](proto::Envelope &e, const proto::AccountSettings &settings) {
            *e.mutable_settings_reply()->mutable_settings() = settings;
        });
}
} // namespace

void addSettingsHandlers(RequestRouter &router, services::SettingsService &settings,
                         services::PresenceService &presence)
{
    router.add(proto::Envelope::kGetSettingsRequest, Access::SignedIn,
               [&settings](ClientConnection &c, const proto::Envelope &request) {
                   settings.settings(*c.user(), replySettings(c, request.request_id()));
               });
    router.add(proto::Envelope::kUpdateSettingsRequest, Access::SignedIn,
               [&settings, &presence](ClientConnection &c, const proto::Envelope &request) {
                   const quint64 userId = c.user()->id;
                   auto reply = replySettings(c, request.request_id());
                   settings.update(*c.user(), request.update_settings_request().settings(),
                                   [reply, &presence, userId](auto stored) {
                                       reply(stored);
                                       // Contacts see the last-seen time appear or vanish.
                                       if (stored.ok())
                                           presence.republish(userId);
                                   });
               });
    router.add(proto::Envelope::kBlockUserRequest, Access::SignedIn,
               [&settings, &presence](ClientConnection &c, const proto::Envelope &request) {
                   const auto &r = request.block_user_request();
                   const quint64 userId = c.user()->id;
                   auto reply = replyOk(c, request.request_id());
                   settings.block(*c.user(), protocol::fromStd(r.username()), !r.unblock(),
                                  [reply, &presence, userId](Result<natter::Done> changed) {
                                      reply(changed);
                                      // The blocked user's view of presence changes now.
                                      if (changed.ok())
                                          presence.republish(userId);
                                  });
               });
    router.add(proto::Envelope::kAcceptRequestRequest, Access::SignedIn,
               [&settings, &presence](ClientConnection &c, const proto::Envelope &request) {
                   const quint64 userId = c.user()->id;
                   auto reply = replyOk(c, request.request_id());
                   settings.acceptRequest(*c.user(),
                                          request.accept_request_request().conversation_id(),
                                          [reply, &presence, userId](Result<bool> accepted) {
                                              if (!accepted.ok())
                                                  return reply(accepted.failure());
                                              reply(natter::Done{});
                                              // Both sides see each other's presence from now on.
                                              if (accepted.value())
                                                  presence.republish(userId);
                                          });
               });
    router.add(proto::Envelope::kGetBlockedRequest, Access::SignedIn,
               [&settings](ClientConnection &c, const proto::Envelope &request) {
                   settings.blocked(
                       *c.user(),
                       replyWith<QList<services::UserIdentity>>(
                           c, request.request_id(), [](proto::Envelope &e, auto &users) {
                               for (const auto &user : users) {
                                   auto *u = e.mutable_blocked_reply()->add_users();
                                   u->set_id(user.id);
                                   u->set_username(protocol::toStd(user.username));
                                   u->set_display_name(protocol::toStd(user.displayName));
                               }
                           }));
               });
    router.add(proto::Envelope::kRegisterPushTargetRequest, Access::SignedIn,
               [&settings](ClientConnection &c, const proto::Envelope &request) {
                   const auto &r = request.register_push_target_request();
                   settings.registerPushTarget(*c.user(), c.tokenHash(), r.kind(),
                                               protocol::fromStd(r.url()),
                                               replyOk(c, request.request_id()));
               });
}

} // namespace natter::server::gateway

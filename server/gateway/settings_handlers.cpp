#include "handlers.h"

#include "push/push_dispatcher.h"
#include "services/presence_service.h"
#include "services/settings_service.h"
#include "validation.h"

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
                         services::PresenceService &presence, push::PushDispatcher &push,
                         const QStringList &admins)
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
    router.add(proto::Envelope::kRegisterPushTargetRequest, Access::SignedIn,
               [&settings](ClientConnection &c, const proto::Envelope &request) {
                   const auto &r = request.register_push_target_request();
                   settings.registerPushTarget(*c.user(), c.tokenHash(), r.kind(),
                                               protocol::fromStd(r.url()),
                                               replyOk(c, request.request_id()));
               });

    QStringList adminKeys;
    for (const QString &name : admins)
        adminKeys.append(validation::usernameKey(name));
    router.add(proto::Envelope::kPushStatsRequest, Access::SignedIn,
               [&push, adminKeys](ClientConnection &c, const proto::Envelope &request) {
                   if (!adminKeys.contains(validation::usernameKey(c.user()->username)))
                       return c.sendError(request.request_id(),
                                          {proto::PERMISSION_DENIED,
                                           QStringLiteral("only natterd admins may read push "
                                                          "statistics; start natterd with "
                                                          "--admin %1 to allow this user")
                                               .arg(c.user()->username)});
                   push.stats(replyWith<proto::PushStatsReply>(
                       c, request.request_id(),
                       [](proto::Envelope &e, const proto::PushStatsReply &stats) {
                           *e.mutable_push_stats_reply() = stats;
                       }));
               });
}

} // namespace natter::server::gateway

#include "handlers.h"

#include "gateway.h"
#include "push/push_dispatcher.h"
#include "storage/storage.h"
#include "validation.h"

namespace natter::server::gateway {

using Access = RequestRouter::Access;

void addAdminHandlers(RequestRouter &router, push::PushDispatcher &push, const Gateway &gateway,
                      storage::Storage &storage, const QStringList &admins)
{
    QStringList adminKeys;
    for (const QString &name : admins)
        adminKeys.append(validation::usernameKey(name));
    // Refuses (and answers) unless the caller is an admin.
    auto refused = [adminKeys](ClientConnection &c, quint64 requestId) {
        if (adminKeys.contains(validation::usernameKey(c.user()->username)))
            return false;
        c.sendError(requestId, {proto::PERMISSION_DENIED,
                                QStringLiteral("only natterd admins may read statistics; start "
                                               "natterd with --admin %1 to allow this user")
                                    .arg(c.user()->username)});
        return true;
    };

    router.add(proto::Envelope::kPushStatsRequest, Access::SignedIn,
               [&push, refused](ClientConnection &c, const proto::Envelope &request) {
                   if (refused(c, request.request_id()))
                       return;
                   push.stats(replyWith<proto::PushStatsReply>(
                       c, request.request_id(),
                       [](proto::Envelope &e, const proto::PushStatsReply &stats) {
                           *e.mutable_push_stats_reply() = stats;
                       }));
               });
    router.add(proto::Envelope::kServerStatsRequest, Access::SignedIn,
               [&gateway, &storage, refused](ClientConnection &c, const proto::Envelope &request) {
                   if (refused(c, request.request_id()))
                       return;
                   proto::Envelope reply;
                   reply.set_request_id(request.request_id());
                   auto *stats = reply.mutable_server_stats_reply();
                   stats->set_connections(quint64(gateway.connectionCount()));
                   stats->set_cache_hits(storage.recentMessages().hits());
                   stats->set_cache_misses(storage.recentMessages().misses());
                   stats->set_cached_conversations(quint64(storage.recentMessages().size()));
                   for (int count : gateway.connectionsPerThread())
                       stats->add_connections_per_thread(quint64(count));
                   c.send(reply);
               });
}

} // namespace natter::server::gateway

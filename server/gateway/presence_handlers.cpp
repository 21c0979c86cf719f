#include "gateway/handlers.h"

#include "services/presence_service.h"
#include "services/receipt_service.h"
#include "services/typing_service.h"

namespace natter::server::gateway {

using Access = RequestRouter::Access;

void addPresenceHandlers(RequestRouter &router, services::ReceiptService &receipts,
                         services::PresenceService &presence, services::TypingService &typing)
{
    router.add(proto::Envelope::kMarkReadRequest, Access::SignedIn,
               [&receipts](ClientConnection &c, const proto::Envelope &request) {
                   const auto &r = request.mark_read_request();
                   receipts.markRead(*c.user(), r.conversation_id(), r.seq(),
                                     replyWith<proto::MarkReadReply>(
                                         c, request.request_id(),
                                         [](proto::Envelope &e, const proto::MarkReadReply &reply) {
                                             *e.mutable_mark_read_reply() = reply;
                                         }));
               });
    router.add(proto::Envelope::kMarkDeliveredRequest, Access::SignedIn,
               [&receipts](ClientConnection &c, const proto::Envelope &request) {
                   QList<QPair<quint64, quint64>> cursors;
                   for (const auto &cursor : request.mark_delivered_request().cursors())
                       cursors.append({cursor.conversation_id(), cursor.seq()});
                   receipts.markDelivered(*c.user(), cursors, replyOk(c, request.request_id()));
               });
    router.add(proto::Envelope::kSetPresenceRequest, Access::SignedIn,
               [&presence](ClientConnection &c, const proto::Envelope &request) {
                   presence.setAway(c.user()->id, c.id(), request.set_presence_request().away());
                   replyOk(c, request.request_id())(natter::Done{});
               });
    router.add(proto::Envelope::kGetPresenceRequest, Access::SignedIn,
               [&presence](ClientConnection &c, const proto::Envelope &request) {
                   const auto &ids = request.get_presence_request().user_ids();
                   presence.presence(*c.user(), QList<quint64>(ids.begin(), ids.end()),
                                     replyWith<proto::PresenceReply>(
                                         c, request.request_id(),
                                         [](proto::Envelope &e, const proto::PresenceReply &reply) {
                                             *e.mutable_presence_reply() = reply;
                                         }));
               });
    router.add(proto::Envelope::kTypingRequest, Access::SignedIn,
               [&typing](ClientConnection &c, const proto::Envelope &request) {
                   const auto &r = request.typing_request();
                   typing.report(*c.user(), r.conversation_id(), r.typing(),
                                 replyOk(c, request.request_id()));
               });
}

} // namespace natter::server::gateway

#include "gateway/handlers.h"

#include "services/message_service.h"

namespace natter::server::gateway {

void addMessageHandlers(RequestRouter &router, services::MessageService &service)
{
    router.add(proto::Envelope::kSendMessageRequest, RequestRouter::Access::SignedIn,
               [&service](ClientConnection &c, const proto::Envelope &request) {
                   const auto &r = request.send_message_request();
                   service.send(
                       *c.user(), r.conversation_id(), protocol::fromStd(r.client_msg_id()),
                       QByteArray::fromStdString(r.text()),
                       QList<proto::Attachment>(r.attachments().begin(), r.attachments().end()),
                       replyWith<proto::SendMessageReply>(
                           c, request.request_id(),
                           [](proto::Envelope &e, const proto::SendMessageReply &reply) {
                               *e.mutable_send_message_reply() = reply;
                           }));
               });
}

} // namespace natter::server::gateway

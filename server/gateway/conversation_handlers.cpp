#include "gateway/handlers.h"

#include "services/conversation_service.h"

namespace natter::server::gateway {

using protocol::fromStd;
using Access = RequestRouter::Access;

namespace {

QStringList names(const google::protobuf::RepeatedPtrField<std::string> &list)
{
    QStringList result;
    for (const std::string &name : list)
        result.append(fromStd(name));
    return result;
}

auto conversationReply(ClientConnection &connection, quint64 requestId)
{
    return replyWith<proto::Conversation>(
        connection, requestId, [](proto::Envelope &envelope, const proto::Conversation &c) {
            *envelope.mutable_conversation_reply()->mutable_conversation() = c;
        });
}

/// replyWith for history pages: a cached page goes out as the bytes encoded once for all.
auto replyWithPage(ClientConnection &connection, quint64 requestId)
{
    QPointer<ClientConnection> target(&connection);
    return [target, requestId](Result<services::MessagesPage> result) {
        if (!target)
            return;
        if (!result.ok())
            return target->sendError(requestId, result.failure());
        if (const auto &encoded = result.value().encoded)
            return target->sendEncodedReply(
                requestId, protocol::encodeReply(
                               requestId, proto::Envelope::kMessagesReplyFieldNumber, *encoded));
        proto::Envelope envelope;
        envelope.set_request_id(requestId);
        *envelope.mutable_messages_reply() = std::move(result.value().reply);
        target->send(envelope);
    };
}
} // namespace

void addConversationHandlers(RequestRouter &router, services::ConversationService &service)
{
    router.add(proto::Envelope::kCreateDirectRequest, Access::SignedIn,
               [&service](ClientConnection &c, const proto::Envelope &request) {
                   service.createDirect(*c.user(),
                                        fromStd(request.create_direct_request().username()),
                                        conversationReply(c, request.request_id()));
               });
    router.add(proto::Envelope::kCreateGroupRequest, Access::SignedIn,
               [&service](ClientConnection &c, const proto::Envelope &request) {
                   const auto &r = request.create_group_request();
                   service.createGroup(*c.user(), fromStd(r.title()), names(r.usernames()),
                                       conversationReply(c, request.request_id()));
               });
    router.add(proto::Envelope::kAddMembersRequest, Access::SignedIn,
               [&service](ClientConnection &c, const proto::Envelope &request) {
                   const auto &r = request.add_members_request();
                   service.changeMembers(*c.user(), r.conversation_id(), names(r.usernames()), {},
                                         conversationReply(c, request.request_id()));
               });
    router.add(proto::Envelope::kRemoveMembersRequest, Access::SignedIn,
               [&service](ClientConnection &c, const proto::Envelope &request) {
                   const auto &r = request.remove_members_request();
                   service.changeMembers(*c.user(), r.conversation_id(), {}, names(r.usernames()),
                                         conversationReply(c, request.request_id()));
               });
    router.add(proto::Envelope::kGetConversationsRequest, Access::SignedIn,
               [&service](ClientConnection &c, const proto::Envelope &request) {
                   const auto &r = request.get_conversations_request();
                   service.conversations(
                       *c.user(), fromStd(r.cursor()), r.limit(),
                       replyWith<proto::ConversationsReply>(
                           c, request.request_id(),
                           [](proto::Envelope &e, const proto::ConversationsReply &reply) {
                               *e.mutable_conversations_reply() = reply;
                           }));
               });
    router.add(proto::Envelope::kGetMessagesRequest, Access::SignedIn,
               [&service](ClientConnection &c, const proto::Envelope &request) {
                   const auto &r = request.get_messages_request();
                   auto reply = replyWith<proto::MessagesReply>(
                       c, request.request_id(),
                       [](proto::Envelope &e, const proto::MessagesReply &page) {
                           *e.mutable_messages_reply() = page;
                       });
                   if (r.around_seq() == 0)
                       return service.messages(*c.user(), r.conversation_id(), r.before_seq(),
                                               r.after_seq(), r.limit(),
                                               replyWithPage(c, request.request_id()));
                   if (r.before_seq() > 0 || r.after_seq() > 0)
                       return reply(Failure{proto::INVALID_ARGUMENT,
                                            QStringLiteral("give one of before_seq, after_seq and "
                                                           "around_seq")});
                   service.messagesAround(*c.user(), r.conversation_id(), r.around_seq(), r.limit(),
                                          reply);
               });
}

} // namespace natter::server::gateway

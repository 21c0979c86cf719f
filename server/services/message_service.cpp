#include "services/message_service.h"

#include "services/media_service.h"
#include "services/storage_rows.h"
#include "storage/storage.h"

#include "validation.h"

namespace natter::server::services {

MessageService::MessageService(storage::Storage &storage, MediaService &media,
                               const protocol::Limits &limits, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_media(media)
    , m_limits(limits)
{}

void MessageService::send(const UserIdentity &caller, quint64 conversationId,
                          const QString &clientMsgId, const QByteArray &textUtf8,
                          const QList<proto::Attachment> &attachments,
                          std::function<void(Result<proto::SendMessageReply>)> done)
{
    if (conversationId == 0)
        return done(Failure{proto::INVALID_ARGUMENT, QStringLiteral("conversation_id is missing")});
    if (clientMsgId.isEmpty() || clientMsgId.toUtf8().size() > validation::kClientMsgIdMaxBytes)
        return done(
            Failure{proto::INVALID_ARGUMENT, QStringLiteral("client_msg_id must be 1 to %1 bytes")
                                                 .arg(validation::kClientMsgIdMaxBytes)});
    if (quint32(textUtf8.size()) > m_limits.maxTextBytes)
        return done(Failure{proto::TEXT_TOO_LONG,
                            QStringLiteral("the text is %1 bytes; the limit is %2 bytes")
                                .arg(textUtf8.size())
                                .arg(m_limits.maxTextBytes)});
    if (!textUtf8.isValidUtf8())
        return done(Failure{proto::INVALID_TEXT, QStringLiteral("the text is not valid UTF-8")});
    const QString text = QString::fromUtf8(textUtf8);
    if (text.trimmed().isEmpty() && attachments.isEmpty())
        return done(Failure{proto::INVALID_TEXT, QStringLiteral("the text is empty")});

    storage::SendRequest request{
        conversationId, caller.id,       clientMsgId,
        text,           caller.username, m_storage.closedConversations().contains(conversationId)};
    if (attachments.isEmpty())
        return store(std::move(request), std::move(done));
    // Members only, before anything about the files is looked at or recorded: nobody else
    // learns what a conversation carries. Then the files, before the message: a stored
    // message never carries one its members may not read.
    m_storage.readShard<natter::Done>(
        conversationId, caller.id, this,
        [conversationId, callerId = caller.id](storage::ShardStore &shard) {
            return shard.requireMember(conversationId, callerId);
        },
        [this, caller, attachments, request, done](Result<natter::Done> member) mutable {
            if (!member.ok())
                return done(member.failure());
            m_media.prepareAttachments(
                caller, request.conversationId, attachments,
                [this, request, done](Result<QList<proto::Attachment>> checked) mutable {
                    if (!checked.ok())
                        return done(checked.failure());
                    request.attachments = checked.value();
                    store(std::move(request), std::move(done));
                });
        });
}

void MessageService::store(storage::SendRequest request,
                           std::function<void(Result<proto::SendMessageReply>)> done)
{
    m_storage.send(request, this, [this, done](Result<storage::SendOutcome> outcome) {
        if (!outcome.ok())
            return done(outcome.failure());
        const storage::SendOutcome &sent = outcome.value();
        proto::SendMessageReply reply;
        reply.set_conversation_id(sent.message.conversation_id());
        reply.set_seq(sent.message.seq());
        reply.set_sent_at_ms(sent.message.sent_at_ms());
        reply.set_duplicate(sent.duplicate);
        // The ack goes first: the sender learns its seq before its other devices see the event.
        done(reply);
        if (!sent.duplicate && m_events) {
            proto::Envelope event;
            *event.mutable_message_event()->mutable_message() = sent.message;
            m_events(sent.memberIds, event);
        }
        if (sent.senderCursor && m_receipts)
            m_receipts(*sent.senderCursor);
    });
}

} // namespace natter::server::services

#include "client.h"

#include <QPointer>
#include <QUuid>

namespace natter::client {

using protocol::toStd;

Client::Client(const QString &clientName, QObject *parent)
    : QObject(parent)
    , m_clientName(clientName)
    , m_connection(clientName)
{
    connect(&m_connection, &Connection::ready, this, &Client::onConnectionReady);
    connect(&m_connection, &Connection::eventReceived, this, &Client::onEvent);
}

QString Client::newClientMsgId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

template <typename T>
void Client::call(proto::Envelope request, const T &(proto::Envelope::*body)() const,
                  bool (proto::Envelope::*has)() const, Callback<T> done, QObject *context)
{
    m_connection.request(
        std::move(request),
        [body, has, done](Result<proto::Envelope> reply) {
            if (!reply.ok())
                return done(reply.failure());
            if (!(reply.value().*has)())
                return done(
                    Failure{proto::INTERNAL,
                            QStringLiteral("the server answered with an unexpected reply")});
            done((reply.value().*body)());
        },
        context);
}

void Client::callForConversation(proto::Envelope request, Callback<proto::Conversation> done,
                                 QObject *context)
{
    call<proto::ConversationReply>(
        std::move(request), &proto::Envelope::conversation_reply,
        &proto::Envelope::has_conversation_reply,
        [done](Result<proto::ConversationReply> r) {
            r.ok() ? done(r.value().conversation()) : done(r.failure());
        },
        context);
}

void Client::onConnectionReady()
{
    if (m_token.isEmpty()) {
        emit ready();
        return;
    }
    resume(m_token, [this](Result<proto::AuthReply> resumed) {
        if (!resumed.ok()) {
            if (resumed.failure().code == proto::INVALID_TOKEN)
                m_token.clear();
            emit sessionLost(resumed.failure().message);
            return;
        }
        emit ready();
    });
}

void Client::onEvent(const proto::Envelope &event)
{
    if (event.has_message_event())
        emit messageReceived(event.message_event().message());
    else if (event.has_conversation_event())
        emit conversationChanged(event.conversation_event());
    else if (event.has_receipt_event())
        emit receiptReceived(event.receipt_event());
    else if (event.has_presence_event())
        emit presenceChanged(event.presence_event().presence());
    else if (event.has_profile_event())
        emit profileChanged(event.profile_event().profile());
    else if (event.has_typing_event())
        emit typingChanged(event.typing_event());
}

void Client::callForOk(proto::Envelope request, Callback<Done> done, QObject *context)
{
    call<proto::Ok>(
        std::move(request), &proto::Envelope::ok, &proto::Envelope::has_ok,
        [done](Result<proto::Ok> ok) {
            if (!ok.ok())
                return done(ok.failure());
            done(Done{});
        },
        context);
}

void Client::callForSettings(proto::Envelope request, Callback<proto::AccountSettings> done,
                             QObject *context)
{
    call<proto::SettingsReply>(
        std::move(request), &proto::Envelope::settings_reply, &proto::Envelope::has_settings_reply,
        [done](Result<proto::SettingsReply> reply) {
            if (!reply.ok())
                return done(reply.failure());
            done(reply.value().settings());
        },
        context);
}

Callback<proto::AuthReply> Client::keepSession(Callback<proto::AuthReply> done, QObject *context)
{
    // The session is the client's own: kept even when the requester is gone by then.
    return [this, done, requester = QPointer<QObject>(context),
            guarded = context != nullptr](Result<proto::AuthReply> reply) {
        if (reply.ok()) {
            if (!reply.value().token().empty())
                m_token = protocol::fromStd(reply.value().token());
            m_user = reply.value().user();
        }
        if (!guarded || requester)
            done(reply);
        if (reply.ok())
            emit signedIn();
    };
}

void Client::registerUser(const QString &username, const QString &password,
                          const QString &displayName, Callback<proto::AuthReply> done,
                          const QString &inviteCode, QObject *context)
{
    proto::Envelope e;
    auto *r = e.mutable_register_request();
    r->set_invite_code(toStd(inviteCode));
    r->set_username(toStd(username));
    r->set_password(toStd(password));
    r->set_display_name(toStd(displayName));
    r->set_device_name(toStd(m_clientName));
    call<proto::AuthReply>(e, &proto::Envelope::auth_reply, &proto::Envelope::has_auth_reply,
                           keepSession(std::move(done), context), nullptr);
}

void Client::login(const QString &username, const QString &password,
                   Callback<proto::AuthReply> done, QObject *context)
{
    proto::Envelope e;
    auto *r = e.mutable_login_request();
    r->set_username(toStd(username));
    r->set_password(toStd(password));
    r->set_device_name(toStd(m_clientName));
    call<proto::AuthReply>(e, &proto::Envelope::auth_reply, &proto::Envelope::has_auth_reply,
                           keepSession(std::move(done), context), nullptr);
}

void Client::resume(const QString &token, Callback<proto::AuthReply> done, QObject *context)
{
    proto::Envelope e;
    e.mutable_resume_request()->set_token(toStd(token));
    call<proto::AuthReply>(e, &proto::Envelope::auth_reply, &proto::Envelope::has_auth_reply,
                           keepSession(std::move(done), context), nullptr);
}

void Client::logout(Callback<Done> done, QObject *context)
{
    proto::Envelope e;
    e.mutable_logout_request();
    // Signed out is the client's own state: kept even when the requester is gone by then.
    call<proto::Ok>(
        e, &proto::Envelope::ok, &proto::Envelope::has_ok,
        [this, done, requester = QPointer<QObject>(context),
         guarded = context != nullptr](Result<proto::Ok> reply) {
            if (reply.ok())
                m_token.clear();
            if (guarded && !requester)
                return;
            reply.ok() ? done(Done{}) : done(reply.failure());
        },
        nullptr);
}

void Client::createDirect(const QString &username, Callback<proto::Conversation> done,
                          QObject *context)
{
    proto::Envelope e;
    e.mutable_create_direct_request()->set_username(toStd(username));
    callForConversation(std::move(e), std::move(done), context);
}

namespace {
void addNames(google::protobuf::RepeatedPtrField<std::string> *field, const QStringList &names)
{
    for (const QString &name : names)
        field->Add(toStd(name));
}
} // namespace

void Client::createGroup(const QString &title, const QStringList &usernames,
                         Callback<proto::Conversation> done, QObject *context)
{
    proto::Envelope e;
    e.mutable_create_group_request()->set_title(toStd(title));
    addNames(e.mutable_create_group_request()->mutable_usernames(), usernames);
    callForConversation(std::move(e), std::move(done), context);
}

void Client::addMembers(quint64 conversationId, const QStringList &usernames,
                        Callback<proto::Conversation> done, QObject *context)
{
    proto::Envelope e;
    e.mutable_add_members_request()->set_conversation_id(conversationId);
    addNames(e.mutable_add_members_request()->mutable_usernames(), usernames);
    callForConversation(std::move(e), std::move(done), context);
}

void Client::removeMembers(quint64 conversationId, const QStringList &usernames,
                           Callback<proto::Conversation> done, QObject *context)
{
    proto::Envelope e;
    e.mutable_remove_members_request()->set_conversation_id(conversationId);
    addNames(e.mutable_remove_members_request()->mutable_usernames(), usernames);
    callForConversation(std::move(e), std::move(done), context);
}

void Client::conversations(const QString &cursor, quint32 limit,
                           Callback<proto::ConversationsReply> done, QObject *context)
{
    proto::Envelope e;
    e.mutable_get_conversations_request()->set_cursor(toStd(cursor));
    e.mutable_get_conversations_request()->set_limit(limit);
    call<proto::ConversationsReply>(e, &proto::Envelope::conversations_reply,
                                    &proto::Envelope::has_conversations_reply, std::move(done),
                                    context);
}

void Client::messages(quint64 conversationId, quint64 beforeSeq, quint64 afterSeq, quint32 limit,
                      Callback<proto::MessagesReply> done, QObject *context)
{
    proto::Envelope e;
    auto *r = e.mutable_get_messages_request();
    r->set_conversation_id(conversationId);
    r->set_before_seq(beforeSeq);
    r->set_after_seq(afterSeq);
    r->set_limit(limit);
    call<proto::MessagesReply>(e, &proto::Envelope::messages_reply,
                               &proto::Envelope::has_messages_reply, std::move(done), context);
}

void Client::messagesAround(quint64 conversationId, quint64 seq, quint32 limit,
                            Callback<proto::MessagesReply> done, QObject *context)
{
    proto::Envelope e;
    auto *r = e.mutable_get_messages_request();
    r->set_conversation_id(conversationId);
    r->set_around_seq(seq);
    r->set_limit(limit);
    call<proto::MessagesReply>(e, &proto::Envelope::messages_reply,
                               &proto::Envelope::has_messages_reply, std::move(done), context);
}

void Client::search(const proto::SearchRequest &request, Callback<proto::SearchReply> done,
                    QObject *context)
{
    proto::Envelope e;
    *e.mutable_search_request() = request;
    call<proto::SearchReply>(e, &proto::Envelope::search_reply, &proto::Envelope::has_search_reply,
                             std::move(done), context);
}

void Client::sendMessage(quint64 conversationId, const QString &clientMsgId, const QString &text,
                         Callback<proto::SendMessageReply> done, QObject *context)
{
    sendMessage(conversationId, clientMsgId, text, {}, std::move(done), context);
}

void Client::sendMessage(quint64 conversationId, const QString &clientMsgId, const QString &text,
                         const QList<proto::Attachment> &attachments,
                         Callback<proto::SendMessageReply> done, QObject *context)
{
    proto::Envelope e;
    auto *r = e.mutable_send_message_request();
    r->set_conversation_id(conversationId);
    r->set_client_msg_id(toStd(clientMsgId));
    r->set_text(toStd(text));
    for (const proto::Attachment &attachment : attachments)
        *r->add_attachments() = attachment;
    call<proto::SendMessageReply>(e, &proto::Envelope::send_message_reply,
                                  &proto::Envelope::has_send_message_reply, std::move(done),
                                  context);
}

void Client::startUpload(const QString &blobId, quint64 size, Callback<proto::UploadReply> done,
                         QObject *context)
{
    proto::Envelope e;
    e.mutable_start_upload_request()->set_blob_id(toStd(blobId));
    e.mutable_start_upload_request()->set_size(size);
    call<proto::UploadReply>(e, &proto::Envelope::upload_reply, &proto::Envelope::has_upload_reply,
                             std::move(done), context);
}

void Client::uploadChunk(const QString &blobId, quint64 offset, const QByteArray &data,
                         Callback<proto::UploadReply> done, QObject *context)
{
    proto::Envelope e;
    auto *r = e.mutable_upload_chunk_request();
    r->set_blob_id(toStd(blobId));
    r->set_offset(offset);
    r->set_data(data.constData(), size_t(data.size()));
    call<proto::UploadReply>(e, &proto::Envelope::upload_reply, &proto::Envelope::has_upload_reply,
                             std::move(done), context);
}

void Client::download(const QString &blobId, quint64 offset, quint32 length,
                      Callback<proto::DownloadReply> done, QObject *context)
{
    proto::Envelope e;
    auto *r = e.mutable_download_request();
    r->set_blob_id(toStd(blobId));
    r->set_offset(offset);
    r->set_length(length);
    call<proto::DownloadReply>(e, &proto::Envelope::download_reply,
                               &proto::Envelope::has_download_reply, std::move(done), context);
}

void Client::setProfilePhoto(const QString &blobId, Callback<proto::ProfilesReply> done,
                             QObject *context)
{
    proto::Envelope e;
    e.mutable_set_profile_photo_request()->set_blob_id(toStd(blobId));
    call<proto::ProfilesReply>(e, &proto::Envelope::profiles_reply,
                               &proto::Envelope::has_profiles_reply, std::move(done), context);
}

void Client::profiles(const QList<quint64> &userIds, Callback<proto::ProfilesReply> done,
                      QObject *context)
{
    proto::Envelope e;
    for (quint64 id : userIds)
        e.mutable_get_profiles_request()->add_user_ids(id);
    call<proto::ProfilesReply>(e, &proto::Envelope::profiles_reply,
                               &proto::Envelope::has_profiles_reply, std::move(done), context);
}

void Client::markRead(quint64 conversationId, quint64 seq, Callback<proto::MarkReadReply> done,
                      QObject *context)
{
    proto::Envelope e;
    e.mutable_mark_read_request()->set_conversation_id(conversationId);
    e.mutable_mark_read_request()->set_seq(seq);
    call<proto::MarkReadReply>(e, &proto::Envelope::mark_read_reply,
                               &proto::Envelope::has_mark_read_reply, std::move(done), context);
}

void Client::markDelivered(const QList<QPair<quint64, quint64>> &cursors, Callback<Done> done,
                           QObject *context)
{
    proto::Envelope e;
    for (const auto &[conversationId, seq] : cursors) {
        auto *cursor = e.mutable_mark_delivered_request()->add_cursors();
        cursor->set_conversation_id(conversationId);
        cursor->set_seq(seq);
    }
    callForOk(std::move(e), std::move(done), context);
}

void Client::setAway(bool away, Callback<Done> done, QObject *context)
{
    proto::Envelope e;
    e.mutable_set_presence_request()->set_away(away);
    callForOk(std::move(e), std::move(done), context);
}

void Client::presence(const QList<quint64> &userIds, Callback<proto::PresenceReply> done,
                      QObject *context)
{
    proto::Envelope e;
    for (quint64 id : userIds)
        e.mutable_get_presence_request()->add_user_ids(id);
    call<proto::PresenceReply>(e, &proto::Envelope::presence_reply,
                               &proto::Envelope::has_presence_reply, std::move(done), context);
}

void Client::sendTyping(quint64 conversationId, bool typing, Callback<Done> done, QObject *context)
{
    proto::Envelope e;
    e.mutable_typing_request()->set_conversation_id(conversationId);
    e.mutable_typing_request()->set_typing(typing);
    callForOk(std::move(e), std::move(done), context);
}

void Client::settings(Callback<proto::AccountSettings> done, QObject *context)
{
    proto::Envelope e;
    e.mutable_get_settings_request();
    callForSettings(std::move(e), std::move(done), context);
}

void Client::updateSettings(const proto::AccountSettings &settings,
                            Callback<proto::AccountSettings> done, QObject *context)
{
    proto::Envelope e;
    *e.mutable_update_settings_request()->mutable_settings() = settings;
    callForSettings(std::move(e), std::move(done), context);
}

void Client::registerPushTarget(proto::PushKind kind, const QString &url, Callback<Done> done,
                                QObject *context)
{
    proto::Envelope e;
    e.mutable_register_push_target_request()->set_kind(kind);
    e.mutable_register_push_target_request()->set_url(toStd(url));
    callForOk(std::move(e), std::move(done), context);
}

void Client::pushStats(Callback<proto::PushStatsReply> done, QObject *context)
{
    proto::Envelope e;
    e.mutable_push_stats_request();
    call<proto::PushStatsReply>(e, &proto::Envelope::push_stats_reply,
                                &proto::Envelope::has_push_stats_reply, std::move(done), context);
}

void Client::serverStats(Callback<proto::ServerStatsReply> done, QObject *context)
{
    proto::Envelope e;
    e.mutable_server_stats_request();
    call<proto::ServerStatsReply>(e, &proto::Envelope::server_stats_reply,
                                  &proto::Envelope::has_server_stats_reply, std::move(done),
                                  context);
}

} // namespace natter::client

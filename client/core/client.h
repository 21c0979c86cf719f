#pragma once

#include "connection.h"

#include <QObject>
#include <QStringList>

namespace natter::client {

template <typename T> using Callback = std::function<void(Result<T>)>;

/// The typed protocol API over a Connection, for natterctl, natter-bench, the desktop client
/// and the tests. It keeps the session token and resumes the session after every reconnect.
class Client : public QObject {
    Q_OBJECT
public:
    explicit Client(const QString &clientName, QObject *parent = nullptr);

    [[nodiscard]] Connection &connection() { return m_connection; }
    void open(const QUrl &url) { m_connection.open(url); }
    void close() { m_connection.close(); }

    [[nodiscard]] const QString &token() const { return m_token; }
    /// Resumes with this token on the next ready() (use after restoring a saved session).
    void setToken(const QString &token) { m_token = token; }
    [[nodiscard]] const proto::User &user() const { return m_user; }

    /// Every call takes a `context`: when it is given and has been destroyed by the time the
    /// answer comes (or the connection drops), `done` is not called. Objects that may go
    /// before the client (windows, dialogs, engines) pass themselves.
    ///
    /// `inviteCode`: for servers whose registration is by invitation.
    void registerUser(const QString &username, const QString &password, const QString &displayName,
                      Callback<proto::AuthReply> done, const QString &inviteCode = {},
                      QObject *context = nullptr);
    void login(const QString &username, const QString &password, Callback<proto::AuthReply> done,
               QObject *context = nullptr);
    void resume(const QString &token, Callback<proto::AuthReply> done, QObject *context = nullptr);
    void logout(Callback<Done> done, QObject *context = nullptr);

    void createDirect(const QString &username, Callback<proto::Conversation> done,
                      QObject *context = nullptr);
    void createGroup(const QString &title, const QStringList &usernames,
                     Callback<proto::Conversation> done, QObject *context = nullptr);
    void addMembers(quint64 conversationId, const QStringList &usernames,
                    Callback<proto::Conversation> done, QObject *context = nullptr);
    void removeMembers(quint64 conversationId, const QStringList &usernames,
                       Callback<proto::Conversation> done, QObject *context = nullptr);
    void conversations(const QString &cursor, quint32 limit,
                       Callback<proto::ConversationsReply> done, QObject *context = nullptr);
    void messages(quint64 conversationId, quint64 beforeSeq, quint64 afterSeq, quint32 limit,
                  Callback<proto::MessagesReply> done, QObject *context = nullptr);
    /// The page around `seq`: has_more tells of older messages, has_more_after of newer ones.
    void messagesAround(quint64 conversationId, quint64 seq, quint32 limit,
                        Callback<proto::MessagesReply> done, QObject *context = nullptr);
    void sendMessage(quint64 conversationId, const QString &clientMsgId, const QString &text,
                     Callback<proto::SendMessageReply> done, QObject *context = nullptr);
    /// One page of search hits (see SearchRequest).
    void search(const proto::SearchRequest &request, Callback<proto::SearchReply> done,
                QObject *context = nullptr);
    /// A message with files uploaded before (blob_id and file_name set); `text` is a caption.
    void sendMessage(quint64 conversationId, const QString &clientMsgId, const QString &text,
                     const QList<proto::Attachment> &attachments,
                     Callback<proto::SendMessageReply> done, QObject *context = nullptr);
    /// Files (see FileUpload and FileDownload for whole transfers).
    void startUpload(const QString &blobId, quint64 size, Callback<proto::UploadReply> done,
                     QObject *context = nullptr);
    void uploadChunk(const QString &blobId, quint64 offset, const QByteArray &data,
                     Callback<proto::UploadReply> done, QObject *context = nullptr);
    void download(const QString &blobId, quint64 offset, quint32 length,
                  Callback<proto::DownloadReply> done, QObject *context = nullptr);
    /// Sets the profile photo to an uploaded picture (`blobId` empty: removes it).
    void setProfilePhoto(const QString &blobId, Callback<proto::ProfilesReply> done,
                         QObject *context = nullptr);
    void profiles(const QList<quint64> &userIds, Callback<proto::ProfilesReply> done,
                  QObject *context = nullptr);
    void markRead(quint64 conversationId, quint64 seq, Callback<proto::MarkReadReply> done,
                  QObject *context = nullptr);
    /// (conversation, highest received seq) pairs, reported in one request.
    void markDelivered(const QList<QPair<quint64, quint64>> &cursors, Callback<Done> done,
                       QObject *context = nullptr);
    void setAway(bool away, Callback<Done> done, QObject *context = nullptr);
    void presence(const QList<quint64> &userIds, Callback<proto::PresenceReply> done,
                  QObject *context = nullptr);
    void sendTyping(quint64 conversationId, bool typing, Callback<Done> done,
                    QObject *context = nullptr);
    void settings(Callback<proto::AccountSettings> done, QObject *context = nullptr);
    void updateSettings(const proto::AccountSettings &settings,
                        Callback<proto::AccountSettings> done, QObject *context = nullptr);
    void registerPushTarget(proto::PushKind kind, const QString &url, Callback<Done> done,
                            QObject *context = nullptr);
    void pushStats(Callback<proto::PushStatsReply> done, QObject *context = nullptr);
    void serverStats(Callback<proto::ServerStatsReply> done, QObject *context = nullptr);

    /// A fresh client_msg_id (a random UUID).
    [[nodiscard]] static QString newClientMsgId();

signals:
    /// Connected, Hello done, and (when a token is held) the session resumed.
    void ready();
    void sessionLost(const QString &reason);
    /// Register, Login or Resume succeeded (also the automatic resume after a reconnect).
    void signedIn();
    void messageReceived(const natter::proto::Message &message);
    void conversationChanged(const natter::proto::ConversationEvent &event);
    void receiptReceived(const natter::proto::ReceiptEvent &event);
    void presenceChanged(const natter::proto::Presence &presence);
    void typingChanged(const natter::proto::TypingEvent &event);
    void profileChanged(const natter::proto::Profile &profile);

private:
    template <typename T>
    void call(proto::Envelope request, const T &(proto::Envelope::*body)() const,
              bool (proto::Envelope::*has)() const, Callback<T> done, QObject *context);
    void callForConversation(proto::Envelope request, Callback<proto::Conversation> done,
                             QObject *context);
    void callForOk(proto::Envelope request, Callback<Done> done, QObject *context);
    void callForSettings(proto::Envelope request, Callback<proto::AccountSettings> done,
                         QObject *context);
    Callback<proto::AuthReply> keepSession(Callback<proto::AuthReply> done, QObject *context);
    void onConnectionReady();
    void onEvent(const proto::Envelope &event);

    QString m_clientName;
    Connection m_connection;
    QString m_token;
    proto::User m_user;
};

} // namespace natter::client

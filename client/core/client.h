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

    /// `inviteCode`: for servers whose registration is by invitation.
    void registerUser(const QString &username, const QString &password, const QString &displayName,
                      Callback<proto::AuthReply> done, const QString &inviteCode = {});
    void login(const QString &username, const QString &password, Callback<proto::AuthReply> done);
    void resume(const QString &token, Callback<proto::AuthReply> done);
    void logout(Callback<Done> done);

    void createDirect(const QString &username, Callback<proto::Conversation> done);
    void createGroup(const QString &title, const QStringList &usernames,
                     Callback<proto::Conversation> done);
    void addMembers(quint64 conversationId, const QStringList &usernames,
                    Callback<proto::Conversation> done);
    void removeMembers(quint64 conversationId, const QStringList &usernames,
                       Callback<proto::Conversation> done);
    void conversations(const QString &cursor, quint32 limit,
                       Callback<proto::ConversationsReply> done);
    void messages(quint64 conversationId, quint64 beforeSeq, quint64 afterSeq, quint32 limit,
                  Callback<proto::MessagesReply> done);
    void sendMessage(quint64 conversationId, const QString &clientMsgId, const QString &text,
                     Callback<proto::SendMessageReply> done);
    void markRead(quint64 conversationId, quint64 seq, Callback<proto::MarkReadReply> done);
    /// (conversation, highest received seq) pairs, reported in one request.
    void markDelivered(const QList<QPair<quint64, quint64>> &cursors, Callback<Done> done);
    void setAway(bool away, Callback<Done> done);
    void presence(const QList<quint64> &userIds, Callback<proto::PresenceReply> done);
    void sendTyping(quint64 conversationId, bool typing, Callback<Done> done);
    void settings(Callback<proto::AccountSettings> done);
    void updateSettings(const proto::AccountSettings &settings,
                        Callback<proto::AccountSettings> done);
    void registerPushTarget(proto::PushKind kind, const QString &url, Callback<Done> done);
    void pushStats(Callback<proto::PushStatsReply> done);
    void serverStats(Callback<proto::ServerStatsReply> done);

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

private:
    template <typename T>
    void call(proto::Envelope request, const T &(proto::Envelope::*body)() const,
              bool (proto::Envelope::*has)() const, Callback<T> done);
    void callForConversation(proto::Envelope request, Callback<proto::Conversation> done);
    void callForOk(proto::Envelope request, Callback<Done> done);
    void callForSettings(proto::Envelope request, Callback<proto::AccountSettings> done);
    Callback<proto::AuthReply> keepSession(Callback<proto::AuthReply> done);
    void onConnectionReady();
    void onEvent(const proto::Envelope &event);

    QString m_clientName;
    Connection m_connection;
    QString m_token;
    proto::User m_user;
};

} // namespace natter::client

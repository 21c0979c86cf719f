#pragma once
/// A protocol client for tests: blocking calls on the real client core, and a record of every
/// MessageEvent it receives.

#include "blocking.h"
#include "client.h"

#include <QList>
#include <functional>
#include <memory>

namespace natter::test {

class TestClient {
public:
    TestClient();

    /// A client connected to `url` and signed in as `username` (registered on first use,
    /// logged in after that, with the default test password); nullptr on failure.
    [[nodiscard]] static std::unique_ptr<TestClient> signedIn(const QUrl &url,
                                                              const QString &username);

    [[nodiscard]] client::Client &client() { return m_client; }
    [[nodiscard]] bool connectTo(const QUrl &url);
    [[nodiscard]] Result<proto::AuthReply>
    registerUser(const QString &username,
                 const QString &password = QStringLiteral("correct horse"));
    [[nodiscard]] Result<proto::AuthReply> login(const QString &username, const QString &password);
    [[nodiscard]] Result<proto::Conversation> createDirect(const QString &username);
    [[nodiscard]] Result<proto::Conversation> createGroup(const QString &title,
                                                          const QStringList &usernames);
    [[nodiscard]] Result<proto::SendMessageReply> send(quint64 conversationId, const QString &text,
                                                       const QString &clientMsgId = {});
    [[nodiscard]] Result<proto::MessagesReply> messages(quint64 conversationId, quint64 before,
                                                        quint64 after, quint32 limit);
    [[nodiscard]] Result<proto::ConversationsReply> conversations(const QString &cursor = {},
                                                                  quint32 limit = 0);
    /// Blocking forms of calls answered with Ok.
    [[nodiscard]] Result<Done> markDelivered(quint64 conversationId, quint64 seq);
    [[nodiscard]] Result<proto::MarkReadReply> markRead(quint64 conversationId, quint64 seq);
    [[nodiscard]] Result<proto::AccountSettings> updateSettings(const proto::AccountSettings &s);
    /// Accepts the message request `conversationId`.
    [[nodiscard]] Result<proto::Envelope> acceptRequest(quint64 conversationId);
    /// Sends one request and waits for its reply envelope.
    [[nodiscard]] Result<proto::Envelope> request(const proto::Envelope &envelope);
    /// Waits until at least `count` MessageEvents have arrived in total.
    [[nodiscard]] bool waitForMessages(int count, int timeoutMs = 10'000);
    /// Uploads the file at `path` with FileUpload (hashed, chunked, resumed) and waits for it.
    [[nodiscard]] Result<proto::Attachment>
    uploadFile(const QString &path, std::function<void(quint64, quint64)> progress = {});

    QList<proto::Message> received;
    QList<proto::ConversationEvent> conversationEvents;
    QList<proto::Error> serverErrors;
    QList<proto::ReceiptEvent> receipts;
    QList<proto::Presence> presences;
    QList<proto::TypingEvent> typing;
    QList<proto::Profile> profiles; // ProfileEvents

private:
    client::Client m_client;
};

} // namespace natter::test

#include "test_client.h"

#include "file_transfer.h"

#include <QtTest>

namespace natter::test {

using client::waitFor;

TestClient::TestClient()
    : m_client(QStringLiteral("natter-tests"))
{
    m_client.connection().setAutoReconnect(false);
    QObject::connect(&m_client, &client::Client::messageReceived,
                     [this](const proto::Message &m) { received.append(m); });
    QObject::connect(&m_client, &client::Client::conversationChanged,
                     [this](const proto::ConversationEvent &e) { conversationEvents.append(e); });
    QObject::connect(&m_client.connection(), &client::Connection::serverError,
                     [this](const proto::Error &e) { serverErrors.append(e); });
    QObject::connect(&m_client, &client::Client::receiptReceived,
                     [this](const proto::ReceiptEvent &e) { receipts.append(e); });
    QObject::connect(&m_client, &client::Client::presenceChanged,
                     [this](const proto::Presence &p) { presences.append(p); });
    QObject::connect(&m_client, &client::Client::typingChanged,
                     [this](const proto::TypingEvent &e) { typing.append(e); });
    QObject::connect(&m_client, &client::Client::profileChanged,
                     [this](const proto::Profile &p) { profiles.append(p); });
}

Result<Done> TestClient::markDelivered(quint64 conversationId, quint64 seq)
{
    return waitFor<Done>([&](auto done) { m_client.markDelivered({{conversationId, seq}}, done); });
}

Result<proto::MarkReadReply> TestClient::markRead(quint64 conversationId, quint64 seq)
{
    return waitFor<proto::MarkReadReply>(
        [&](auto done) { m_client.markRead(conversationId, seq, done); });
}

Result<proto::AccountSettings> TestClient::updateSettings(const proto::AccountSettings &s)
{
    return waitFor<proto::AccountSettings>([&](auto done) { m_client.updateSettings(s, done); });
}

Result<proto::Envelope> TestClient::acceptRequest(quint64 conversationId)
{
    proto::Envelope accept;
    accept.mutable_accept_request_request()->set_conversation_id(conversationId);
    return request(accept);
}

std::unique_ptr<TestClient> TestClient::signedIn(const QUrl &url, const QString &username)
{
    auto c = std::make_unique<TestClient>();
    if (!c->connectTo(url))
        return nullptr;
    if (!c->registerUser(username).ok() &&
        !c->login(username, QStringLiteral("correct horse")).ok())
        return nullptr;
    return c;
}

bool TestClient::connectTo(const QUrl &url)
{
    auto connected = client::connectAndWait(m_client, url);
    if (!connected.ok())
        qWarning("connect failed: %s", qPrintable(connected.failure().message));
    return connected.ok();
}

Result<proto::AuthReply> TestClient::registerUser(const QString &username, const QString &password)
{
    return waitFor<proto::AuthReply>(
        [&](auto done) { m_client.registerUser(username, password, QString(), done); });
}

Result<proto::AuthReply> TestClient::login(const QString &username, const QString &password)
{
    return waitFor<proto::AuthReply>([&](auto done) { m_client.login(username, password, done); });
}

Result<proto::Conversation> TestClient::createDirect(const QString &username)
{
    return waitFor<proto::Conversation>([&](auto done) { m_client.createDirect(username, done); });
}

Result<proto::Conversation> TestClient::createGroup(const QString &title,
                                                    const QStringList &usernames)
{
    return waitFor<proto::Conversation>(
        [&](auto done) { m_client.createGroup(title, usernames, done); });
}

Result<proto::SendMessageReply> TestClient::send(quint64 conversationId, const QString &text,
                                                 const QString &clientMsgId)
{
    const QString id = clientMsgId.isEmpty() ? client::Client::newClientMsgId() : clientMsgId;
    return waitFor<proto::SendMessageReply>(
        [&](auto done) { m_client.sendMessage(conversationId, id, text, done); });
}

Result<proto::MessagesReply> TestClient::messages(quint64 conversationId, quint64 before,
                                                  quint64 after, quint32 limit)
{
    return waitFor<proto::MessagesReply>(
        [&](auto done) { m_client.messages(conversationId, before, after, limit, done); });
}

Result<proto::ConversationsReply> TestClient::conversations(const QString &cursor, quint32 limit)
{
    return waitFor<proto::ConversationsReply>(
        [&](auto done) { m_client.conversations(cursor, limit, done); });
}

Result<proto::Envelope> TestClient::request(const proto::Envelope &envelope)
{
    return waitFor<proto::Envelope>(
        [&](auto done) { m_client.connection().request(envelope, done); });
}

Result<proto::Attachment> TestClient::uploadFile(const QString &path,
                                                 std::function<void(quint64, quint64)> progress)
{
    client::FileUpload upload(m_client, path);
    std::optional<Result<proto::Attachment>> outcome;
    upload.start([&](Result<proto::Attachment> r) { outcome = std::move(r); }, std::move(progress));
    if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 60'000))
        return Failure{proto::TIMEOUT, QStringLiteral("the upload did not finish")};
    return *outcome;
}

bool TestClient::waitForMessages(int count, int timeoutMs)
{
    return QTest::qWaitFor([&] { return received.size() >= count; }, timeoutMs);
}

} // namespace natter::test

// Every request type against every kind of caller that must be refused: before Hello, before
// sign-in, with a revoked or expired session, as a non-member or removed member of the
// conversation it names, as a member who is no group admin, as a user who is no natterd admin.
// Each gets its error code, and nothing about the conversation reaches the caller.
#include "server_fixture.h"
#include "test_client.h"

#include <QWebSocket>
#include <QtTest>
#include <functional>
#include <memory>

using namespace natter;
using natter::client::waitFor;
using natter::test::ServerFixture;
using natter::test::TestClient;
using Body = proto::Envelope::BodyCase;

namespace {

/// One request of each type the server takes from clients, about `conversation` (and `user`).
QList<proto::Envelope> everyRequest(quint64 conversation, quint64 user)
{
    QList<proto::Envelope> all;
    auto add = [&](const std::function<void(proto::Envelope &)> &fill) {
        proto::Envelope e;
        fill(e);
        all.append(e);
    };
    add([](auto &e) { e.mutable_hello()->set_protocol_version(protocol::kProtocolVersion); });
    add([](auto &e) {
        e.mutable_register_request()->set_username("intruder");
        e.mutable_register_request()->set_password("correct horse");
    });
    add([](auto &e) {
        e.mutable_login_request()->set_username("owner");
        e.mutable_login_request()->set_password("wrong password");
    });
    add([](auto &e) { e.mutable_resume_request()->set_token("AAAA"); });
    add([](auto &e) { e.mutable_logout_request(); });
    add([](auto &e) { e.mutable_create_direct_request()->set_username("owner"); });
    add([](auto &e) {
        e.mutable_create_group_request()->set_title("spam");
        e.mutable_create_group_request()->add_usernames("owner");
    });
    add([=](auto &e) {
        e.mutable_add_members_request()->set_conversation_id(conversation);
        e.mutable_add_members_request()->add_usernames("outsider");
    });
    add([=](auto &e) {
        e.mutable_remove_members_request()->set_conversation_id(conversation);
        e.mutable_remove_members_request()->add_usernames("owner");
    });
    add([](auto &e) { e.mutable_get_conversations_request(); });
    add([=](auto &e) { e.mutable_get_messages_request()->set_conversation_id(conversation); });
    add([=](auto &e) {
        e.mutable_send_message_request()->set_conversation_id(conversation);
        e.mutable_send_message_request()->set_client_msg_id("intrusion");
        e.mutable_send_message_request()->set_text("let me in");
    });
    add([=](auto &e) {
        e.mutable_mark_read_request()->set_conversation_id(conversation);
        e.mutable_mark_read_request()->set_seq(1);
    });
    add([=](auto &e) {
        auto *cursor = e.mutable_mark_delivered_request()->add_cursors();
        cursor->set_conversation_id(conversation);
        cursor->set_seq(1);
    });
    add([](auto &e) { e.mutable_set_presence_request()->set_away(true); });
    add([=](auto &e) { e.mutable_get_presence_request()->add_user_ids(user); });
    add([=](auto &e) {
        e.mutable_typing_request()->set_conversation_id(conversation);
        e.mutable_typing_request()->set_typing(true);
    });
    add([](auto &e) { e.mutable_get_settings_request(); });
    add([](auto &e) { e.mutable_update_settings_request()->mutable_settings(); });
    add([](auto &e) {
        e.mutable_register_push_target_request()->set_url("https://push.example.org/x");
    });
    add([=](auto &e) { e.mutable_accept_request_request()->set_conversation_id(conversation); });
    add([](auto &e) { e.mutable_push_stats_request(); });
    add([](auto &e) { e.mutable_server_stats_request(); });
    add([](auto &e) { e.mutable_admin_sessions_request()->set_username("owner"); });
    add([](auto &e) { e.mutable_admin_revoke_sessions_request()->set_username("owner"); });
    add([](auto &e) { e.mutable_admin_grant_request()->set_username("intruder"); });
    add([](auto &e) {
        e.mutable_admin_create_user_request()->set_username("sockpuppet");
        e.mutable_admin_create_user_request()->set_password("correct horse");
    });
    return all;
}

bool isOneOf(Body body, std::initializer_list<Body> bodies)
{
    return std::find(bodies.begin(), bodies.end(), body) != bodies.end();
}

bool namesTheConversation(Body body)
{
    return isOneOf(body, {Body::kAddMembersRequest, Body::kRemoveMembersRequest,
                          Body::kGetMessagesRequest, Body::kSendMessageRequest,
                          Body::kMarkReadRequest, Body::kMarkDeliveredRequest, Body::kTypingRequest,
                          Body::kAcceptRequestRequest});
}

bool isAdminOnly(Body body)
{
    return isOneOf(body, {Body::kPushStatsRequest, Body::kServerStatsRequest,
                          Body::kAdminSessionsRequest, Body::kAdminRevokeSessionsRequest,
                          Body::kAdminGrantRequest, Body::kAdminCreateUserRequest});
}

bool isSignIn(Body body)
{
    return isOneOf(
        body, {Body::kHello, Body::kRegisterRequest, Body::kLoginRequest, Body::kResumeRequest});
}

QString name(const proto::Envelope &e)
{
    return QString::fromStdString(e.GetDescriptor()->FindFieldByNumber(e.body_case())->name());
}

} // namespace

class TestAuthorization : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<ServerFixture> m_server;
    std::unique_ptr<TestClient> m_owner;   // group admin
    std::unique_ptr<TestClient> m_member;  // a plain member
    std::unique_ptr<TestClient> m_removed; // was a member
    std::unique_ptr<TestClient> m_outsider;
    quint64 m_group = 0;

    /// Sends `request` on `client` and returns the error code (0 when it succeeded).
    static int codeOf(TestClient &client, const proto::Envelope &request)
    {
        const auto answer = client.request(request);
        return answer.ok() ? 0 : int(answer.failure().code);
    }

    /// Nothing about the group reached `client`: checked after a sentinel that comes later.
    void nothingLeakedTo(TestClient &client)
    {
        const auto direct =
            m_owner->createDirect(protocol::fromStd(client.client().user().username()));
        QVERIFY(direct.ok());
        const int before = int(client.received.size());
        QVERIFY(m_owner->send(direct.value().id(), QStringLiteral("sentinel")).ok());
        QVERIFY(client.waitForMessages(before + 1));
        for (const auto &m : client.received)
            QVERIFY(m.conversation_id() != m_group);
        for (const auto &t : client.typing)
            QVERIFY(t.conversation_id() != m_group);
        for (const auto &r : client.receipts)
            QVERIFY2(r.conversation_id() != m_group,
                     (client.client().user().username() + " " + r.DebugString()).c_str());
    }

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<ServerFixture>(QStringList{}, "[limits]\nrate-limits=off\n");
        QVERIFY(m_server->start());
        m_owner = TestClient::signedIn(m_server->url(), QStringLiteral("owner"));
        m_member = TestClient::signedIn(m_server->url(), QStringLiteral("member"));
        m_removed = TestClient::signedIn(m_server->url(), QStringLiteral("removed"));
        m_outsider = TestClient::signedIn(m_server->url(), QStringLiteral("outsider"));
        QVERIFY(m_owner && m_member && m_removed && m_outsider);
        const auto group = m_owner->createGroup(
            QStringLiteral("Private"), {QStringLiteral("member"), QStringLiteral("removed")});
        QVERIFY(group.ok());
        m_group = group.value().id();
        QVERIFY(m_owner->send(m_group, QStringLiteral("secret")).ok());
        proto::Envelope remove;
        remove.mutable_remove_members_request()->set_conversation_id(m_group);
        remove.mutable_remove_members_request()->add_usernames("removed");
        QVERIFY(m_owner->request(remove).ok());
        m_removed->received.clear();
        m_removed->receipts.clear();
    }

    void beforeHello()
    {
        QWebSocket raw;
        QList<proto::Envelope> frames;
        connect(&raw, &QWebSocket::binaryMessageReceived, this, [&](const QByteArray &f) {
            if (auto e = protocol::decode(f))
                frames.append(*e);
        });
        raw.open(m_server->url());
        QTRY_COMPARE(raw.state(), QAbstractSocket::ConnectedState);
        quint64 id = 0;
        QList<proto::Envelope> asked;
        for (proto::Envelope request : everyRequest(m_group, 1)) {
            if (request.body_case() == Body::kHello)
                continue;
            request.set_request_id(++id);
            asked.append(request);
            raw.sendBinaryMessage(protocol::encode(request));
        }
        QTRY_COMPARE(frames.size(), asked.size());
        for (const auto &reply : frames) {
            const auto &request = asked[int(reply.request_id()) - 1];
            QVERIFY2(reply.error().code() == proto::HELLO_REQUIRED, qPrintable(name(request)));
        }
    }

    void beforeSignIn()
    {
        TestClient anonymous;
        QVERIFY(anonymous.connectTo(m_server->url()));
        for (const auto &request : everyRequest(m_group, 1)) {
            if (isSignIn(request.body_case()))
                continue;
            QVERIFY2(codeOf(anonymous, request) == proto::NOT_AUTHENTICATED,
                     qPrintable(name(request)));
        }
    }

    void revokedAndExpiredSessions()
    {
        // A session logged out elsewhere: the token no longer resumes; the connection that
        // used it was closed.
        auto member = std::make_unique<TestClient>();
        QVERIFY(member->connectTo(m_server->url()));
        QVERIFY(member->login(QStringLiteral("member"), QStringLiteral("correct horse")).ok());
        const QString token = member->client().token();
        QVERIFY(waitFor<Done>([&](auto done) { member->client().logout(done); }).ok());
        TestClient retry;
        QVERIFY(retry.connectTo(m_server->url()));
        const auto revoked =
            waitFor<proto::AuthReply>([&](auto done) { retry.client().resume(token, done); });
        QCOMPARE(revoked.failure().code, proto::INVALID_TOKEN);
        for (const auto &request : everyRequest(m_group, 1)) {
            if (!isSignIn(request.body_case()))
                QVERIFY2(codeOf(retry, request) == proto::NOT_AUTHENTICATED,
                         qPrintable(name(request)));
        }

        ServerFixture shortLived(QStringList{}, "[server]\nsession-seconds=1\n");
        QVERIFY(shortLived.start());
        auto brief = TestClient::signedIn(shortLived.url(), QStringLiteral("brief"));
        QVERIFY(brief);
        const QString expiring = brief->client().token();
        QTRY_COMPARE_WITH_TIMEOUT(brief->client().connection().state(),
                                  client::Connection::State::Disconnected, 10'000);
        TestClient late;
        QVERIFY(late.connectTo(shortLived.url()));
        QCOMPARE(waitFor<proto::AuthReply>([&](auto done) { late.client().resume(expiring, done); })
                     .failure()
                     .code,
                 proto::INVALID_TOKEN);
    }

    void outsidersAndRemovedMembers()
    {
        for (TestClient *client : {m_outsider.get(), m_removed.get()}) {
            for (const auto &request : everyRequest(m_group, 1)) {
                if (!namesTheConversation(request.body_case()))
                    continue;
                const int code = codeOf(*client, request);
                QVERIFY2(code == proto::NOT_A_MEMBER,
                         qPrintable(name(request) + QLatin1Char(' ') + QString::number(code)));
            }
            nothingLeakedTo(*client);
        }
        // The group is as it was: no member added, nothing sent.
        const auto page = m_owner->messages(m_group, 0, 0, 50);
        QVERIFY(page.ok());
        QCOMPARE(page.value().messages_size(), 1);
    }

    void membersWhoAreNoGroupAdmin()
    {
        proto::Envelope add;
        add.mutable_add_members_request()->set_conversation_id(m_group);
        add.mutable_add_members_request()->add_usernames("outsider");
        QCOMPARE(codeOf(*m_member, add), int(proto::NOT_ADMIN));
        proto::Envelope remove;
        remove.mutable_remove_members_request()->set_conversation_id(m_group);
        remove.mutable_remove_members_request()->add_usernames("owner");
        QCOMPARE(codeOf(*m_member, remove), int(proto::NOT_ADMIN));
    }

    void usersWhoAreNoNatterdAdmin()
    {
        for (const auto &request : everyRequest(m_group, 1)) {
            if (isAdminOnly(request.body_case()))
                QVERIFY2(codeOf(*m_outsider, request) == proto::PERMISSION_DENIED,
                         qPrintable(name(request)));
        }
    }
};

QTEST_GUILESS_MAIN(TestAuthorization)
#include "tst_authorization.moc"

// Sessions end everywhere at once (logout, expiry, an admin's revocation); admin rights live
// on the account; a server with closed registration takes accounts from admins only.
#include "server_fixture.h"
#include "test_client.h"

#include <QtTest>
#include <memory>

using namespace natter;
using natter::client::Connection;
using natter::client::waitFor;
using natter::test::ServerFixture;
using natter::test::TestClient;

namespace {
const QString kPassword = QStringLiteral("correct horse");
} // namespace

class TestSessions : public QObject {
    Q_OBJECT
private:
    // Registration is closed here: "root" is made by natterd --grant-admin, the rest by root.
    std::unique_ptr<ServerFixture> m_server;
    std::unique_ptr<TestClient> m_root;

    std::unique_ptr<TestClient> loggedIn(const QString &name)
    {
        auto client = std::make_unique<TestClient>();
        if (!client->connectTo(m_server->url()) || !client->login(name, kPassword).ok())
            return nullptr;
        return client;
    }

    Result<proto::Envelope> createUser(const QString &name)
    {
        proto::Envelope request;
        auto *r = request.mutable_admin_create_user_request();
        r->set_username(name.toStdString());
        r->set_password(kPassword.toStdString());
        return m_root->request(request);
    }

    /// A second connection signed in with the same session token (as a second tab would).
    std::unique_ptr<TestClient> sameSession(TestClient &of)
    {
        auto client = std::make_unique<TestClient>();
        client->client().setToken(of.client().token());
        if (!client->connectTo(m_server->url()))
            return nullptr;
        return client;
    }

    static bool signedInAgain(TestClient &with, const QUrl &url)
    {
        TestClient retry;
        if (!retry.connectTo(url))
            return false;
        return waitFor<proto::AuthReply>(
                   [&](auto done) { retry.client().resume(with.client().token(), done); })
            .ok();
    }

private slots:
    void initTestCase()
    {
        m_server =
            std::make_unique<ServerFixture>(QStringList{}, "[accounts]\nregistration=closed\n");
        QVERIFY(m_server->start());
        QVERIFY(m_server->grantAdmin(QStringLiteral("root"), kPassword));
        m_root = loggedIn(QStringLiteral("root"));
        QVERIFY(m_root);
    }

    void closedRegistrationTakesAccountsFromAdminsOnly()
    {
        TestClient stranger;
        QVERIFY(stranger.connectTo(m_server->url()));
        const auto refused = stranger.registerUser(QStringLiteral("stranger"));
        QCOMPARE(refused.failure().code, proto::REGISTRATION_CLOSED);
        QVERIFY(refused.failure().message.contains(QStringLiteral("admin")));

        QVERIFY(createUser(QStringLiteral("alice")).ok());
        QVERIFY(loggedIn(QStringLiteral("alice")));
        // Only admins create accounts.
        auto alice = loggedIn(QStringLiteral("alice"));
        proto::Envelope request;
        request.mutable_admin_create_user_request()->set_username("eve");
        request.mutable_admin_create_user_request()->set_password("correct horse");
        QCOMPARE(alice->request(request).failure().code, proto::PERMISSION_DENIED);
    }

    void adminRightsLiveOnTheAccount()
    {
        QVERIFY(createUser(QStringLiteral("bob")).ok());
        auto bob = loggedIn(QStringLiteral("bob"));
        QVERIFY(bob);
        auto stats = [&] {
            return waitFor<proto::ServerStatsReply>(
                [&](auto done) { bob->client().serverStats(done); });
        };
        QCOMPARE(stats().failure().code, proto::PERMISSION_DENIED);

        proto::Envelope grant;
        grant.mutable_admin_grant_request()->set_username("bob");
        QVERIFY(m_root->request(grant).ok());
        QVERIFY(stats().ok()); // at once, on the open connection

        grant.mutable_admin_grant_request()->set_revoke(true);
        QVERIFY(m_root->request(grant).ok());
        QCOMPARE(stats().failure().code, proto::PERMISSION_DENIED);

        grant.mutable_admin_grant_request()->set_username("nobody");
        QCOMPARE(m_root->request(grant).failure().code, proto::USER_NOT_FOUND);
    }

    void logoutEndsTheSessionOnEveryConnection()
    {
        QVERIFY(createUser(QStringLiteral("carol")).ok());
        auto carol = loggedIn(QStringLiteral("carol"));
        QVERIFY(carol);
        auto secondTab = sameSession(*carol);
        QVERIFY(secondTab);
        QVERIFY(secondTab->conversations().ok());

        QVERIFY(waitFor<Done>([&](auto done) { carol->client().logout(done); }).ok());
        QTRY_COMPARE(secondTab->client().connection().state(), Connection::State::Disconnected);
        QCOMPARE(secondTab->client().connection().lastCloseCode(),
                 int(protocol::closecode::kSessionEnded));
        QVERIFY(!signedInAgain(*secondTab, m_server->url()));
    }

    void adminRevocationClosesLiveConnections()
    {
        QVERIFY(createUser(QStringLiteral("dave")).ok());
        auto laptop = loggedIn(QStringLiteral("dave"));
        auto phone = loggedIn(QStringLiteral("dave"));
        QVERIFY(laptop && phone);

        proto::Envelope list;
        list.mutable_admin_sessions_request()->set_username("dave");
        const auto listed = m_root->request(list);
        QVERIFY(listed.ok());
        const auto &sessions = listed.value().admin_sessions_reply().sessions();
        QCOMPARE(sessions.size(), 2);
        QVERIFY(sessions[0].live() && sessions[1].live());

        // One session: only its connection ends.
        proto::Envelope revoke;
        revoke.mutable_admin_revoke_sessions_request()->set_username("dave");
        revoke.mutable_admin_revoke_sessions_request()->set_session_id(sessions[0].id());
        QVERIFY(m_root->request(revoke).ok());
        QTRY_VERIFY(laptop->client().connection().state() == Connection::State::Disconnected ||
                    phone->client().connection().state() == Connection::State::Disconnected);
        TestClient &survivor =
            laptop->client().connection().state() == Connection::State::Disconnected ? *phone
                                                                                     : *laptop;
        QVERIFY(survivor.conversations().ok());

        // All of them.
        revoke.mutable_admin_revoke_sessions_request()->set_session_id(0);
        const auto revoked = m_root->request(revoke);
        QVERIFY(revoked.ok());
        QCOMPARE(revoked.value().admin_sessions_reply().sessions_size(), 1);
        QTRY_COMPARE(survivor.client().connection().state(), Connection::State::Disconnected);
        QVERIFY(!signedInAgain(survivor, m_server->url()));

        revoke.mutable_admin_revoke_sessions_request()->set_session_id(12345);
        QCOMPARE(m_root->request(revoke).failure().code, proto::SESSION_NOT_FOUND);
    }

    void invitedRegistration()
    {
        ServerFixture invite(QStringList{}, "[accounts]\nregistration=invite\n");
        QVERIFY(invite.start());
        QVERIFY(invite.grantAdmin(QStringLiteral("root"), kPassword));
        test::TestClient root;
        QVERIFY(root.connectTo(invite.url()));
        QVERIFY(root.login(QStringLiteral("root"), kPassword).ok());
        proto::Envelope make;
        make.mutable_admin_create_invite_request();
        const auto made = root.request(make);
        QVERIFY(made.ok());
        const QString code = QString::fromStdString(made.value().invite_reply().code());
        QVERIFY(code.size() >= 20);

        auto registerWith = [&](const QString &name, const QString &inviteCode) {
            TestClient newcomer;
            if (!newcomer.connectTo(invite.url()))
                return Result<proto::AuthReply>(proto::DISCONNECTED, QStringLiteral("no server"));
            return waitFor<proto::AuthReply>([&](auto done) {
                newcomer.client().registerUser(name, kPassword, QString(), done, inviteCode);
            });
        };
        QCOMPARE(registerWith(QStringLiteral("nina"), {}).failure().code,
                 proto::REGISTRATION_CLOSED);
        QCOMPARE(
            registerWith(QStringLiteral("nina"), QStringLiteral("made-up-code")).failure().code,
            proto::INVALID_INVITE);
        // A taken name leaves the invite unused...
        QCOMPARE(registerWith(QStringLiteral("root"), code).failure().code, proto::USERNAME_TAKEN);
        QVERIFY(registerWith(QStringLiteral("nina"), code).ok());
        // ...and an invite is good for one account.
        QCOMPARE(registerWith(QStringLiteral("omar"), code).failure().code, proto::INVALID_INVITE);
    }

    void expiredSessionIsClosed()
    {
        ServerFixture shortLived(QStringList{}, "[server]\nsession-seconds=2\n");
        QVERIFY(shortLived.start());
        auto erin = TestClient::signedIn(shortLived.url(), QStringLiteral("erin"));
        QVERIFY(erin);
        QVERIFY(erin->conversations().ok());
        QTRY_COMPARE_WITH_TIMEOUT(erin->client().connection().state(),
                                  Connection::State::Disconnected, 10'000);
        QVERIFY(!signedInAgain(*erin, shortLived.url()));
    }
};

QTEST_GUILESS_MAIN(TestSessions)
#include "tst_sessions.moc"

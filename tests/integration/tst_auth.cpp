#include "server_fixture.h"
#include "test_client.h"

#include <QtTest>

using namespace natter;
using natter::test::ServerFixture;
using natter::test::TestClient;

class TestAuth : public QObject {
    Q_OBJECT
private:
    ServerFixture m_server;

private slots:
    void initTestCase() { QVERIFY(m_server.start()); }

    void registerLoginResumeLogout()
    {
        TestClient first;
        QVERIFY(first.connectTo(m_server.url()));
        const auto registered = first.registerUser(QStringLiteral("alice"));
        QVERIFY2(registered.ok(), qPrintable(registered.failure().message));
        QVERIFY(registered.value().user().id() > 0);
        QCOMPARE(registered.value().user().display_name(), "alice");
        QCOMPARE(QByteArray::fromBase64(QByteArray::fromStdString(registered.value().token()),
                                        QByteArray::Base64UrlEncoding)
                     .size(),
                 32);

        // A second device logs in; both sessions live side by side.
        TestClient second;
        QVERIFY(second.connectTo(m_server.url()));
        const auto loggedIn =
            second.login(QStringLiteral("ALICE"), QStringLiteral("correct horse"));
        QVERIFY(loggedIn.ok());
        QCOMPARE(loggedIn.value().user().id(), registered.value().user().id());
        QVERIFY(loggedIn.value().token() != registered.value().token());

        // A new connection resumes with the first token.
        TestClient resumed;
        resumed.client().setToken(QString::fromStdString(registered.value().token()));
        QVERIFY(resumed.connectTo(m_server.url()));
        QCOMPARE(resumed.client().user().username(), "alice");

        // Logout revokes only that session.
        QVERIFY(client::waitFor<Done>([&](auto done) { first.client().logout(done); }).ok());
        TestClient afterLogout;
        QVERIFY(afterLogout.connectTo(m_server.url()));
        const auto refused = client::waitFor<proto::AuthReply>([&](auto done) {
            afterLogout.client().resume(QString::fromStdString(registered.value().token()), done);
        });
        QCOMPARE(refused.failure().code, proto::INVALID_TOKEN);
        TestClient other;
        QVERIFY(other.connectTo(m_server.url()));
        QVERIFY(client::waitFor<proto::AuthReply>([&](auto done) {
                    other.client().resume(QString::fromStdString(loggedIn.value().token()), done);
                }).ok());
    }

    void wrongPasswordAndUnknownUser()
    {
        TestClient c;
        QVERIFY(c.connectTo(m_server.url()));
        QVERIFY(c.registerUser(QStringLiteral("bob")).ok());
        TestClient d;
        QVERIFY(d.connectTo(m_server.url()));
        QCOMPARE(d.login(QStringLiteral("bob"), QStringLiteral("wrong password")).failure().code,
                 proto::WRONG_CREDENTIALS);
        QCOMPARE(d.login(QStringLiteral("nobody"), QStringLiteral("whatever1")).failure().code,
                 proto::WRONG_CREDENTIALS);
    }

    void unknownAndMalformedTokens()
    {
        TestClient c;
        QVERIFY(c.connectTo(m_server.url()));
        const QString unknown = QString::fromLatin1(QByteArray(32, 'k').toBase64(
            QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        auto resume = [&](const QString &token) {
            return client::waitFor<proto::AuthReply>(
                [&](auto done) { c.client().resume(token, done); });
        };
        QCOMPARE(resume(unknown).failure().code, proto::INVALID_TOKEN);
        QCOMPARE(resume(QStringLiteral("not a token")).failure().code, proto::INVALID_TOKEN);
        QCOMPARE(resume(QString()).failure().code, proto::INVALID_TOKEN);
    }

    void registrationRules()
    {
        TestClient c;
        QVERIFY(c.connectTo(m_server.url()));
        QVERIFY(c.registerUser(QStringLiteral("Carol")).ok());
        TestClient d;
        QVERIFY(d.connectTo(m_server.url()));
        QCOMPARE(d.registerUser(QStringLiteral("carol")).failure().code, proto::USERNAME_TAKEN);
        QCOMPARE(d.registerUser(QStringLiteral("x")).failure().code, proto::INVALID_USERNAME);
        QCOMPARE(d.registerUser(QStringLiteral("dave"), QStringLiteral("short")).failure().code,
                 proto::WEAK_PASSWORD);
    }

    void requestsNeedHelloAndSignIn()
    {
        TestClient c;
        QVERIFY(c.connectTo(m_server.url()));
        QCOMPARE(c.createDirect(QStringLiteral("alice")).failure().code, proto::NOT_AUTHENTICATED);
        QCOMPARE(c.send(1, QStringLiteral("hi")).failure().code, proto::NOT_AUTHENTICATED);
        QVERIFY(c.registerUser(QStringLiteral("erin")).ok());
        QCOMPARE(c.login(QStringLiteral("erin"), QStringLiteral("correct horse")).failure().code,
                 proto::ALREADY_AUTHENTICATED);
    }

    void incompatibleVersionIsRefused()
    {
        TestClient c;
        QVERIFY(c.connectTo(m_server.url()));
        proto::Envelope hello;
        hello.mutable_hello()->set_protocol_version(999);
        const auto reply = c.request(hello);
        QCOMPARE(reply.failure().code, proto::UNSUPPORTED_VERSION);
    }

    void stoppingDuringLoginsExitsCleanly()
    {
        // Password work running or queued when natterd stops must not answer services that
        // are already gone (it did: a login in flight at shutdown called a freed object).
        ServerFixture server;
        QVERIFY(server.start());
        QVERIFY(TestClient::signedIn(server.url(), QStringLiteral("frank")));
        std::vector<std::unique_ptr<TestClient>> clients;
        for (int i = 0; i < 8; ++i) {
            auto &c = clients.emplace_back(std::make_unique<TestClient>());
            QVERIFY(c->connectTo(server.url()));
            c->client().login(QStringLiteral("frank"), QStringLiteral("correct horse"),
                              [](Result<proto::AuthReply>) {});
            // Answered at once, after the login on the same connection was taken in: the
            // login's password work is queued or running now.
            QCOMPARE(c->conversations().failure().code, proto::NOT_AUTHENTICATED);
        }
        // The clients leave first, so that natterd's shutdown does not wait for them and the
        // services go while the password work still runs.
        clients.clear();
        QCOMPARE(server.stop(), 0);
    }
};

QTEST_GUILESS_MAIN(TestAuth)
#include "tst_auth.moc"

#include "server_fixture.h"
#include "test_client.h"

#include <QtTest>
#include <csignal>

using namespace natter;
using natter::test::ServerFixture;
using natter::test::TestClient;

/// The client core's connection: reconnect and resume after the server comes back, and
/// requests that fail with a typed error instead of hanging.
class TestReconnect : public QObject {
    Q_OBJECT
private slots:
    void reconnectsAndResumesAfterRestart()
    {
        ServerFixture server;
        QVERIFY(server.start());
        TestClient alice;
        TestClient bob;
        QVERIFY(alice.connectTo(server.url()) && bob.connectTo(server.url()));
        QVERIFY(alice.registerUser(QStringLiteral("alice")).ok());
        QVERIFY(bob.registerUser(QStringLiteral("bob")).ok());
        const quint64 id = alice.createDirect(QStringLiteral("bob")).value().id();
        alice.client().connection().setAutoReconnect(true);
        QSignalSpy ready(&alice.client(), &client::Client::ready);

        QCOMPARE(server.stop(), 0);
        // Noticed: no longer Ready (it may be between attempts or in one that waits in the
        // listening socket's backlog, which the fixture keeps across the restart).
        QTRY_VERIFY(alice.client().connection().state() != client::Connection::State::Ready);
        // While the server is away, requests fail at once with a typed error.
        QCOMPARE(alice.send(id, QStringLiteral("lost?")).failure().code, proto::DISCONNECTED);

        QVERIFY(server.restart(/*samePort=*/true));
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() >= 1, 20'000);
        QCOMPARE(alice.client().connection().state(), client::Connection::State::Ready);
        QCOMPARE(alice.client().user().username(), "alice"); // the session was resumed
        const auto sent = alice.send(id, QStringLiteral("back again"));
        QVERIFY2(sent.ok(), qPrintable(sent.failure().message));
        QCOMPARE(sent.value().seq(), 1u);
    }

    void unansweredRequestTimesOut()
    {
        ServerFixture server;
        QVERIFY(server.start());
        TestClient alice;
        QVERIFY(alice.connectTo(server.url()));
        QVERIFY(alice.registerUser(QStringLiteral("alice")).ok());
        alice.client().connection().setRequestTimeout(300);
        ::kill(pid_t(server.pid()), SIGSTOP); // the server hangs
        int answers = 0;
        proto::ErrorCode code = proto::ERROR_CODE_UNSPECIFIED;
        alice.client().conversations({}, 0, [&](Result<proto::ConversationsReply> reply) {
            ++answers;
            code = reply.ok() ? proto::ERROR_CODE_UNSPECIFIED : reply.failure().code;
        });
        QTRY_COMPARE(answers, 1);
        ::kill(pid_t(server.pid()), SIGCONT);
        QCOMPARE(code, proto::TIMEOUT);
        // The server answers the timed-out request late, before this next one (its reads run
        // in order): the late reply is dropped, not given to anyone, and the connection stays
        // usable.
        alice.client().connection().setRequestTimeout(15'000);
        QVERIFY(alice.conversations().ok());
        QCOMPARE(answers, 1);
    }

    void answersForGoneRequestersAreDropped()
    {
        // A window or dialog that asked and went (signing out, closing) is not called back:
        // neither with the answer nor when the connection drops with the request in flight.
        ServerFixture server;
        QVERIFY(server.start());
        TestClient bob;
        QVERIFY(bob.connectTo(server.url()));
        QVERIFY(bob.registerUser(QStringLiteral("bob")).ok());
        auto &connection = bob.client().connection();
        int calledBack = 0;
        int calledBackUnguarded = 0;
        auto requester = std::make_unique<QObject>();
        bob.client().conversations(
            {}, 0, [&](auto) { ++calledBack; }, requester.get());
        bob.client().conversations({}, 0, [&](auto) { ++calledBackUnguarded; });
        requester.reset();
        QTRY_COMPARE(connection.pendingRequests(), 0);
        QCOMPARE(calledBackUnguarded, 1);
        QCOMPARE(calledBack, 0);

        ::kill(pid_t(server.pid()), SIGSTOP); // nothing is answered now
        requester = std::make_unique<QObject>();
        bob.client().settings([&](auto) { ++calledBack; }, requester.get());
        bob.client().settings([&](auto r) {
            QCOMPARE(r.failure().code, proto::DISCONNECTED);
            ++calledBackUnguarded;
        });
        requester.reset();
        bob.client().close();
        ::kill(pid_t(server.pid()), SIGCONT);
        QTRY_COMPARE(calledBackUnguarded, 2);
        QCOMPARE(calledBack, 0);
    }

    void theSessionIsKeptWhenTheRequesterIsGone()
    {
        // The sign-in dialog closes while its login is in flight: the client still signs in.
        ServerFixture server;
        QVERIFY(server.start());
        QVERIFY(TestClient::signedIn(server.url(), QStringLiteral("carl")));
        TestClient carl;
        QVERIFY(carl.connectTo(server.url()));
        bool signedIn = false;
        QObject::connect(&carl.client(), &client::Client::signedIn, [&] { signedIn = true; });
        int calledBack = 0;
        auto dialog = std::make_unique<QObject>();
        carl.client().login(
            QStringLiteral("carl"), QStringLiteral("correct horse"), [&](auto) { ++calledBack; },
            dialog.get());
        dialog.reset();
        QTRY_VERIFY(signedIn);
        QVERIFY(!carl.client().token().isEmpty());
        QCOMPARE(carl.client().user().username(), "carl");
        QCOMPARE(calledBack, 0);
    }
};

QTEST_GUILESS_MAIN(TestReconnect)
#include "tst_reconnect.moc"

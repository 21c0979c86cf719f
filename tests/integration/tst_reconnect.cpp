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
        QTRY_COMPARE(alice.client().connection().state(),
                     client::Connection::State::WaitingToReconnect);
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
        const auto reply = alice.conversations();
        ::kill(pid_t(server.pid()), SIGCONT);
        QCOMPARE(reply.failure().code, proto::TIMEOUT);
        // A late reply to the timed-out request is dropped; the connection stays usable.
        alice.client().connection().setRequestTimeout(15'000);
        QVERIFY(alice.conversations().ok());
    }
};

QTEST_GUILESS_MAIN(TestReconnect)
#include "tst_reconnect.moc"

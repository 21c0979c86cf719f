// A client that stops reading is cut off with close code 4008 once its unsent data passes the
// bound, and nobody else waits for it.
#include "protocol.h"
#include "raw_websocket.h"
#include "server_fixture.h"
#include "test_client.h"

#include <QDeadlineTimer>
#include <QTcpSocket>
#include <QtTest>
#include <memory>

using namespace natter;
using namespace natter::test;

namespace {

/// A raw WebSocket that signs in with `token` and then reads nothing (its buffer is tiny).
bool signInWithoutReading(QTcpSocket &raw, const ServerFixture &server, const QString &token)
{
    raw.setReadBufferSize(1024);
    if (!rawUpgrade(raw, server.url()).startsWith("HTTP/1.1 101"))
        return false;
    QDeadlineTimer deadline(5000);
    proto::Envelope hello;
    hello.set_request_id(1);
    hello.mutable_hello()->set_protocol_version(protocol::kProtocolVersion);
    proto::Envelope resume;
    resume.set_request_id(2);
    resume.mutable_resume_request()->set_token(token.toStdString());
    raw.write(clientFrame(hello) + clientFrame(resume));
    // Signed in once both replies are here; from then on nothing is read.
    QByteArray replies;
    while (frameCount(replies) < 2 && raw.waitForReadyRead(int(deadline.remainingTime())))
        replies += raw.readAll();
    return frameCount(replies) == 2 && closeCode(replies) == 0;
}

} // namespace

class TestBackpressure : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<ServerFixture> m_server;

private slots:
    void initTestCase()
    {
        m_server =
            std::make_unique<ServerFixture>(QStringList{}, "[limits]\nmax-queued-bytes=262144\n");
        QVERIFY(m_server->start());
    }

    void slowReaderIsCutOffAndOthersKeepGoing()
    {
        TestClient alice, slowBob, carol;
        QVERIFY(alice.connectTo(m_server->url()) && slowBob.connectTo(m_server->url()) &&
                carol.connectTo(m_server->url()));
        QVERIFY(alice.registerUser(QStringLiteral("alice")).ok());
        const QString bobToken =
            QString::fromStdString(slowBob.registerUser(QStringLiteral("bob")).value().token());
        QVERIFY(carol.registerUser(QStringLiteral("carol")).ok());
        const auto dm = alice.createDirect(QStringLiteral("bob"));
        const auto other = alice.createDirect(QStringLiteral("carol"));
        QVERIFY(dm.ok() && other.ok());

        // Bob's second device: a raw socket that signs in and then stops reading.
        QTcpSocket raw;
        QVERIFY(signInWithoutReading(raw, *m_server, bobToken));

        // Far more than the bound plus the kernel's buffers, in 16 KiB messages.
        const QString big(16000, QLatin1Char('x'));
        for (int i = 0; i < 800; ++i)
            QVERIFY(alice.send(dm.value().id(), big).ok());
        // Everyone else is served at once: Carol gets a message right away.
        QVERIFY(alice.send(other.value().id(), QStringLiteral("still here?")).ok());
        QVERIFY(carol.waitForMessages(1, 5000));
        QVERIFY(slowBob.waitForMessages(800, 20'000)); // Bob's reading device got everything

        // The slow device reads now: after what was queued comes close code 4008.
        raw.setReadBufferSize(0);
        QByteArray stream;
        QTRY_VERIFY_WITH_TIMEOUT((stream += raw.readAll(), closeCode(stream) != 0), 15'000);
        QCOMPARE(closeCode(stream), 4008);
    }

    void slowReadersAreCutOffAtTheBoundForAllConnections()
    {
        // Each connection may hold 16 MiB, all of them together only 512 KiB.
        ServerFixture server(QStringList{},
                             "[limits]\nmax-queued-bytes-total=524288\nrate-limits=off\n");
        QVERIFY(server.start());
        auto dave = TestClient::signedIn(server.url(), QStringLiteral("dave"));
        auto erin = TestClient::signedIn(server.url(), QStringLiteral("erin"));
        QVERIFY(dave && erin);
        const auto dm = dave->createDirect(QStringLiteral("erin"));
        QVERIFY(dm.ok());
        QTcpSocket raw;
        QVERIFY(signInWithoutReading(raw, server, erin->client().token()));
        QVERIFY(dave->send(dm.value().id(), QStringLiteral("first")).ok());
        QVERIFY(erin->waitForMessages(1));

        // 12.8 MB: below one connection's bound once the kernel's buffers took their part,
        // far above the bound for all.
        const QString big(16000, QLatin1Char('x'));
        for (int i = 0; i < 800; ++i)
            QVERIFY(dave->send(dm.value().id(), big).ok());
        QVERIFY(erin->waitForMessages(801, 20'000)); // the reading device gets everything

        raw.setReadBufferSize(0);
        QByteArray stream;
        QTRY_VERIFY_WITH_TIMEOUT((stream += raw.readAll(), closeCode(stream) != 0), 15'000);
        QCOMPARE(closeCode(stream), int(protocol::closecode::kTooSlow));
    }
};

QTEST_GUILESS_MAIN(TestBackpressure)
#include "tst_backpressure.moc"

// A client that stops reading is cut off with close code 4008 once its unsent data passes the
// bound, and nobody else waits for it.
#include "protocol.h"
#include "server_fixture.h"
#include "test_client.h"

#include <QDeadlineTimer>
#include <QTcpSocket>
#include <QtTest>
#include <memory>

using namespace natter;
using natter::test::ServerFixture;
using natter::test::TestClient;

namespace {

/// A masked client frame (RFC 6455 §5.2) carrying a binary Envelope.
QByteArray clientFrame(const proto::Envelope &envelope)
{
    const QByteArray payload = protocol::encode(envelope);
    QByteArray frame;
    frame.append(char(0x82)); // FIN, binary
    if (payload.size() < 126) {
        frame.append(char(0x80 | payload.size()));
    } else {
        frame.append(char(0x80 | 126));
        frame.append(char((payload.size() >> 8) & 0xff));
        frame.append(char(payload.size() & 0xff));
    }
    const char mask[4] = {0x11, 0x22, 0x33, 0x44};
    frame.append(mask, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(char(payload[i] ^ mask[i % 4]));
    return frame;
}

/// The close code of the first close frame in a stream of server frames, 0 if none.
int closeCode(const QByteArray &stream)
{
    qsizetype at = 0;
    while (at + 2 <= stream.size()) {
        const int opcode = uchar(stream[at]) & 0x0f;
        quint64 length = uchar(stream[at + 1]) & 0x7f;
        qsizetype header = 2;
        if (length == 126) {
            length = (quint64(uchar(stream[at + 2])) << 8) | uchar(stream[at + 3]);
            header = 4;
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = (length << 8) | uchar(stream[at + 2 + i]);
            header = 10;
        }
        if (at + header + qsizetype(length) > stream.size())
            return 0;
        if (opcode == 0x8 && length >= 2)
            return (uchar(stream[at + header]) << 8) | uchar(stream[at + header + 1]);
        at += header + qsizetype(length);
    }
    return 0;
}

/// How many whole frames a stream of server frames holds.
int frameCount(const QByteArray &stream)
{
    int count = 0;
    qsizetype at = 0;
    while (at + 2 <= stream.size()) {
        quint64 length = uchar(stream[at + 1]) & 0x7f;
        qsizetype header = 2;
        if (length == 126) {
            if (at + 4 > stream.size())
                break;
            length = (quint64(uchar(stream[at + 2])) << 8) | uchar(stream[at + 3]);
            header = 4;
        }
        if (at + header + qsizetype(length) > stream.size())
            break;
        ++count;
        at += header + qsizetype(length);
    }
    return count;
}

/// A raw WebSocket that signs in with `token` and then reads nothing (its buffer is tiny).
bool signInWithoutReading(QTcpSocket &raw, const ServerFixture &server, const QString &token)
{
    raw.setReadBufferSize(1024);
    raw.connectToHost(server.url().host(), quint16(server.url().port()));
    if (!raw.waitForConnected())
        return false;
    raw.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
              "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
              "Sec-WebSocket-Version: 13\r\n\r\n");
    QByteArray handshake;
    QDeadlineTimer deadline(5000);
    while (!handshake.contains("\r\n\r\n") && raw.waitForReadyRead(int(deadline.remainingTime())))
        handshake += raw.readAll();
    if (!handshake.startsWith("HTTP/1.1 101"))
        return false;
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

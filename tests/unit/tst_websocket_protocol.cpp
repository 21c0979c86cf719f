// natterd's own WebSocket framing (RFC 6455, server side): the upgrade answer and the client
// frame reader, including what Qt's QWebSocket let through (unmasked client frames).
#include "gateway/websocket_protocol.h"

#include <QtEndian>
#include <QtTest>

using namespace natter::server::gateway::websocket;
using Kind = FrameReader::Kind;

namespace {

const QByteArray kRequest = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                            "Connection: keep-alive, Upgrade\r\n"
                            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            "Sec-WebSocket-Version: 13\r\n";

QByteArray request(const QByteArray &extra = {})
{
    return kRequest + extra + "\r\n";
}

/// A client frame as a browser sends it: masked with `mask`, `fin` set unless told otherwise.
QByteArray clientFrame(int opcode, const QByteArray &payload, bool fin = true, bool masked = true,
                       quint32 mask = 0x37fa213d)
{
    QByteArray frame;
    frame.append(char((fin ? 0x80 : 0) | opcode));
    const char maskBit = masked ? char(0x80) : 0;
    if (payload.size() < 126) {
        frame.append(char(maskBit | payload.size()));
    } else if (payload.size() <= 0xFFFF) {
        frame.append(char(maskBit | 126));
        uchar length[2];
        qToBigEndian<quint16>(quint16(payload.size()), length);
        frame.append(reinterpret_cast<const char *>(length), 2);
    } else {
        frame.append(char(maskBit | 127));
        uchar length[8];
        qToBigEndian<quint64>(quint64(payload.size()), length);
        frame.append(reinterpret_cast<const char *>(length), 8);
    }
    QByteArray body = payload;
    if (masked) {
        uchar key[4];
        qToBigEndian(mask, key);
        frame.append(reinterpret_cast<const char *>(key), 4);
        for (qsizetype i = 0; i < body.size(); ++i)
            body[i] = char(body[i] ^ key[i & 3]);
    }
    return frame + body;
}

} // namespace

class TestWebSocketProtocol : public QObject {
    Q_OBJECT
private slots:
    void upgradeAnswersWithTheAcceptKey()
    {
        const UpgradeAnswer answer = answerUpgrade(request(), {});
        QVERIFY(answer.accepted);
        QVERIFY(answer.response.startsWith("HTTP/1.1 101 Switching Protocols\r\n"));
        // The example of RFC 6455 section 1.3.
        QVERIFY(answer.response.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
        QVERIFY(answer.response.endsWith("\r\n\r\n"));
    }

    void upgradeRefusals_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<QByteArray>("status");
        QTest::newRow("not GET") << QByteArray(request()).replace("GET", "POST")
                                 << QByteArray("405");
        QTest::newRow("not HTTP") << QByteArray("hello\r\n\r\n") << QByteArray("400");
        QTest::newRow("no Host") << QByteArray(request()).replace("Host: 127.0.0.1\r\n", "")
                                 << QByteArray("400");
        QTest::newRow("no upgrade")
            << QByteArray(request()).replace("Upgrade: websocket\r\n", "") << QByteArray("426");
        QTest::newRow("old version")
            << QByteArray(request()).replace("Version: 13", "Version: 8") << QByteArray("426");
        QTest::newRow("short key")
            << QByteArray(request()).replace("dGhlIHNhbXBsZSBub25jZQ==", "c2hvcnQ=")
            << QByteArray("400");
        QTest::newRow("bad header") << request("no colon here\r\n") << QByteArray("400");
        QTest::newRow("unlisted origin")
            << request("Origin: https://evil.example\r\n") << QByteArray("403");
    }
    void upgradeRefusals()
    {
        QFETCH(QByteArray, head);
        QFETCH(QByteArray, status);
        const UpgradeAnswer answer = answerUpgrade(head, {QStringLiteral("https://chat.example")});
        QVERIFY(!answer.accepted);
        QVERIFY2(answer.response.startsWith(QByteArray("HTTP/1.1 " + status)),
                 answer.response.constData());
        QVERIFY(!answer.problem.isEmpty());
        // Never an echo of the request: no CORS header, no origin.
        QVERIFY(!answer.response.contains("Access-Control"));
        QVERIFY(!answer.response.contains("evil.example"));
    }

    void listedOriginsAndNativeClientsAreAccepted()
    {
        const QStringList allowed{QStringLiteral("https://chat.example")};
        QVERIFY(answerUpgrade(request("Origin: https://CHAT.example\r\n"), allowed).accepted);
        QVERIFY(answerUpgrade(request(), allowed).accepted);
        const UpgradeAnswer listed =
            answerUpgrade(request("Origin: https://chat.example\r\n"), allowed);
        QVERIFY(!listed.response.contains("Access-Control"));
        QVERIFY(upgradeTooLarge().startsWith("HTTP/1.1 431"));
    }

    void maskedFramesAreRead()
    {
        FrameReader reader(1 << 20, 1 << 20);
        std::vector<FrameReader::Message> got;
        const QByteArray big(70'000, 'x'); // a 64-bit length
        const QByteArray medium(300, 'y'); // a 16-bit length
        QVERIFY(reader.feed(clientFrame(2, "hello") + clientFrame(2, medium) + clientFrame(2, big) +
                                clientFrame(1, "text") + clientFrame(9, "ping") +
                                clientFrame(10, {}),
                            &got));
        QCOMPARE(got.size(), size_t(6));
        QCOMPARE(got[0].kind, Kind::Binary);
        QCOMPARE(got[0].payload, QByteArray("hello"));
        QCOMPARE(got[1].payload, medium);
        QCOMPARE(got[2].payload, big);
        QCOMPARE(got[3].kind, Kind::Text);
        QCOMPARE(got[4].kind, Kind::Ping);
        QCOMPARE(got[4].payload, QByteArray("ping"));
        QCOMPARE(got[5].kind, Kind::Pong);
        QCOMPARE(reader.bufferedBytes(), 0);
    }

    void bytesMayArriveOneByOne()
    {
        FrameReader reader(1 << 20, 1 << 20);
        std::vector<FrameReader::Message> got;
        const QByteArray stream = clientFrame(2, QByteArray(200, 'a')) + clientFrame(2, "b");
        for (char byte : stream)
            QVERIFY(reader.feed(QByteArray(1, byte), &got));
        QCOMPARE(got.size(), size_t(2));
        QCOMPARE(got[0].payload, QByteArray(200, 'a'));
        QCOMPARE(got[1].payload, QByteArray("b"));
    }

    void fragmentsJoinAroundControlFrames()
    {
        FrameReader reader(1 << 20, 1 << 20);
        std::vector<FrameReader::Message> got;
        QVERIFY(reader.feed(clientFrame(2, "he", false) + clientFrame(9, "p") +
                                clientFrame(0, "ll", false) + clientFrame(0, "o"),
                            &got));
        QCOMPARE(got.size(), size_t(2));
        QCOMPARE(got[0].kind, Kind::Ping);
        QCOMPARE(got[1].kind, Kind::Binary);
        QCOMPARE(got[1].payload, QByteArray("hello"));
    }

    void closeFramesCarryTheirCode()
    {
        FrameReader reader(1 << 20, 1 << 20);
        std::vector<FrameReader::Message> got;
        QByteArray payload(2, Qt::Uninitialized);
        qToBigEndian<quint16>(4001, payload.data());
        QVERIFY(reader.feed(clientFrame(8, payload + "bye") + clientFrame(8, {}), &got));
        QCOMPARE(got.size(), size_t(2));
        QCOMPARE(got[0].closeCode, quint16(4001));
        QCOMPARE(got[0].payload, QByteArray("bye"));
        QCOMPARE(got[1].closeCode, close::kNoStatus);
    }

    void protocolViolationsFail_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<quint16>("code");
        QTest::addColumn<QString>("reason");
        QTest::newRow("unmasked") << clientFrame(2, "hi", true, false) << close::kProtocolError
                                  << QStringLiteral("masked");
        QTest::newRow("reserved bits") << QByteArray(clientFrame(2, "hi")).replace(0, 1, "\xc2")
                                       << close::kProtocolError << QStringLiteral("reserved");
        QTest::newRow("unknown opcode")
            << clientFrame(3, "hi") << close::kProtocolError << QStringLiteral("opcode");
        QTest::newRow("fragmented ping")
            << clientFrame(9, "hi", false) << close::kProtocolError << QStringLiteral("control");
        QTest::newRow("long ping") << clientFrame(9, QByteArray(126, 'p')) << close::kProtocolError
                                   << QStringLiteral("control");
        QTest::newRow("lone continuation")
            << clientFrame(0, "hi") << close::kProtocolError << QStringLiteral("continuation");
        QTest::newRow("interleaved messages") << clientFrame(2, "a", false) + clientFrame(2, "b")
                                              << close::kProtocolError << QStringLiteral("ended");
        QTest::newRow("frame too big")
            << clientFrame(2, QByteArray(1025, 'x')) << close::kTooBig << QStringLiteral("1024");
        QTest::newRow("message too big")
            << clientFrame(2, QByteArray(1000, 'x'), false) + clientFrame(0, QByteArray(1000, 'x'))
            << close::kTooBig << QStringLiteral("1500");
        QTest::newRow("truncated close")
            << clientFrame(8, "x") << close::kProtocolError << QStringLiteral("close code");
        QTest::newRow("reserved close code")
            << clientFrame(8, QByteArray("\x03\xee", 2)) << close::kProtocolError // 1006
            << QStringLiteral("1006");
        QTest::newRow("close reason not UTF-8")
            << clientFrame(8, QByteArray("\x03\xe8\xff", 3)) << close::kInvalidPayload
            << QStringLiteral("UTF-8");
    }
    void protocolViolationsFail()
    {
        QFETCH(QByteArray, stream);
        QFETCH(quint16, code);
        QFETCH(QString, reason);
        FrameReader reader(1024, 1500);
        std::vector<FrameReader::Message> got;
        QVERIFY(!reader.feed(stream + clientFrame(2, "after"), &got));
        QCOMPARE(reader.failure().code, code);
        QVERIFY2(reader.failure().reason.contains(reason), qPrintable(reader.failure().reason));
        // Nothing after the violation is read, then or later.
        for (const auto &message : got)
            QVERIFY(message.payload != "after");
        QVERIFY(!reader.feed(clientFrame(2, "later"), &got));
        QCOMPARE(reader.bufferedBytes(), 0);
    }

    void aHugeDeclaredLengthFailsAtOnce()
    {
        // Refused from the header alone: nothing is buffered waiting for 2^40 bytes.
        FrameReader reader(1 << 20, 1 << 20);
        std::vector<FrameReader::Message> got;
        QByteArray header("\x82\xff", 2);
        uchar length[8];
        qToBigEndian<quint64>(quint64(1) << 40, length);
        header.append(reinterpret_cast<const char *>(length), 8);
        QVERIFY(!reader.feed(header, &got));
        QCOMPARE(reader.failure().code, close::kTooBig);
    }

    void serverFramesAreUnmaskedAndMinimal()
    {
        QCOMPARE(serverFrame(Kind::Binary, "hi"), QByteArray("\x82\x02hi", 4));
        const QByteArray medium = serverFrame(Kind::Binary, QByteArray(300, 'm'));
        QCOMPARE(medium.left(4), QByteArray("\x82\x7e\x01\x2c", 4));
        QCOMPARE(medium.size(), 304);
        const QByteArray big = serverFrame(Kind::Binary, QByteArray(70'000, 'b'));
        QCOMPARE(big.left(2), QByteArray("\x82\x7f", 2));
        QCOMPARE(big.size(), 70'010);
        QCOMPARE(serverFrame(Kind::Pong, {}), QByteArray("\x8a\x00", 2));
    }

    void closeReasonsAreCutAtACharacter()
    {
        const QByteArray frame = closeFrame(4008, QString(100, QChar(0x00e9))); // 200 bytes
        QVERIFY(frame.size() <= 127);
        QCOMPARE(quint8(frame[0]), quint8(0x88));
        QCOMPARE(qFromBigEndian<quint16>(frame.constData() + 2), quint16(4008));
        const QByteArray reason = frame.mid(4);
        QCOMPARE(reason.size() % 2, 0); // whole two-byte characters only
        QCOMPARE(QString::fromUtf8(reason), QString(reason.size() / 2, QChar(0x00e9)));
    }
};

QTEST_GUILESS_MAIN(TestWebSocketProtocol)
#include "tst_websocket_protocol.moc"

#include "raw_websocket.h"
#include "server_fixture.h"
#include "test_client.h"

#include <QTcpSocket>
#include <QWebSocket>
#include <QtTest>

using namespace natter;
using natter::test::ServerFixture;
using natter::test::TestClient;

/// Bad input gets a typed error, never a crash, and costs other clients nothing.
class TestBadInput : public QObject {
    Q_OBJECT
private:
    ServerFixture m_server;
    TestClient m_alice;
    TestClient m_bob;
    quint64 m_conversation = 0;

    /// A raw socket that has not said Hello, for what TestClient would never send.
    struct RawSocket {
        QWebSocket socket;
        QList<proto::Envelope> frames;
        RawSocket()
        {
            QObject::connect(&socket, &QWebSocket::binaryMessageReceived,
                             [this](const QByteArray &f) {
                                 if (auto e = protocol::decode(f))
                                     frames.append(*e);
                             });
        }
    };

    void othersStillWork()
    {
        const int before = int(m_bob.received.size());
        QVERIFY(m_alice.send(m_conversation, QStringLiteral("still here")).ok());
        QVERIFY(m_bob.waitForMessages(before + 1));
    }

    QString longText(int bytes) { return QString(bytes, QLatin1Char('x')); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_server.start());
        QVERIFY(m_alice.connectTo(m_server.url()));
        QVERIFY(m_bob.connectTo(m_server.url()));
        QVERIFY(m_alice.registerUser(QStringLiteral("alice")).ok());
        QVERIFY(m_bob.registerUser(QStringLiteral("bob")).ok());
        m_conversation = m_alice.createDirect(QStringLiteral("bob")).value().id();
        QVERIFY(m_conversation > 0);
    }

    void framesFollowTheWebSocketProtocol()
    {
        QTcpSocket raw;
        QVERIFY(test::rawUpgrade(raw, m_server.url()).startsWith("HTTP/1.1 101"));
        proto::Envelope hello;
        hello.set_request_id(1);
        hello.mutable_hello()->set_protocol_version(protocol::kProtocolVersion);
        QByteArray stream;
        raw.write(test::clientFrame(hello));
        QTRY_VERIFY((stream += raw.readAll(), test::frameCount(stream) == 1));
        // A ping is answered with a pong carrying the same bytes.
        raw.write(test::rawClientFrame(0x9, "abc"));
        QTRY_VERIFY((stream += raw.readAll(), stream.endsWith(QByteArray("\x8a\x03"
                                                                         "abc"))));
        // The client closes: the server answers with the same code and ends the connection.
        raw.write(test::rawClientFrame(0x8, QByteArray("\x0f\xa1", 2))); // 4001
        QTRY_VERIFY((stream += raw.readAll(), test::closeCode(stream) != 0));
        QCOMPARE(test::closeCode(stream), 4001);
        QTRY_COMPARE(raw.state(), QAbstractSocket::UnconnectedState);
    }

    void unmaskedFramesCloseTheConnection()
    {
        QTcpSocket raw;
        QVERIFY(test::rawUpgrade(raw, m_server.url()).startsWith("HTTP/1.1 101"));
        proto::Envelope hello;
        hello.set_request_id(1);
        hello.mutable_hello()->set_protocol_version(protocol::kProtocolVersion);
        // The same Hello without the mask that RFC 6455 section 5.1 requires of clients: 1002.
        // More bytes follow that natterd never reads; the close frame still arrives.
        raw.write(test::rawClientFrame(0x2, protocol::encode(hello), /*masked=*/false) +
                  QByteArray(512 * 1024, 'x'));
        QByteArray stream;
        QTRY_VERIFY((stream += raw.readAll(), test::closeCode(stream) != 0));
        QCOMPARE(test::closeCode(stream), 1002);
        QVERIFY(stream.contains("masked"));
        QCOMPARE(test::frameCount(stream), 1); // no reply to the Hello
        QTRY_COMPARE(raw.state(), QAbstractSocket::UnconnectedState);
        othersStillWork();
    }

    void oversizedOrForeignUpgradesGetAnHttpError()
    {
        QTcpSocket huge;
        const QByteArray tooLong =
            test::rawUpgrade(huge, m_server.url(), "X-Filler: " + QByteArray(20'000, 'a') + "\r\n");
        QVERIFY2(tooLong.startsWith("HTTP/1.1 431"), tooLong.left(200).constData());
        QTRY_COMPARE(huge.state(), QAbstractSocket::UnconnectedState);
        QTcpSocket old;
        const QByteArray version = test::rawUpgrade(old, m_server.url(),
                                                    "Sec-WebSocket-Protocol: chat\r\n"
                                                    "Sec-WebSocket-Version: 8\r\n");
        QVERIFY2(version.startsWith("HTTP/1.1 426"), version.constData());
        QVERIFY(version.contains("Sec-WebSocket-Version: 13"));
        othersStillWork();
    }

    void requestBeforeHello()
    {
        RawSocket raw;
        raw.socket.open(m_server.url());
        QTRY_COMPARE(raw.socket.state(), QAbstractSocket::ConnectedState);
        proto::Envelope login;
        login.set_request_id(7);
        login.mutable_login_request()->set_username("alice");
        raw.socket.sendBinaryMessage(protocol::encode(login));
        QTRY_COMPARE(raw.frames.size(), 1);
        QCOMPARE(raw.frames[0].request_id(), 7u);
        QCOMPARE(raw.frames[0].error().code(), proto::HELLO_REQUIRED);
        othersStillWork();
    }

    void malformedFrame()
    {
        m_alice.client().connection().sendRawFrame(QByteArray("\xff\xff\xff\xff garbage", 12));
        QTRY_COMPARE(m_alice.serverErrors.size(), 1);
        QCOMPARE(m_alice.serverErrors[0].code(), proto::MALFORMED_FRAME);
        QVERIFY(!m_alice.serverErrors[0].message().empty());
        othersStillWork(); // the same connection keeps working too
    }

    void textFrame()
    {
        m_alice.serverErrors.clear();
        m_alice.client().connection().sendTextFrame(QStringLiteral("{\"hello\": 1}"));
        QTRY_COMPARE(m_alice.serverErrors.size(), 1);
        QCOMPARE(m_alice.serverErrors[0].code(), proto::MALFORMED_FRAME);
        othersStillWork();
    }

    void unknownRequest()
    {
        proto::Envelope empty; // no body at all
        QCOMPARE(m_alice.request(empty).failure().code, proto::UNKNOWN_REQUEST);
        proto::Envelope replyAsRequest; // a server-to-client body sent the wrong way
        replyAsRequest.mutable_messages_reply();
        QCOMPARE(m_alice.request(replyAsRequest).failure().code, proto::UNKNOWN_REQUEST);
        othersStillWork();
    }

    void oversizedAndInvalidTexts()
    {
        const quint32 limit = m_alice.client().connection().limits().maxTextBytes;
        QVERIFY(limit > 0);
        QCOMPARE(m_alice.send(m_conversation, longText(int(limit) + 1)).failure().code,
                 proto::TEXT_TOO_LONG);
        QVERIFY(m_alice.send(m_conversation, longText(int(limit))).ok());
        QCOMPARE(m_alice.send(m_conversation, QStringLiteral("   ")).failure().code,
                 proto::INVALID_TEXT);

        proto::Envelope badUtf8;
        auto *send = badUtf8.mutable_send_message_request();
        send->set_conversation_id(m_conversation);
        send->set_client_msg_id("bad-utf8");
        send->set_text(std::string("ok \xc0\xaf", 5));
        QCOMPARE(m_alice.request(badUtf8).failure().code, proto::INVALID_TEXT);

        proto::Envelope noId;
        noId.mutable_send_message_request()->set_conversation_id(m_conversation);
        noId.mutable_send_message_request()->set_text("hi");
        QCOMPARE(m_alice.request(noId).failure().code, proto::INVALID_ARGUMENT);
        othersStillWork();
        // Nothing that was refused was stored.
        const auto page = m_bob.messages(m_conversation, 0, 0, 200);
        for (const auto &m : page.value().messages())
            QVERIFY(m.text() == "still here" || m.text().size() == limit);
    }

    void frameOverTheLimitClosesOnlyThatConnection()
    {
        TestClient greedy;
        QVERIFY(greedy.connectTo(m_server.url()));
        const quint32 maxFrame = greedy.client().connection().limits().maxFrameBytes;
        QSignalSpy stateChanges(&greedy.client().connection(), &client::Connection::stateChanged);
        greedy.client().connection().sendRawFrame(QByteArray(int(maxFrame) + 1024, 'a'));
        QTRY_COMPARE_WITH_TIMEOUT(greedy.client().connection().state(),
                                  client::Connection::State::Disconnected, 10'000);
        othersStillWork();
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_bad_input.moc"

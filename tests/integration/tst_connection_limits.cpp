// Connection abuse: sockets that never finish their handshake or never sign in, floods from
// one address, and a descriptor limit natterd must live within.
#include "server_fixture.h"
#include "test_client.h"

#include <QTcpSocket>
#include <QWebSocket>
#include <QtTest>
#include <memory>
#include <vector>

using namespace natter;
using natter::test::ServerFixture;
using natter::test::TestClient;

namespace {
// Loopback has every 127/8 address: the flood comes from one, real clients from another.
const QHostAddress kFloodAddress(QStringLiteral("127.0.0.2"));
constexpr int kPerAddress = 50;
constexpr int kHandshakeTimeoutMs = 1500;
constexpr int kSignInTimeoutMs = 1500;
} // namespace

class TestConnectionLimits : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<ServerFixture> m_server;

    /// TCP connections from kFloodAddress that send nothing at all.
    std::vector<std::unique_ptr<QTcpSocket>> silentSockets(int count)
    {
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        for (int i = 0; i < count; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            if (!socket->bind(kFloodAddress))
                qWarning("cannot bind to %s", qPrintable(kFloodAddress.toString()));
            socket->connectToHost(QHostAddress::LocalHost, quint16(m_server->url().port()));
            sockets.push_back(std::move(socket));
        }
        return sockets;
    }

    static int count(const std::vector<std::unique_ptr<QTcpSocket>> &sockets,
                     QAbstractSocket::SocketState state)
    {
        return int(std::count_if(sockets.begin(), sockets.end(),
                                 [state](const auto &s) { return s->state() == state; }));
    }

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<ServerFixture>(
            QStringList{},
            QStringLiteral("[server]\nallowed-origins=https://chat.example.org\n"
                           "[limits]\nmax-connections-per-address=%1\nhandshake-timeout-ms=%2\n"
                           "sign-in-timeout-ms=%3\n")
                .arg(kPerAddress)
                .arg(kHandshakeTimeoutMs)
                .arg(kSignInTimeoutMs)
                .toUtf8());
        // 256 descriptors: without caps, 300 silent sockets would take every one.
        m_server->setDescriptorLimit(256);
        QVERIFY(m_server->start());
    }

    void floodFromOneAddressLeavesRoomForOthers()
    {
        auto flood = silentSockets(300);
        // natterd admits kPerAddress of them and answers the others with a 503 that says why.
        QTRY_COMPARE_WITH_TIMEOUT(count(flood, QAbstractSocket::UnconnectedState),
                                  300 - kPerAddress, 10'000);
        QByteArray answer;
        for (const auto &socket : flood)
            answer += socket->readAll();
        QVERIFY2(answer.contains("503"), answer.left(300).constData());
        QVERIFY(answer.contains("too many connections from your address"));

        // A real client from another address signs in at once.
        auto alice = TestClient::signedIn(m_server->url(), QStringLiteral("alice"));
        QVERIFY(alice);

        // The silent ones are dropped at the handshake deadline; the signed-in client,
        // upgraded long before, stays.
        QTRY_COMPARE_WITH_TIMEOUT(count(flood, QAbstractSocket::UnconnectedState), 300,
                                  kHandshakeTimeoutMs * 5);
        QVERIFY(alice->conversations().ok());
        QCOMPARE(alice->client().connection().state(), client::Connection::State::Ready);
    }

    void onlyListedBrowserOriginsMayConnect()
    {
        auto upgrade = [this](const QByteArray &extraHeader) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, quint16(m_server->url().port()));
            if (!socket.waitForConnected(5000))
                return QByteArray();
            socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                         "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                         "Sec-WebSocket-Version: 13\r\n" +
                         extraHeader + "\r\n");
            QByteArray head;
            while (!head.contains("\r\n\r\n") && socket.waitForReadyRead(5000))
                head += socket.readAll();
            return head;
        };
        // Native clients send no Origin.
        QVERIFY(upgrade({}).startsWith("HTTP/1.1 101"));
        // A web page elsewhere may not use the user's session on this server.
        const QByteArray evil = upgrade("Origin: https://evil.example\r\n");
        QVERIFY2(!evil.startsWith("HTTP/1.1 101"), evil.constData());
        QVERIFY(!evil.contains("evil.example"));
        const QByteArray listed = upgrade("Origin: https://chat.example.org\r\n");
        QVERIFY2(listed.startsWith("HTTP/1.1 101"), listed.constData());
    }

    void unfinishedUpgradeIsDropped()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, quint16(m_server->url().port()));
        QVERIFY(socket.waitForConnected(5000));
        socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState,
                                  kHandshakeTimeoutMs * 5);
    }

    void connectionThatNeverSignsInIsClosed()
    {
        QWebSocket socket;
        socket.open(m_server->url());
        QTRY_COMPARE(socket.state(), QAbstractSocket::ConnectedState);
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState,
                                  kSignInTimeoutMs * 5);
        QCOMPARE(int(socket.closeCode()), int(protocol::closecode::kSignInTimeout));
        QVERIFY2(socket.closeReason().contains(QStringLiteral("sign in")),
                 qPrintable(socket.closeReason()));
    }

    void signedInConnectionOutlivesTheSignInDeadline()
    {
        auto bob = TestClient::signedIn(m_server->url(), QStringLiteral("bob"));
        QVERIFY(bob);
        // Outlive the deadline by waiting for a connection that did not sign in to be closed.
        QWebSocket idle;
        idle.open(m_server->url());
        QTRY_COMPARE(idle.state(), QAbstractSocket::ConnectedState);
        QTRY_COMPARE_WITH_TIMEOUT(idle.state(), QAbstractSocket::UnconnectedState,
                                  kSignInTimeoutMs * 5);
        QVERIFY(bob->conversations().ok());
    }
};

QTEST_GUILESS_MAIN(TestConnectionLimits)
#include "tst_connection_limits.moc"

// WebSocketTransport: a frame is on the wire when sendBinary() returns, not when the event
// loop next polls the socket (natter-bench times a send from its write; an interactive
// message should not wait for the rest of the loop's work).
#include "transport.h"

#include <QThread>
#include <QWebSocket>
#include <QWebSocketServer>
#include <QtTest>
#include <condition_variable>
#include <mutex>

using namespace natter::client;

namespace {

/// A WebSocket server on its own thread that records the binary frames it receives.
class Peer : public QObject {
    Q_OBJECT
public:
    Peer()
        : m_server(new QWebSocketServer(QStringLiteral("peer"), QWebSocketServer::NonSecureMode,
                                        this)) // a child: it moves to the peer's thread too
    {
        connect(m_server, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *socket = m_server->nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QWebSocket::binaryMessageReceived, this,
                        [this](const QByteArray &frame) {
                            std::lock_guard lock(m_mutex);
                            m_frames.append(frame);
                            m_received.notify_all();
                        });
            }
        });
    }
    quint16 listen()
    {
        return m_server->listen(QHostAddress::LocalHost, 0) ? m_server->serverPort() : 0;
    }
    /// Blocks this thread (and its event loop) until `count` frames arrived or 10 s passed.
    bool waitForFrames(int count)
    {
        std::unique_lock lock(m_mutex);
        return m_received.wait_for(lock, std::chrono::seconds(10),
                                   [&] { return m_frames.size() >= count; });
    }

private:
    QWebSocketServer *m_server;
    std::mutex m_mutex;
    std::condition_variable m_received;
    QList<QByteArray> m_frames;
};

} // namespace

class TestWebSocketTransport : public QObject {
    Q_OBJECT
private slots:
    void aFrameIsWrittenBeforeSendBinaryReturns()
    {
        QThread peerThread;
        auto *peer = new Peer;
        peer->moveToThread(&peerThread);
        peerThread.start();
        const auto stopPeer = qScopeGuard([&] {
            QMetaObject::invokeMethod(
                peer, [peer] { delete peer; }, Qt::BlockingQueuedConnection);
            peerThread.quit();
            peerThread.wait();
        });
        quint16 port = 0;
        QMetaObject::invokeMethod(
            peer, [&] { port = peer->listen(); }, Qt::BlockingQueuedConnection);
        QVERIFY(port != 0);

        WebSocketTransport transport;
        QSignalSpy connected(&transport, &Transport::connected);
        transport.open(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(port)));
        QTRY_COMPARE(connected.size(), 1);
        transport.sendBinary(QByteArrayLiteral("first"));
        // This thread's event loop does not run while it waits: only a frame already written
        // to the socket can arrive.
        QVERIFY2(peer->waitForFrames(1), "the frame stayed in the transport's write buffer");
        transport.abort();
    }
};

QTEST_GUILESS_MAIN(TestWebSocketTransport)
#include "tst_websocket_transport.moc"

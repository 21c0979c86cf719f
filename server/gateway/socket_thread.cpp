#include "gateway/socket_thread.h"

#include "gateway/epoll_dispatcher.h"
#include "gateway/server_websocket.h"
#include "support/logging.h"
#include "thread_affinity.h"

#include <QDateTime>
#include <QHash>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>
#include <deque>
#include <memory>
#include <utility>
#include <vector>
#ifdef Q_OS_UNIX
#include <unistd.h>
#else
#include <winsock2.h>
#endif

namespace natter::server::gateway {

namespace {
constexpr int kPingIntervalMs = 30'000;
// A connection that answered no ping and sent nothing for this long is gone.
constexpr qint64 kIdleTimeoutMs = 95'000;
// Bytes handed to a socket before further frames wait in its backlog.
constexpr qint64 kInSocketBytes = 256 * 1024;
// How long a cut-off client's close frame may wait behind its unsent data.
constexpr int kCloseGraceMs = 10'000;
// Close code for a client that reads too slowly; it reconnects and catches up by seq.
constexpr quint16 kCloseTooSlow = protocol::closecode::kTooSlow;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

void closeDescriptor(qintptr descriptor)
{
#ifdef Q_OS_UNIX
    ::close(int(descriptor));
#else
    ::closesocket(SOCKET(descriptor));
#endif
}
} // namespace

/// The part of a SocketThread that lives on it: the sockets and what happens to them.
class SocketWorker : public QObject {
public:
    explicit SocketWorker(SocketThread &thread);
    ~SocketWorker() override;

    /// Takes the sockets and commands the gateway handed over since the last call.
    void drain();

private:
    struct Peer {
        ServerWebSocket *socket = nullptr;
        qint64 lastHeardMs = 0;
        bool cutOff = false;
        int unanswered = 0;             // requests read and not yet answered
        std::deque<QByteArray> backlog; // frames not yet handed to the socket
        qint64 backlogBytes = 0;
        qint64 accounted = 0; // what this connection adds to the total of queued bytes
    };

    void adopt(const AcceptedSocket &accepted);
    void onUpgraded(ServerWebSocket *socket);
    void onClosed(quint64 id);
    /// A request was read / answered: reading pauses while too many wait for answers.
    void asked(quint64 id);
    void answered(Peer &peer);
    void send(Peer &peer, quint64 id, const QByteArray &frame);
    void pump(Peer &peer);
    /// Bytes handed to the socket and not yet taken by the kernel (encrypted ones too).
    static qint64 unsent(const Peer &peer) { return peer.socket->bytesToWrite(); }
    void account(Peer &peer);
    void cutOff(Peer &peer, quint64 id, bool overTotal);
    void checkHeartbeats();
    void report(SocketEvent event) { m_thread.m_sink(std::move(event)); }
    void reportBadFrame(quint64 id, const char *why)
    {
        report({SocketEvent::Kind::BadFrame, id, 0, {}, QString::fromLatin1(why)});
    }
    void heardFrom(quint64 id)
    {
        if (const auto it = m_peers.find(id); it != m_peers.end())
            it->lastHeardMs = nowMs();
    }

    SocketThread &m_thread;
    ServerWebSocket::Settings m_socketSettings;
    QHash<quint64, Peer> m_peers;
    QTimer m_heartbeat;
};

SocketWorker::SocketWorker(SocketThread &thread)
    : m_thread(thread)
{
    const SocketSettings &settings = thread.m_settings;
    m_socketSettings.maxFrameBytes = settings.limits.maxFrameBytes;
    m_socketSettings.maxMessageBytes = settings.limits.maxFrameBytes;
    m_socketSettings.allowedOrigins = settings.allowedOrigins;
    m_socketSettings.handshakeTimeoutMs = settings.handshakeTimeoutMs;
    m_heartbeat.setInterval(kPingIntervalMs);
    m_heartbeat.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_heartbeat, &QTimer::timeout, this, &SocketWorker::checkHeartbeats);
    m_heartbeat.start();
}

SocketWorker::~SocketWorker()
{
    // Connections accepted but not yet taken over.
    for (const AcceptedSocket &accepted : m_thread.m_accepted.takeAll()) {
        closeDescriptor(accepted.descriptor);
        m_thread.m_limiter.release(accepted.peer);
    }
    // Sockets are children of this worker and go with it; the gateway is not told any more.
    for (ServerWebSocket *socket : findChildren<ServerWebSocket *>(Qt::FindDirectChildrenOnly))
        socket->disconnect(this);
}

void SocketWorker::drain()
{
    NATTER_ASSERT_OWN_THREAD();
    for (const AcceptedSocket &accepted : m_thread.m_accepted.takeAll())
        adopt(accepted);
    for (SocketCommand &command : m_thread.m_commands.takeAll()) {
        const auto it = m_peers.find(command.connectionId);
        if (it == m_peers.end())
            continue; // closed meanwhile; its Closed event is on the way
        if (command.kind == SocketCommand::Kind::Send) {
            if (command.reply)
                answered(*it);
            send(*it, it.key(), command.frame);
        } else
            it->socket->close(command.closeCode, command.reason);
    }
}

void SocketWorker::adopt(const AcceptedSocket &accepted)
{
    NATTER_ASSERT_OWN_THREAD();
    const auto &tls = m_thread.m_settings.tls;
    QTcpSocket *tcp = tls ? new QSslSocket : new QTcpSocket;
    if (!tcp->setSocketDescriptor(accepted.descriptor)) {
        qCWarning(lcGateway) << "cannot take over an accepted connection:" << tcp->errorString();
        delete tcp;
        closeDescriptor(accepted.descriptor);
        m_thread.m_limiter.release(accepted.peer);
        return;
    }
    // The socket holds its place in the limiter until it is gone, upgraded or not.
    connect(tcp, &QObject::destroyed,
            [&limiter = m_thread.m_limiter, peer = accepted.peer] { limiter.release(peer); });
    // Frames already leave in one write per socket and loop iteration; Nagle would only
    // hold a small frame back until the client's delayed ACK (40 ms).
    tcp->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    const QSslConfiguration configuration = tls ? tls->current() : QSslConfiguration();
    auto *socket = new ServerWebSocket(tcp, m_socketSettings, tls ? &configuration : nullptr, this);
    connect(socket, &ServerWebSocket::upgraded, this, [this, socket] { onUpgraded(socket); });
    // Gone before the upgrade (refused, too slow, left): nobody else knows of it.
    connect(socket, &ServerWebSocket::disconnected, socket, &QObject::deleteLater);
}

void SocketWorker::onUpgraded(ServerWebSocket *socket)
{
    NATTER_ASSERT_OWN_THREAD();
    socket->disconnect(this);
    socket->disconnect(socket);
    const quint64 id = m_thread.m_nextId.fetch_add(1, std::memory_order_relaxed);
    Peer peer;
    peer.socket = socket;
    peer.lastHeardMs = nowMs();
    m_peers.insert(id, std::move(peer));
    connect(socket, &ServerWebSocket::binaryMessageReceived, this,
            [this, id](const QByteArray &frame) {
                heardFrom(id);
                asked(id); // every frame is answered, a reply or an error
                if (auto envelope = protocol::decode(frame))
                    report({SocketEvent::Kind::Request, id, 0, std::move(*envelope), {}});
                else
                    reportBadFrame(id, "the frame is not a valid natter Envelope");
            });
    connect(socket, &ServerWebSocket::textMessageReceived, this, [this, id] {
        heardFrom(id);
        asked(id);
        reportBadFrame(id, "text frames are not part of the protocol; send binary Envelope "
                           "frames");
    });
    connect(socket, &ServerWebSocket::pong, this, [this, id] { heardFrom(id); });
    connect(socket, &ServerWebSocket::bytesWritten, this, [this, id] {
        if (const auto it = m_peers.find(id); it != m_peers.end())
            pump(*it);
    });
    connect(socket, &ServerWebSocket::disconnected, this, [this, id] { onClosed(id); });
    report({SocketEvent::Kind::Opened, id, m_thread.m_index, {}, socket->peerAddress().toString()});
}

void SocketWorker::asked(quint64 id)
{
    NATTER_ASSERT_OWN_THREAD();
    const auto it = m_peers.find(id);
    if (it != m_peers.end() && ++it->unanswered >= m_thread.m_settings.maxUnansweredRequests)
        it->socket->setReadingPaused(true);
}

void SocketWorker::answered(Peer &peer)
{
    NATTER_ASSERT_OWN_THREAD();
    peer.unanswered = qMax(0, peer.unanswered - 1);
    if (peer.socket->readingPaused() &&
        peer.unanswered <= m_thread.m_settings.maxUnansweredRequests / 2)
        peer.socket->setReadingPaused(false);
}

void SocketWorker::onClosed(quint64 id)
{
    NATTER_ASSERT_OWN_THREAD();
    const auto it = m_peers.find(id);
    if (it == m_peers.end())
        return;
    it->socket->disconnect(this);
    it->socket->deleteLater();
    m_thread.m_queuedTotal.fetch_sub(it->accounted, std::memory_order_relaxed);
    m_peers.erase(it);
    report({SocketEvent::Kind::Closed, id, 0, {}, {}});
}

void SocketWorker::send(Peer &peer, quint64 id, const QByteArray &frame)
{
    NATTER_ASSERT_OWN_THREAD();
    if (peer.cutOff || !peer.socket->isOpen())
        return;
    // Unsent data beyond the bound means the client reads slower than its conversations
    // move: buffering more would grow without limit and help nobody. Cut it off with a clear
    // code; it reconnects and fetches what it missed by seq. Other clients never wait for it.
    // Over the bound for all connections together, whoever is behind goes first.
    const auto &settings = m_thread.m_settings;
    const qint64 queued = unsent(peer) + peer.backlogBytes;
    const bool overTotal = queued > kInSocketBytes &&
                           m_thread.m_queuedTotal.load(std::memory_order_relaxed) + frame.size() >
                               settings.maxQueuedBytesTotal;
    if (queued + frame.size() > settings.maxQueuedBytes || overTotal)
        return cutOff(peer, id, overTotal);
    peer.backlog.push_back(frame);
    peer.backlogBytes += frame.size();
    pump(peer);
}

void SocketWorker::pump(Peer &peer)
{
    NATTER_ASSERT_OWN_THREAD();
    // Frames go to the socket only while little waits there: the rest stays in the backlog,
    // which a cut-off drops, so that the close frame waits behind little.
    while (!peer.backlog.empty() && unsent(peer) < kInSocketBytes) {
        peer.socket->sendBinary(peer.backlog.front());
        peer.backlogBytes -= peer.backlog.front().size();
        peer.backlog.pop_front();
    }
    account(peer);
}

void SocketWorker::account(Peer &peer)
{
    NATTER_ASSERT_OWN_THREAD();
    const qint64 now = peer.backlogBytes + unsent(peer);
    m_thread.m_queuedTotal.fetch_add(now - peer.accounted, std::memory_order_relaxed);
    peer.accounted = now;
}

void SocketWorker::cutOff(Peer &peer, quint64 id, bool overTotal)
{
    NATTER_ASSERT_OWN_THREAD();
    ServerWebSocket *socket = peer.socket;
    peer.cutOff = true;
    peer.backlog.clear();
    peer.backlogBytes = 0;
    qCInfo(lcGateway) << "connection" << id << "reads too slowly"
                      << (overTotal ? "(all connections' "
                                      "bound reached)"
                                    : "")
                      << "; closing it with" << int(kCloseTooSlow);
    // The close frame waits behind what the socket still holds: give it a while, then the
    // line is dropped.
    socket->close(kCloseTooSlow,
                  QStringLiteral("too far behind; reconnect and fetch missed messages"),
                  kCloseGraceMs);
    account(peer);
}

void SocketWorker::checkHeartbeats()
{
    NATTER_ASSERT_OWN_THREAD();
    const qint64 now = nowMs();
    // close() may disconnect at once, and onClosed() then erases from m_peers: not while
    // iterating it.
    QList<ServerWebSocket *> silent;
    for (Peer &peer : m_peers) {
        if (peer.socket->readingPaused()) // unread pongs wait behind its requests
            peer.lastHeardMs = now;
        if (now - peer.lastHeardMs > kIdleTimeoutMs)
            silent.append(peer.socket);
        else
            peer.socket->ping();
    }
    for (ServerWebSocket *socket : silent)
        socket->close(websocket::close::kGoingAway, QStringLiteral("no answer to pings"));
}

SocketThread::SocketThread(int index, const SocketSettings &settings, EventSink sink,
                           std::atomic<quint64> &nextId, ConnectionLimiter &limiter,
                           std::atomic<qint64> &queuedTotal)
    : m_index(index)
    , m_settings(settings)
    , m_sink(std::move(sink))
    , m_nextId(nextId)
    , m_limiter(limiter)
    , m_queuedTotal(queuedTotal)
{
    setObjectName(QStringLiteral("gateway-%1").arg(index)); // the thread name: 15 bytes at most
#ifdef Q_OS_LINUX
    // poll() over every socket on each loop iteration dominated connection storms.
    setEventDispatcher(new EpollEventDispatcher);
#endif
}

SocketThread::~SocketThread()
{
    stopServing();
}

void SocketThread::startServing()
{
    start();
    m_ready.acquire();
}

void SocketThread::stopServing()
{
    if (!isRunning())
        return;
    quit();
    wait();
}

void SocketThread::run()
{
    SocketWorker worker(*this);
    m_worker = &worker;
    m_ready.release();
    exec();
    m_worker = nullptr;
}

void SocketThread::accept(AcceptedSocket socket)
{
    if (m_accepted.put(std::move(socket)))
        wakeWorker();
}

void SocketThread::post(SocketCommand command)
{
    if (m_commands.put(std::move(command)))
        wakeWorker();
}

void SocketThread::postAll(std::vector<SocketCommand> &commands)
{
    if (m_commands.putAll(commands))
        wakeWorker();
}

void SocketThread::wakeWorker()
{
    if (SocketWorker *worker = m_worker)
        QMetaObject::invokeMethod(
            worker, [worker] { worker->drain(); }, Qt::QueuedConnection);
}

} // namespace natter::server::gateway

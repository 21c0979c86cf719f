#include "gateway/gateway.h"

#include "support/logging.h"

#include <QTcpServer>
#include <QTimer>
#include <cerrno>
#include <cstring>
#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <unistd.h>
#else
#include <winsock2.h>
#endif

namespace natter::server::gateway {

namespace {
// Connections the kernel may queue before natterd accepts them (capped by net.core.somaxconn).
constexpr int kListenBacklog = 4096;

// After accept() failed (e.g. no descriptors left), the listener waits this long before
// trying again instead of spinning on a backlog it cannot take.
constexpr int kAcceptRetryMs = 100;

QHostAddress peerOf(qintptr descriptor)
{
#ifdef Q_OS_UNIX
    sockaddr_storage address{};
    socklen_t length = sizeof(address);
    if (::getpeername(int(descriptor), reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return {};
    return QHostAddress(reinterpret_cast<const sockaddr *>(&address));
#else
    Q_UNUSED(descriptor);
    return {};
#endif
}

/// Answers a connection natterd will not take with a plain HTTP 503 that says why, and
/// closes it. Best effort: a client that sent nothing yet has room for it in its socket.
void refuse(qintptr descriptor, const QByteArray &why)
{
#ifdef Q_OS_UNIX
    const QByteArray response = "HTTP/1.1 503 Service Unavailable\r\n"
                                "Content-Type: text/plain; charset=utf-8\r\n"
                                "Retry-After: 10\r\nConnection: close\r\n"
                                "Content-Length: " +
                                QByteArray::number(why.size() + 1) + "\r\n\r\n" + why + "\n";
    [[maybe_unused]] auto sent = ::send(int(descriptor), response.constData(),
                                        size_t(response.size()), MSG_DONTWAIT | MSG_NOSIGNAL);
    ::close(int(descriptor));
#else
    Q_UNUSED(why);
    ::closesocket(SOCKET(descriptor));
#endif
}

/// Hands each accepted descriptor on instead of wrapping it in a QTcpSocket on this thread:
/// the socket must be created on the gateway thread that serves it.
class Listener : public QTcpServer {
public:
    explicit Listener(std::function<void(qintptr)> onAccepted)
        : m_onAccepted(std::move(onAccepted))
    {}

protected:
    void incomingConnection(qintptr descriptor) override { m_onAccepted(descriptor); }

private:
    std::function<void(qintptr)> m_onAccepted;
};
} // namespace

/// Removes `value` from the set under `key`, and the key once its set is empty; false when it
/// was not there.
template <typename Key>
bool removeFrom(QHash<Key, QSet<ClientConnection *>> &index, const Key &key,
                ClientConnection *value)
{
    const auto it = index.find(key);
    if (it == index.end() || !it->remove(value))
        return false;
    if (it->isEmpty())
        index.erase(it);
    return true;
}

Gateway::Gateway(RequestRouter &router, const Settings &settings, QObject *parent)
    : QObject(parent)
    , m_router(router)
    , m_signInTimeoutMs(settings.signInTimeoutMs)
    , m_maxInFlight(settings.maxInFlight)
    , m_maxWaiting(settings.maxWaiting)
    , m_limiter(settings.maxConnections, settings.maxPerAddress)
    , m_listener(std::make_unique<Listener>([this](qintptr d) { onAccepted(d); }))
{
    for (int i = 0; i < qMax(1, settings.threads); ++i) {
        m_threads.push_back(std::make_unique<SocketThread>(
            i, settings.sockets, [this](SocketEvent event) { onSocketEvent(std::move(event)); },
            m_nextId, m_limiter, m_queuedBytes));
        m_threads.back()->startServing();
    }
    m_listener->setListenBacklogSize(kListenBacklog);
    connect(m_listener.get(), &QTcpServer::acceptError, this, &Gateway::onAcceptError);
}

Gateway::~Gateway()
{
    m_listener->close();
    // Sessions first (no events any more), then the threads and their sockets.
    qDeleteAll(m_connections);
    m_connections.clear();
    m_byUser.clear();
    for (auto &thread : m_threads)
        thread->stopServing();
}

bool Gateway::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (!m_listener->listen(address, port)) {
        *error = m_listener->errorString();
        return false;
    }
    return true;
}

bool Gateway::adoptListener(qintptr descriptor, QString *error)
{
#ifdef Q_OS_UNIX
    int listening = 0;
    socklen_t size = sizeof listening;
    if (::getsockopt(int(descriptor), SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) != 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    if (!listening) {
        *error = QStringLiteral("the socket is not listening");
        return false;
    }
#endif
    if (!m_listener->setSocketDescriptor(descriptor)) {
        *error = m_listener->errorString();
        return false;
    }
    return true;
}

quint16 Gateway::port() const
{
    return m_listener->serverPort();
}

QHostAddress Gateway::address() const
{
    return m_listener->serverAddress();
}

void Gateway::stopAccepting()
{
    m_listener->close();
}

void Gateway::closeAll()
{
    m_closing = true;
    for (ClientConnection *connection : std::as_const(m_connections))
        connection->close(QWebSocketProtocol::CloseCodeGoingAway,
                          QStringLiteral("natterd is shutting down"));
}

QList<int> Gateway::connectionsPerThread() const
{
    QList<int> counts(qsizetype(m_threads.size()), 0);
    for (const ClientConnection *connection : m_connections)
        ++counts[connection->socketThread().index()];
    return counts;
}

void Gateway::onAccepted(qintptr descriptor)
{
    const QHostAddress peer = ConnectionLimiter::keyOf(peerOf(descriptor));
    switch (m_limiter.admit(peer)) {
    case ConnectionLimiter::Verdict::Admitted:
        m_threads[m_nextThread++ % m_threads.size()]->accept({descriptor, peer});
        return;
    case ConnectionLimiter::Verdict::TooManyInTotal:
        qCWarning(lcGateway) << "refused a connection from" << peer.toString() << "at the cap of"
                             << m_limiter.maxTotal() << "connections";
        refuse(descriptor, QByteArrayLiteral("natterd has as many connections as it may take; "
                                             "try again later"));
        return;
    case ConnectionLimiter::Verdict::TooManyFromAddress:
        qCInfo(lcGateway) << "refused a connection from" << peer.toString() << "at its cap of"
                          << m_limiter.maxPerAddress() << "connections";
        refuse(descriptor, QByteArrayLiteral("too many connections from your address; close "
                                             "some or ask the admin to raise "
                                             "max-connections-per-address"));
        return;
    }
}

void Gateway::onAcceptError()
{
    // Qt pauses accepting after an error other than a temporary one (EMFILE among them).
    qCWarning(lcGateway) << "cannot accept connections:" << m_listener->errorString()
                         << "- trying again in" << kAcceptRetryMs << "ms";
    QTimer::singleShot(kAcceptRetryMs, m_listener.get(), [listener = m_listener.get()] {
        if (listener->isListening())
            listener->resumeAccepting();
    });
}

void Gateway::onSocketEvent(SocketEvent event)
{
    if (m_events.put(std::move(event)))
        QMetaObject::invokeMethod(this, &Gateway::handleSocketEvents, Qt::QueuedConnection);
}

void Gateway::handleSocketEvents()
{
    for (SocketEvent &event : m_events.takeAll()) {
        if (event.kind == SocketEvent::Kind::Opened) {
            onOpened(event);
            continue;
        }
        ClientConnection *connection = m_connections.value(event.connectionId);
        if (!connection)
            continue;
        switch (event.kind) {
        case SocketEvent::Kind::Request:
            connection->received(std::move(event.request));
            break;
        case SocketEvent::Kind::BadFrame:
            qCDebug(lcGateway) << "connection" << connection->id() << "sent a bad frame";
            connection->sendError(0, {proto::MALFORMED_FRAME, event.text});
            break;
        case SocketEvent::Kind::Closed:
            onClosed(connection);
            break;
        case SocketEvent::Kind::Opened:
            break;
        }
    }
}

void Gateway::onOpened(const SocketEvent &event)
{
    auto *connection =
        new ClientConnection(event.connectionId, *m_threads[event.thread], m_signInTimeoutMs, this);
    // Login and registration limits count per source like the connection caps.
    connection->setPeerAddress(ConnectionLimiter::keyOf(QHostAddress(event.text)).toString());
    connection->setDispatch(
        [this](ClientConnection &c, const proto::Envelope &request) {
            m_router.dispatch(c, request);
        },
        m_maxInFlight, m_maxWaiting);
    m_connections.insert(connection->id(), connection);
    if (m_closing) // handshaken while natterd shuts down
        connection->close(QWebSocketProtocol::CloseCodeGoingAway,
                          QStringLiteral("natterd is shutting down"));
    connect(connection, &ClientConnection::signedIn, this, [this](ClientConnection *c) {
        m_byUser[c->user()->id].insert(c);
        m_byToken[c->tokenHash()].insert(c);
        emit sessionStarted(c->user()->id, c->id());
    });
    connect(connection, &ClientConnection::signedOut, this,
            [this](ClientConnection *c, quint64 userId, const QByteArray &tokenHash) {
                removeFrom(m_byToken, tokenHash, c);
                if (removeFrom(m_byUser, userId, c))
                    emit sessionEnded(userId, c->id());
            });
    qCDebug(lcGateway) << "connection" << connection->id() << "from" << event.text << "on thread"
                       << event.thread;
}

void Gateway::endSessions(const QList<QByteArray> &tokenHashes, const QString &reason)
{
    for (const QByteArray &hash : tokenHashes) {
        // endSession() signs out, which edits m_byToken: work on a copy.
        const QSet<ClientConnection *> connections = m_byToken.value(hash);
        for (ClientConnection *connection : connections)
            connection->endSession(reason);
    }
}

void Gateway::onClosed(ClientConnection *connection)
{
    connection->markClosed();
    m_connections.remove(connection->id());
    connection->deleteLater();
}

void Gateway::deliver(const QList<quint64> &userIds, const proto::Envelope &event)
{
    const QByteArray frame = protocol::encode(event);
    // One hand-over per gateway thread, however many recipients it serves.
    std::vector<std::vector<SocketCommand>> perThread(m_threads.size());
    for (quint64 userId : userIds) {
        const auto it = m_byUser.constFind(userId);
        if (it == m_byUser.constEnd())
            continue;
        for (ClientConnection *connection : *it)
            perThread[size_t(connection->socketThread().index())].push_back(
                SocketCommand::send(connection->id(), frame));
    }
    for (size_t i = 0; i < m_threads.size(); ++i)
        if (!perThread[i].empty())
            m_threads[i]->postAll(perThread[i]);
}

} // namespace natter::server::gateway

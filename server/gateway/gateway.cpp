#include "gateway.h"

#include "logging.h"

#include <QDateTime>

namespace natter::server::gateway {

namespace {
constexpr int kHandshakeTimeoutMs = 10'000;
constexpr int kPingIntervalMs = 30'000;
// A connection that answered no ping and sent nothing for this long is gone.
constexpr qint64 kIdleTimeoutMs = 95'000;
// Connections the kernel may queue before natterd accepts them (capped by net.core.somaxconn).
constexpr int kListenBacklog = 4096;
constexpr int kHandshakers = 64;
} // namespace

Gateway::Gateway(RequestRouter &router, const protocol::Limits &limits, qint64 maxQueuedBytes,
                 QObject *parent)
    : QObject(parent)
    , m_router(router)
    , m_limits(limits)
    , m_maxQueuedBytes(maxQueuedBytes)

{
    for (int i = 0; i < kHandshakers; ++i) {
        auto handshaker = std::make_unique<QWebSocketServer>(QStringLiteral("natterd"),
                                                             QWebSocketServer::NonSecureMode);
        handshaker->setHandshakeTimeout(kHandshakeTimeoutMs);
        connect(handshaker.get(), &QWebSocketServer::newConnection, this,
                [this, h = handshaker.get()] { onNewConnection(h); });
        m_handshakers.push_back(std::move(handshaker));
    }
    m_listener.setListenBacklogSize(kListenBacklog);
    m_listener.setMaxPendingConnections(kListenBacklog);
    connect(&m_listener, &QTcpServer::newConnection, this, [this]() {
        while (QTcpSocket *socket = m_listener.nextPendingConnection())
            m_handshakers[m_nextHandshaker++ % m_handshakers.size()]->handleConnection(socket);
    });
    m_heartbeat.setInterval(kPingIntervalMs);
    m_heartbeat.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_heartbeat, &QTimer::timeout, this, &Gateway::checkHeartbeats);
}

Gateway::~Gateway()
{
    closeAll();
}

bool Gateway::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (!m_listener.listen(address, port)) {
        *error = m_listener.errorString();
        return false;
    }
    m_heartbeat.start();
    return true;
}

void Gateway::stopAccepting()
{
    m_listener.close();
    m_heartbeat.stop();
}

void Gateway::closeAll()
{
    const auto connections = m_connections;
    for (ClientConnection *connection : connections)
        connection->close(QWebSocketProtocol::CloseCodeGoingAway,
                          QStringLiteral("natterd is shutting down"));
}

void Gateway::onNewConnection(QWebSocketServer *handshaker)
{
    while (QWebSocket *socket = handshaker->nextPendingConnection()) {
        auto *connection =
            new ClientConnection(m_nextId++, socket, m_limits, m_maxQueuedBytes, m_router, this);
        m_connections.insert(connection->id(), connection);
        connect(connection, &ClientConnection::signedIn, this, [this](ClientConnection *c) {
            m_byUser[c->user()->id].insert(c);
            emit sessionStarted(c->user()->id, c->id());
        });
        connect(connection, &ClientConnection::signedOut, this,
                [this](ClientConnection *c, quint64 userId) {
                    auto it = m_byUser.find(userId);
                    if (it == m_byUser.end())
                        return;
                    it->remove(c);
                    if (it->isEmpty())
                        m_byUser.erase(it);
                    emit sessionEnded(userId, c->id());
                });
        connect(connection, &ClientConnection::closed, this, &Gateway::onClosed);
        qCDebug(lcGateway) << "connection" << connection->id() << "from"
                           << socket->peerAddress().toString();
    }
}

void Gateway::onClosed(ClientConnection *connection)
{
    connection->signOut();
    m_connections.remove(connection->id());
    connection->deleteLater();
}

void Gateway::deliver(const QList<quint64> &userIds, const proto::Envelope &event)
{
    const QByteArray frame = protocol::encode(event);
    for (quint64 userId : userIds) {
        const auto it = m_byUser.constFind(userId);
        if (it == m_byUser.constEnd())
            continue;
        for (ClientConnection *connection : *it)
            connection->sendEncoded(frame);
    }
}

void Gateway::checkHeartbeats()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto connections = m_connections;
    for (ClientConnection *connection : connections) {
        if (now - connection->lastHeardMs() > kIdleTimeoutMs)
            connection->close(QWebSocketProtocol::CloseCodeGoingAway,
                              QStringLiteral("no answer to pings"));
        else
            connection->ping();
    }
}

} // namespace natter::server::gateway

#pragma once

#include "client_connection.h"
#include "protocol.h"
#include "request_router.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSet>
#include <QTcpServer>
#include <QTimer>
#include <QWebSocketServer>
#include <memory>
#include <vector>

namespace natter::server::gateway {

/// Accepts WebSocket connections, keeps them alive (ping, idle timeout) and routes live events
/// to every connection of a signed-in user.
class Gateway : public QObject {
    Q_OBJECT
public:
    /// `maxQueuedBytes`: unsent bytes a connection may accumulate before it is cut off.
    Gateway(RequestRouter &router, const protocol::Limits &limits, qint64 maxQueuedBytes,
            QObject *parent = nullptr);
    ~Gateway() override;

    [[nodiscard]] bool listen(const QHostAddress &address, quint16 port, QString *error);
    [[nodiscard]] quint16 port() const { return m_listener.serverPort(); }
    [[nodiscard]] QHostAddress address() const { return m_listener.serverAddress(); }

    /// Stops accepting; open connections stay until closeAll().
    void stopAccepting();
    void closeAll();

    /// Sends an event to every live connection of each user (encoded once).
    void deliver(const QList<quint64> &userIds, const proto::Envelope &event);

    [[nodiscard]] int connectionCount() const { return int(m_connections.size()); }

signals:
    /// A connection signed in as / signed out from `userId` (the session is the connection).
    void sessionStarted(quint64 userId, quint64 connectionId);
    void sessionEnded(quint64 userId, quint64 connectionId);

private:
    void onNewConnection(QWebSocketServer *handshaker);
    void onClosed(ClientConnection *connection);
    void checkHeartbeats();

    RequestRouter &m_router;
    protocol::Limits m_limits;
    qint64 m_maxQueuedBytes;
    // Our own listener: QWebSocketServer listens with a backlog of 50, which overflows when
    // thousands of clients reconnect at once; it only does the handshakes here, spread over
    // several instances because each looks up the signalling socket among all of its
    // handshaking ones (QObject::sender), which is quadratic in a storm.
    QTcpServer m_listener;
    std::vector<std::unique_ptr<QWebSocketServer>> m_handshakers;
    size_t m_nextHandshaker = 0;
    QTimer m_heartbeat;
    quint64 m_nextId = 1;
    QHash<quint64, ClientConnection *> m_connections;
    QHash<quint64, QSet<ClientConnection *>> m_byUser;
};

} // namespace natter::server::gateway

#pragma once

#include "gateway/client_connection.h"
#include "gateway/connection_limiter.h"
#include "gateway/mailbox.h"
#include "gateway/request_router.h"
#include "gateway/socket_thread.h"
#include "protocol.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSet>
#include <atomic>
#include <memory>
#include <vector>

class QTcpServer;

namespace natter::server::gateway {

/// Accepts WebSocket connections and spreads them over gateway threads (SocketThread), which
/// do all socket work; keeps the sessions on this (the service) thread, hands their requests
/// to the router and routes live events to every connection of a signed-in user.
class Gateway : public QObject {
    Q_OBJECT
public:
    struct Settings {
        SocketSettings sockets;
        int threads = 1;              // gateway threads serving sockets
        int maxConnections = 10'000;  // open sockets in all, handshaking ones included
        int maxPerAddress = 500;      // ... from one source address
        int signInTimeoutMs = 30'000; // from the upgrade to a signed-in session
        int maxInFlight = 64;         // requests of one connection being answered at a time
        int maxWaiting = 1000;        // ... and waiting for their turn before it is closed
    };

    Gateway(RequestRouter &router, const Settings &settings, QObject *parent = nullptr);
    ~Gateway() override;

    [[nodiscard]] bool listen(const QHostAddress &address, quint16 port, QString *error);
    /// Accepts on an inherited socket that already listens (systemd socket activation, a test
    /// fixture keeping its port across restarts).
    [[nodiscard]] bool adoptListener(qintptr descriptor, QString *error);
    [[nodiscard]] quint16 port() const;
    [[nodiscard]] QHostAddress address() const;

    /// Stops accepting; open connections stay until closeAll().
    void stopAccepting();
    void closeAll();

    /// Signs out and closes every connection signed in with one of these sessions.
    void endSessions(const QList<QByteArray> &tokenHashes, const QString &reason);
    [[nodiscard]] bool isSessionLive(const QByteArray &tokenHash) const
    {
        return m_byToken.contains(tokenHash);
    }

    /// Sends an event to every live connection of each user (encoded once).
    void deliver(const QList<quint64> &userIds, const proto::Envelope &event);

    [[nodiscard]] int connectionCount() const { return int(m_connections.size()); }
    [[nodiscard]] int maxConnections() const { return m_limiter.maxTotal(); }
    [[nodiscard]] int maxConnectionsPerAddress() const { return m_limiter.maxPerAddress(); }
    /// Connections refused by the caps since start.
    [[nodiscard]] quint64 refusedConnections() const { return m_limiter.refused(); }
    /// Open connections of each gateway thread, in thread order.
    [[nodiscard]] QList<int> connectionsPerThread() const;

signals:
    /// A connection signed in as / signed out from `userId` (the session is the connection).
    void sessionStarted(quint64 userId, quint64 connectionId);
    void sessionEnded(quint64 userId, quint64 connectionId);

private:
    void onAccepted(qintptr descriptor);
    void onAcceptError();
    void onSocketEvent(SocketEvent event); // on any gateway thread
    void handleSocketEvents();
    void onOpened(const SocketEvent &event);
    void onClosed(ClientConnection *connection);

    RequestRouter &m_router;
    const int m_signInTimeoutMs;
    const int m_maxInFlight;
    const int m_maxWaiting;
    std::atomic<quint64> m_nextId{1};
    ConnectionLimiter m_limiter;          // before m_threads: their sockets release into it
    std::atomic<qint64> m_queuedBytes{0}; // unsent, over all connections
    Mailbox<SocketEvent> m_events;        // before m_threads: they post here until they stop
    std::vector<std::unique_ptr<SocketThread>> m_threads;
    size_t m_nextThread = 0;
    // Our own listener: QWebSocketServer listens with a backlog of 50, which overflows when
    // thousands of clients reconnect at once.
    std::unique_ptr<QTcpServer> m_listener;
    bool m_closing = false;
    QHash<quint64, ClientConnection *> m_connections;
    QHash<quint64, QSet<ClientConnection *>> m_byUser;
    QHash<QByteArray, QSet<ClientConnection *>> m_byToken; // session token hash
};

} // namespace natter::server::gateway

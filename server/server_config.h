#pragma once

#include "protocol.h"
#include "push/push_config.h"
#include "result.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace natter::server {

/// Everything natterd is told at start: command line over config file over defaults.
struct ServerConfig {
    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 listenPort = 7480;
    int listenDescriptor = -1; // an inherited listening socket (--listen-fd); -1: none
    QString dataDir;
    int shards = 4;
    int gatewayThreads = defaultGatewayThreads(); // threads serving WebSockets
    QString logLevel = QStringLiteral("info");
    qint64 sessionLifetimeMs = 30LL * 24 * 3600 * 1000;
    protocol::Limits limits;
    push::PushConfig push;
    int typingExpiryMs = 6000;
    qint64 maxQueuedBytes = 16 * 1024 * 1024; // unsent data per connection before cut-off
    qint64 maxQueuedBytesTotal = 1LL << 30;   // ... over all connections
    int cachedConversations = 10'000;         // conversations whose newest messages stay in memory
    int searchThreads = 2;                    // threads with read-only connections for searches
    qint64 unsentFileGraceMs = 24LL * 3600 * 1000; // files no message carries are kept this long
    int maxConnections = 0;             // open sockets in all; 0: what the descriptor limit allows
    int maxConnectionsPerAddress = 500; // open sockets from one source address
    int handshakeTimeoutMs = 10'000;    // accept to finished WebSocket upgrade
    int signInTimeoutMs = 30'000;       // upgrade to signed-in session
    int registrationsPerHour = 300;     // accounts one address may make per hour
    int maxRequestsInFlight = 64;       // per connection, answered at a time
    int maxRequestsWaiting = 1000;      // per connection, beyond: closed (4009)
    bool rateLimits = true;             // per-user request rates (docs/security.md)
    QStringList allowedOrigins;         // browser Origins that may connect (default: none)
    QString tlsCertificate;             // PEM certificate (chain) for wss://; empty: ws://
    QString tlsKey;                     // its PEM private key
    QString registration = QStringLiteral("open"); // [accounts] registration: open|closed|invite

    enum class Action { Run, ShowHelp, ShowVersion, GrantAdmin };
    QString grantAdminTo; // GrantAdmin: the account to make admin
    Action action = Action::Run;
    QString helpText;

    /// One gateway thread per core.
    [[nodiscard]] static int defaultGatewayThreads();

    /// Parses natterd's arguments (argv[0] first). A failure's message is one line for stderr.
    [[nodiscard]] static Result<ServerConfig> parse(const QStringList &arguments);
};

/// "HOST:PORT" → address and port; false when malformed.
[[nodiscard]] bool parseListen(const QString &text, QHostAddress *address, quint16 *port);

} // namespace natter::server

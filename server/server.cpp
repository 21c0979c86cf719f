#include "server.h"

#include "gateway/handlers.h"
#include "logging.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QTemporaryFile>

namespace natter::server {

namespace {
gateway::SocketSettings gatewaySettings(const ServerConfig &config)
{
    gateway::SocketSettings settings;
    settings.limits = config.limits;
    settings.maxQueuedBytes = config.maxQueuedBytes;
    // About 64 handshakers in all (at least 8 per thread) keep a connection storm's
    // handshake bookkeeping small.
    settings.handshakers = qMax(8, 64 / config.gatewayThreads);
    return settings;
}
} // namespace

Server::Server(const ServerConfig &config)
    : m_config(config)
    , m_storage(config.dataDir, config.shards, config.cachedConversations)
    , m_accounts(m_storage, m_hasher, config.sessionLifetimeMs)
    , m_conversations(m_storage, config.limits)
    , m_messages(m_storage, config.limits)
    , m_receipts(m_storage)
    , m_presence(m_storage)
    , m_typing(m_storage, config.typingExpiryMs)
    , m_settings(m_storage)
    , m_push(m_storage, config.push)
    , m_digests(m_storage, config.push)
    , m_gateway(m_router, gatewaySettings(config), config.gatewayThreads)
{
    gateway::addSessionHandlers(m_router, m_accounts, config.limits);
    gateway::addConversationHandlers(m_router, m_conversations);
    gateway::addMessageHandlers(m_router, m_messages);
    gateway::addPresenceHandlers(m_router, m_receipts, m_presence, m_typing);
    gateway::addSettingsHandlers(m_router, m_settings, m_presence);
    gateway::addAdminHandlers(m_router, m_push, m_gateway, m_storage, config.admins);
    auto sink = [this](const QList<quint64> &userIds, const proto::Envelope &event) {
        m_gateway.deliver(userIds, event);
    };
    m_conversations.setEventSink(sink);
    m_receipts.setEventSink(sink);
    m_presence.setEventSink(sink);
    m_typing.setEventSink(sink);
    m_messages.setEventSink([this](const QList<quint64> &userIds, const proto::Envelope &event) {
        m_gateway.deliver(userIds, event);
        // The message ends its sender's typing indicator.
        const auto &message = event.message_event().message();
        m_typing.messageSent(message.conversation_id(), message.sender_id());
    });
    m_messages.setReceiptSink(
        [this](const storage::ReceiptChange &change) { m_receipts.publish(change); });
    QObject::connect(&m_gateway, &gateway::Gateway::sessionStarted, &m_presence,
                     &services::PresenceService::sessionStarted);
    QObject::connect(&m_gateway, &gateway::Gateway::sessionEnded, &m_presence,
                     &services::PresenceService::sessionEnded);
}

Server::~Server()
{
    shutdown();
}

bool Server::start(QString *error)
{
    const QString dir = m_config.dataDir;
    if (!QDir().mkpath(dir)) {
        *error = QStringLiteral("cannot create data dir %1; pass --data DIR with a writable "
                                "directory")
                     .arg(dir);
        return false;
    }
    QTemporaryFile probe(dir + QStringLiteral("/.natterd-write-test-XXXXXX"));
    if (!probe.open()) {
        *error = QStringLiteral("cannot write to data dir %1: %2; pass --data DIR with a "
                                "writable directory")
                     .arg(dir, probe.errorString());
        return false;
    }
    probe.close();
    QString storageError;
    if (!m_storage.open(&storageError)) {
        *error = storageError;
        return false;
    }
    QString listenError;
    if (!m_gateway.listen(m_config.listenAddress, m_config.listenPort, &listenError)) {
        *error = QStringLiteral("cannot listen on %1:%2: %3; pass --listen HOST:PORT")
                     .arg(m_config.listenAddress.toString())
                     .arg(m_config.listenPort)
                     .arg(listenError);
        return false;
    }
    m_push.start();
    m_digests.start();
    m_started = true;
    return true;
}

void Server::shutdown()
{
    if (m_stopped || !m_started)
        return;
    m_stopped = true;
    m_push.stop();
    m_digests.stop();
    m_gateway.stopAccepting();
    m_presence.shutdown();
    // Finishes every queued commit; their acknowledgements are queued to this thread...
    m_storage.close();
    // ...and delivered here, before the connections close.
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    m_gateway.closeAll();
    // Give the close handshakes (and the acknowledgements queued before them) a moment to
    // leave; a client that does not answer is cut off by the process exit.
    QDeadlineTimer deadline(2000);
    while (m_gateway.connectionCount() > 0 && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    qCInfo(lcGateway) << "natterd stopped";
}

QString Server::url() const
{
    QString host = m_gateway.address().toString();
    if (m_gateway.address().protocol() == QAbstractSocket::IPv6Protocol)
        host = QLatin1Char('[') + host + QLatin1Char(']');
    return QStringLiteral("ws://%1:%2").arg(host).arg(m_gateway.port());
}

} // namespace natter::server

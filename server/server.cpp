#include "server.h"

#include "gateway/handlers.h"
#include "support/logging.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryFile>

namespace natter::server {

namespace {
// Descriptors kept free of connections: databases (with their journals), the listener,
// event notifiers, outgoing push and mail requests.
constexpr qint64 kReservedDescriptors = 128;

gateway::Gateway::Settings gatewaySettings(const ServerConfig &config, qint64 descriptorLimit,
                                           std::shared_ptr<gateway::TlsCredentials> tls)
{
    gateway::Gateway::Settings settings;
    auto &sockets = settings.sockets;
    sockets.limits = config.limits;
    sockets.maxQueuedBytes = config.maxQueuedBytes;
    sockets.maxQueuedBytesTotal = config.maxQueuedBytesTotal;
    sockets.handshakeTimeoutMs = config.handshakeTimeoutMs;
    // As many again as are answered at a time may wait on the server; beyond, TCP holds them.
    sockets.maxUnansweredRequests = 2 * config.maxRequestsInFlight;
    sockets.allowedOrigins = config.allowedOrigins;
    sockets.tls = std::move(tls);
    settings.threads = config.gatewayThreads;
    const qint64 fitting = qMax<qint64>(16, descriptorLimit - kReservedDescriptors);
    settings.maxConnections =
        int(qMin<qint64>(config.maxConnections > 0 ? config.maxConnections : fitting,
                         std::numeric_limits<int>::max()));
    settings.maxPerAddress = config.maxConnectionsPerAddress;
    settings.signInTimeoutMs = config.signInTimeoutMs;
    settings.maxInFlight = config.maxRequestsInFlight;
    settings.maxWaiting = config.maxRequestsWaiting;
    return settings;
}
constexpr auto kGroupOrOther = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup |
                               QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;

/// The data dir holds password and token hashes, e-mail addresses and every message: a new
/// one is for natterd's user only; an existing wider one is reported, not changed.
void warnIfReadableByOthers(const QString &dir, bool existed)
{
    if (!existed) {
        QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return;
    }
    if (QFileInfo(dir).permissions() & kGroupOrOther)
        qCWarning(lcStorage).noquote()
            << QStringLiteral("data dir %1 can be read by other users of this machine; run "
                              "chmod 700 %1")
                   .arg(dir);
}

} // namespace

Server::Server(const ServerConfig &config, qint64 descriptorLimit)
    : m_config(config)
    , m_storage(config.dataDir, config.shards, config.cachedConversations, config.searchThreads)
    , m_accounts(m_storage, m_hasher, config.sessionLifetimeMs,
                 config.registration == QLatin1String("open")     ? services::Registration::Open
                 : config.registration == QLatin1String("invite") ? services::Registration::Invite
                                                                  : services::Registration::Closed,
                 config.registrationsPerHour)
    , m_conversations(m_storage, config.limits)
    , m_media(m_storage, config.limits)
    , m_profiles(m_storage)
    , m_messages(m_storage, m_media, config.limits)
    , m_search(m_storage, config.limits)
    , m_receipts(m_storage)
    , m_presence(m_storage)
    , m_typing(m_storage, config.typingExpiryMs)
    , m_settings(m_storage, TargetPolicy(config.push.allowPrivate), config.push.maxTargetsPerUser)
    , m_stats(m_storage)
    , m_push(m_storage, config.push)
    , m_digests(m_storage, config.push)
    , m_tls(config.tlsCertificate.isEmpty()
                ? nullptr
                : std::make_shared<gateway::TlsCredentials>(config.tlsCertificate, config.tlsKey))
    , m_gateway(m_router, gatewaySettings(config, descriptorLimit, m_tls))
    , m_descriptorLimit(descriptorLimit)
{
    if (config.rateLimits)
        m_router.limitByDefault();
    gateway::addSessionHandlers(m_router, m_accounts, config.limits);
    gateway::addConversationHandlers(m_router, m_conversations);
    gateway::addMessageHandlers(m_router, m_messages);
    gateway::addSearchHandlers(m_router, m_search);
    gateway::addMediaHandlers(m_router, m_media, m_profiles);
    gateway::addPresenceHandlers(m_router, m_receipts, m_presence, m_typing);
    gateway::addSettingsHandlers(m_router, m_settings, m_presence);
    gateway::addAdminHandlers(m_router, m_stats, m_gateway, m_accounts);
    auto sink = [this](const QList<quint64> &userIds, const proto::Envelope &event) {
        m_gateway.deliver(userIds, event);
    };
    m_conversations.setEventSink(sink);
    m_receipts.setEventSink(sink);
    m_presence.setEventSink(sink);
    m_profiles.setEventSink(sink);
    m_typing.setEventSink(sink);
    m_messages.setEventSink([this](const QList<quint64> &userIds, const proto::Envelope &event) {
        m_gateway.deliver(userIds, event);
        // The message ends its sender's typing indicator.
        const auto &message = event.message_event().message();
        m_typing.messageSent(message.conversation_id(), message.sender_id());
    });
    m_messages.setReceiptSink(
        [this](const storage::ReceiptChange &change) { m_receipts.publish(change); });
    QObject::connect(&m_accounts, &services::AccountService::sessionsEnded, &m_gateway,
                     &gateway::Gateway::endSessions);
    QObject::connect(&m_conversations, &services::ConversationService::membersRemoved, &m_typing,
                     &services::TypingService::membersRemoved);
    QObject::connect(&m_conversations, &services::ConversationService::membersRemoved, &m_receipts,
                     &services::ReceiptService::membersRemoved);
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
    const bool existed = QFileInfo::exists(dir);
    if (!QDir().mkpath(dir)) {
        *error = QStringLiteral("cannot create data dir %1; pass --data DIR with a writable "
                                "directory")
                     .arg(dir);
        return false;
    }
    warnIfReadableByOthers(dir, existed);
    QTemporaryFile probe(dir + QStringLiteral("/.natterd-write-test-XXXXXX"));
    if (!probe.open()) {
        *error = QStringLiteral("cannot write to data dir %1: %2; pass --data DIR with a "
                                "writable directory")
                     .arg(dir, probe.errorString());
        return false;
    }
    probe.close();
    if (QString tlsError; m_tls && !m_tls->load(&tlsError)) {
        *error = tlsError + QStringLiteral("; pass --tls-cert and --tls-key with PEM files");
        return false;
    }
    QString storageError;
    if (!m_storage.open(&storageError)) {
        *error = storageError;
        return false;
    }
    m_media.startCollecting(m_config.unsentFileGraceMs);
    QString listenError;
    if (m_config.listenDescriptor >= 0) {
        if (!m_gateway.adoptListener(m_config.listenDescriptor, &listenError)) {
            *error = QStringLiteral("cannot accept on --listen-fd %1: %2; pass a listening TCP "
                                    "socket natterd inherited, or --listen HOST:PORT")
                         .arg(m_config.listenDescriptor)
                         .arg(listenError);
            return false;
        }
    } else if (!m_gateway.listen(m_config.listenAddress, m_config.listenPort, &listenError)) {
        *error = QStringLiteral("cannot listen on %1:%2: %3; pass --listen HOST:PORT")
                     .arg(m_config.listenAddress.toString())
                     .arg(m_config.listenPort)
                     .arg(listenError);
        return false;
    }
    qCInfo(lcGateway) << "descriptor limit" << m_descriptorLimit << "- at most"
                      << m_gateway.maxConnections() << "connections,"
                      << m_gateway.maxConnectionsPerAddress() << "per address";
    if (m_gateway.maxConnections() > m_descriptorLimit - kReservedDescriptors)
        qCWarning(lcGateway) << "[limits] max-connections is more than the descriptor limit"
                             << m_descriptorLimit
                             << "allows: accepts will fail before the cap is reached";
    m_accounts.startHousekeeping();
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
    // Password work in flight must not answer the account service after it is gone.
    m_hasher.stop();
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
    return QStringLiteral("%1://%2:%3")
        .arg(m_tls ? QStringLiteral("wss") : QStringLiteral("ws"), host)
        .arg(m_gateway.port());
}

void Server::reloadTls()
{
    if (!m_tls)
        return;
    QString error;
    if (m_tls->load(&error))
        qCInfo(lcGateway).noquote() << "TLS certificate loaded:" << m_tls->describe();
    else
        qCWarning(lcGateway).noquote() << error << "- keeping the certificate in use";
}

} // namespace natter::server

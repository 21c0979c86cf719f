#include "server_config.h"

#include "support/target_policy.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QThread>
#include <QUrl>

namespace natter::server {

bool parseListen(const QString &text, QHostAddress *address, quint16 *port)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint value = text.mid(colon + 1).toUInt(&ok);
    if (!ok || value > 65535)
        return false;
    QHostAddress parsed;
    if (host == QLatin1String("localhost"))
        parsed = QHostAddress(QHostAddress::LocalHost);
    else if (!parsed.setAddress(host))
        return false;
    *address = parsed;
    *port = quint16(value);
    return true;
}

namespace {

// Admin rights used to be given by username at start, which whoever registered the name
// first would get.
const QString kAdminsMoved = QStringLiteral(
    "admins are no longer named in natterd's options: admin rights are stored on the account. "
    "Register the account, then run natterd --data DIR --grant-admin USER once (or have an "
    "admin run natterctl admin grant USER)");

Failure usage(const QString &what)
{
    return Failure{proto::INVALID_ARGUMENT, what + QStringLiteral("; see natterd --help")};
}

/// A positive number from `key` into `value`; `value` stays as it is when the key is absent.
template <typename T>
std::optional<Failure> readPositive(const QSettings &ini, const QString &key, T &value)
{
    if (!ini.contains(key))
        return std::nullopt;
    bool ok = false;
    const qlonglong parsed = ini.value(key).toLongLong(&ok);
    if (!ok || parsed <= 0 || parsed > std::numeric_limits<T>::max())
        return Failure{proto::INVALID_ARGUMENT,
                       QStringLiteral("%1 must be a positive number").arg(key)};
    value = T(parsed);
    return std::nullopt;
}

/// [push] and [digest]: how notifications reach users who are offline.
std::optional<Failure> applyPushSettings(const QSettings &ini, ServerConfig &config)
{
    auto &p = config.push;
    for (auto failure :
         {readPositive(ini, QStringLiteral("push/poll-ms"), p.pollMs),
          readPositive(ini, QStringLiteral("push/retry-base-ms"), p.retryBaseMs),
          readPositive(ini, QStringLiteral("push/retry-max-ms"), p.retryMaxMs),
          readPositive(ini, QStringLiteral("push/max-attempts"), p.maxAttempts),
          readPositive(ini, QStringLiteral("push/timeout-ms"), p.requestTimeoutMs),
          readPositive(ini, QStringLiteral("push/max-targets-per-user"), p.maxTargetsPerUser),
          readPositive(ini, QStringLiteral("digest/after-ms"), p.digestAfterMs),
          readPositive(ini, QStringLiteral("digest/check-ms"), p.digestCheckMs)}) {
        if (failure)
            return failure;
    }
    p.smtpUrl = ini.value(QStringLiteral("digest/smtp-url"), p.smtpUrl).toString();
    p.smtpFrom = ini.value(QStringLiteral("digest/from"), p.smtpFrom).toString();
    if (!p.smtpUrl.isEmpty() && !p.smtpUrl.startsWith(QLatin1String("smtp://")) &&
        !p.smtpUrl.startsWith(QLatin1String("smtps://")))
        return Failure{proto::INVALID_ARGUMENT,
                       QStringLiteral("digest/smtp-url must start with smtp:// or smtps://")};
    // QSettings reads "a, b" as a list and "a" as a string.
    const auto allowed =
        TargetPolicy::parseSubnets(ini.value(QStringLiteral("push/allow-private")).toStringList());
    if (!allowed)
        return Failure{proto::INVALID_ARGUMENT,
                       QStringLiteral("push/allow-private must list addresses or subnets such as "
                                      "10.0.0.0/8")};
    p.allowPrivate = *allowed;
    return std::nullopt;
}

/// [limits], [cache] and [typing]: the bounds that keep one user or connection from costing
/// more than its share.
std::optional<Failure> applyLimits(const QSettings &ini, ServerConfig &config)
{
    for (auto failure :
         {readPositive(ini, QStringLiteral("typing/expiry-ms"), config.typingExpiryMs),
          readPositive(ini, QStringLiteral("limits/max-queued-bytes"), config.maxQueuedBytes),
          readPositive(ini, QStringLiteral("limits/max-queued-bytes-total"),
                       config.maxQueuedBytesTotal),
          readPositive(ini, QStringLiteral("cache/conversations"), config.cachedConversations),
          readPositive(ini, QStringLiteral("search/threads"), config.searchThreads),
          readPositive(ini, QStringLiteral("limits/max-connections"), config.maxConnections),
          readPositive(ini, QStringLiteral("limits/max-connections-per-address"),
                       config.maxConnectionsPerAddress),
          readPositive(ini, QStringLiteral("limits/handshake-timeout-ms"),
                       config.handshakeTimeoutMs),
          readPositive(ini, QStringLiteral("limits/sign-in-timeout-ms"), config.signInTimeoutMs),
          readPositive(ini, QStringLiteral("limits/registrations-per-hour"),
                       config.registrationsPerHour),
          readPositive(ini, QStringLiteral("limits/max-requests-in-flight"),
                       config.maxRequestsInFlight),
          readPositive(ini, QStringLiteral("limits/max-requests-waiting"),
                       config.maxRequestsWaiting)}) {
        if (failure)
            return failure;
    }
    const QString rates =
        ini.value(QStringLiteral("limits/rate-limits"), QStringLiteral("on")).toString();
    if (rates != QLatin1String("on") && rates != QLatin1String("off"))
        return Failure{proto::INVALID_ARGUMENT,
                       QStringLiteral("limits/rate-limits must be on or off")};
    config.rateLimits = rates == QLatin1String("on");
    return std::nullopt;
}

/// Who may connect and make accounts: browser origins, registration.
std::optional<Failure> applyAccessSettings(const QSettings &ini, ServerConfig &config)
{
    for (const QString &origin :
         ini.value(QStringLiteral("server/allowed-origins")).toStringList()) {
        const QUrl url(origin.trimmed(), QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() || !url.path().isEmpty())
            return Failure{proto::INVALID_ARGUMENT,
                           QStringLiteral("server/allowed-origins lists origins such as "
                                          "https://chat.example.org (scheme, host, port)")};
        config.allowedOrigins.append(origin.trimmed());
    }
    if (ini.contains(QStringLiteral("server/admins")))
        return Failure{proto::INVALID_ARGUMENT, kAdminsMoved};
    const QString registration =
        ini.value(QStringLiteral("accounts/registration"), QStringLiteral("open")).toString();
    if (registration != QLatin1String("open") && registration != QLatin1String("closed") &&
        registration != QLatin1String("invite"))
        return Failure{proto::INVALID_ARGUMENT,
                       QStringLiteral("accounts/registration must be open, closed or invite")};
    config.registration = registration;
    return std::nullopt;
}

/// Reads the INI config file's [server] and [limits] keys into `config`.
std::optional<Failure> applyConfigFile(const QString &path, ServerConfig &config)
{
    if (!QFileInfo(path).isReadable())
        return usage(QStringLiteral("cannot read config file %1").arg(path));
    QSettings ini(path, QSettings::IniFormat);
    if (ini.status() != QSettings::NoError)
        return usage(QStringLiteral("config file %1 is not valid INI").arg(path));
    if (ini.contains(QStringLiteral("server/listen")) &&
        !parseListen(ini.value(QStringLiteral("server/listen")).toString(), &config.listenAddress,
                     &config.listenPort))
        return usage(QStringLiteral("config file %1: listen must be HOST:PORT").arg(path));
    config.dataDir = ini.value(QStringLiteral("server/data"), config.dataDir).toString();
    config.tlsCertificate = ini.value(QStringLiteral("server/tls-cert")).toString();
    config.tlsKey = ini.value(QStringLiteral("server/tls-key")).toString();
    config.shards = ini.value(QStringLiteral("server/shards"), config.shards).toInt();
    config.gatewayThreads =
        ini.value(QStringLiteral("server/gateway-threads"), config.gatewayThreads).toInt();
    config.logLevel = ini.value(QStringLiteral("server/log-level"), config.logLevel).toString();
    const int days = ini.value(QStringLiteral("server/session-days"), 30).toInt();
    config.sessionLifetimeMs = qint64(qMax(1, days)) * 24 * 3600 * 1000;
    // Finer than days, for kiosks and tests; wins over session-days.
    if (ini.contains(QStringLiteral("server/session-seconds")))
        config.sessionLifetimeMs =
            qint64(qMax(1, ini.value(QStringLiteral("server/session-seconds")).toInt())) * 1000;
    auto &l = config.limits;
    l.maxTextBytes = ini.value(QStringLiteral("limits/max-text-bytes"), l.maxTextBytes).toUInt();
    l.maxGroupMembers =
        ini.value(QStringLiteral("limits/max-group-members"), l.maxGroupMembers).toUInt();
    l.maxFrameBytes =
        qMax(l.maxTextBytes + 4096,
             ini.value(QStringLiteral("limits/max-frame-bytes"), l.maxFrameBytes).toUInt());
    constexpr quint64 kMiB = 1024 * 1024;
    l.maxFileBytes =
        qMax<quint64>(
            1,
            ini.value(QStringLiteral("media/max-file-mb"), l.maxFileBytes / kMiB).toULongLong()) *
        kMiB;
    l.quotaBytes =
        ini.value(QStringLiteral("media/quota-mb"), l.quotaBytes / kMiB).toULongLong() * kMiB;
    l.maxAttachments =
        ini.value(QStringLiteral("media/max-attachments"), l.maxAttachments).toUInt();
    config.unsentFileGraceMs =
        qint64(qMax(0.0, ini.value(QStringLiteral("media/unsent-file-hours"), 24).toDouble()) *
               3600 * 1000);
    // A chunk and its envelope fit in one frame.
    l.maxChunkBytes = qMin(l.maxChunkBytes, l.maxFrameBytes - 4096);
    for (auto apply : {applyPushSettings, applyLimits, applyAccessSettings}) {
        if (auto failure = apply(ini, config))
            return usage(QStringLiteral("config file %1: %2").arg(path, failure->message));
    }
    return std::nullopt;
}

/// natterd's command-line options.
struct Options {
    QCommandLineOption help, version, listen, listenFd, data, shards, gatewayThreads, configFile,
        logLevel, admin, grantAdmin, tlsCert, tlsKey, smtp;
};

Options natterdOptions()
{
    QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                            QStringLiteral("Show this help and exit."));
    QCommandLineOption version(QStringLiteral("version"),
                               QStringLiteral("Show the version and exit."));
    QCommandLineOption listen(QStringLiteral("listen"),
                              QStringLiteral("Address to listen on (default "
                                             "127.0.0.1:7480; port 0 picks a free port)."),
                              QStringLiteral("HOST:PORT"));
    QCommandLineOption listenFd(
        QStringLiteral("listen-fd"),
        QStringLiteral("Accept on the inherited listening socket N instead of --listen (e.g. 3 "
                       "under systemd socket activation; the port outlives natterd restarts)."),
        QStringLiteral("N"));
    QCommandLineOption data(QStringLiteral("data"),
                            QStringLiteral("Data directory (created when missing)."),
                            QStringLiteral("DIR"));
    QCommandLineOption shards(QStringLiteral("shards"),
                              QStringLiteral("Number of message shard databases, 1-64 "
                                             "(default 4; fixed when the data dir is new)."),
                              QStringLiteral("N"));
    QCommandLineOption gatewayThreads(
        QStringLiteral("gateway-threads"),
        QStringLiteral("Threads serving WebSocket connections, 1-64 (default: one per core)."),
        QStringLiteral("N"));
    QCommandLineOption configFile(QStringLiteral("config"),
                                  QStringLiteral("INI config file (see "
                                                 "docs/operations.md)."),
                                  QStringLiteral("FILE"));
    QCommandLineOption logLevel(QStringLiteral("log-level"),
                                QStringLiteral("debug, info, warning or error."),
                                QStringLiteral("LEVEL"));
    QCommandLineOption admin(QStringLiteral("admin"),
                             QStringLiteral("Removed; see "
                                            "--grant-admin."),
                             QStringLiteral("USER"));
    admin.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption grantAdmin(
        QStringLiteral("grant-admin"),
        QStringLiteral("Give admin rights to the existing account USER in --data DIR and exit "
                       "(works while natterd runs)."),
        QStringLiteral("USER"));
    QCommandLineOption tlsCert(
        QStringLiteral("tls-cert"),
        QStringLiteral("PEM certificate (chain) to serve wss:// with; re-read on SIGHUP."),
        QStringLiteral("FILE"));
    QCommandLineOption tlsKey(QStringLiteral("tls-key"),
                              QStringLiteral("PEM private key of --tls-cert."),
                              QStringLiteral("FILE"));
    QCommandLineOption smtp(QStringLiteral("smtp"),
                            QStringLiteral("SMTP server for e-mail digests, e.g. "
                                           "smtp://127.0.0.1:25 (default: no digests)."),
                            QStringLiteral("URL"));
    return Options{help,       version,  listen, listenFd,   data,    shards, gatewayThreads,
                   configFile, logLevel, admin,  grantAdmin, tlsCert, tlsKey, smtp};
}

/// The options given on the command line, over what the config file said.
std::optional<Failure> applyCommandLine(const QCommandLineParser &parser, const Options &o,
                                        ServerConfig &config)
{
    if (parser.isSet(o.listen) &&
        !parseListen(parser.value(o.listen), &config.listenAddress, &config.listenPort))
        return usage(QStringLiteral("--listen must be HOST:PORT, e.g. 127.0.0.1:7480"));
    if (parser.isSet(o.listenFd)) {
        bool ok = false;
        config.listenDescriptor = parser.value(o.listenFd).toInt(&ok);
        if (!ok || config.listenDescriptor < 0)
            return usage(QStringLiteral("--listen-fd must be the number of an open listening "
                                        "socket, e.g. 3"));
        if (parser.isSet(o.listen))
            return usage(QStringLiteral("--listen and --listen-fd exclude each other; pass one"));
    }
    if (parser.isSet(o.data))
        config.dataDir = parser.value(o.data);
    if (parser.isSet(o.shards)) {
        bool ok = false;
        config.shards = parser.value(o.shards).toInt(&ok);
        if (!ok)
            config.shards = 0;
    }
    if (parser.isSet(o.gatewayThreads)) {
        bool ok = false;
        config.gatewayThreads = parser.value(o.gatewayThreads).toInt(&ok);
        if (!ok)
            config.gatewayThreads = 0;
    }
    if (parser.isSet(o.logLevel))
        config.logLevel = parser.value(o.logLevel);
    if (parser.isSet(o.admin))
        return Failure{proto::INVALID_ARGUMENT, QStringLiteral("--admin: ") + kAdminsMoved};
    if (parser.isSet(o.grantAdmin)) {
        config.action = ServerConfig::Action::GrantAdmin;
        config.grantAdminTo = parser.value(o.grantAdmin);
    }
    if (parser.isSet(o.smtp)) {
        config.push.smtpUrl = parser.value(o.smtp);
        if (!config.push.smtpUrl.startsWith(QLatin1String("smtp://")) &&
            !config.push.smtpUrl.startsWith(QLatin1String("smtps://")))
            return usage(QStringLiteral("--smtp must start with smtp:// or smtps://"));
    }
    if (parser.isSet(o.tlsCert))
        config.tlsCertificate = parser.value(o.tlsCert);
    if (parser.isSet(o.tlsKey))
        config.tlsKey = parser.value(o.tlsKey);
    return std::nullopt;
}

/// What only makes sense together, whichever source each part came from.
std::optional<Failure> checkConsistency(const ServerConfig &config)
{
    if (config.shards < 1 || config.shards > 64)
        return usage(QStringLiteral("--shards must be a number from 1 to 64"));
    if (config.gatewayThreads < 1 || config.gatewayThreads > 64)
        return usage(QStringLiteral("--gateway-threads (or [server] gateway-threads) must be a "
                                    "number from 1 to 64"));
    if (config.tlsCertificate.isEmpty() != config.tlsKey.isEmpty())
        return usage(QStringLiteral("--tls-cert and --tls-key (or [server] tls-cert and tls-key) "
                                    "go together"));
    if (config.dataDir.isEmpty())
        return usage(QStringLiteral("no data directory; pass --data DIR"));
    return std::nullopt;
}

} // namespace

int ServerConfig::defaultGatewayThreads()
{
    return qBound(1, QThread::idealThreadCount(), 64);
}

Result<ServerConfig> ServerConfig::parse(const QStringList &arguments)
{
    ServerConfig config;
    config.dataDir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                     QStringLiteral("/natterd");

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("natterd, the Natter sync server"));
    const Options o = natterdOptions();
    parser.addOptions({o.help, o.version, o.listen, o.listenFd, o.data, o.shards, o.gatewayThreads,
                       o.configFile, o.logLevel, o.admin, o.grantAdmin, o.tlsCert, o.tlsKey,
                       o.smtp});
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.isSet(o.help)) {
        config.action = Action::ShowHelp;
        config.helpText = parser.helpText();
        return config;
    }
    if (parser.isSet(o.version)) {
        config.action = Action::ShowVersion;
        return config;
    }
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("unexpected argument '%1'")
                         .arg(parser.positionalArguments().constFirst()));

    if (parser.isSet(o.configFile)) {
        if (auto failure = applyConfigFile(parser.value(o.configFile), config))
            return *failure;
    }
    if (auto failure = applyCommandLine(parser, o, config))
        return *failure;
    if (auto failure = checkConsistency(config))
        return *failure;
    return config;
}

} // namespace natter::server

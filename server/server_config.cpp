#include "server_config.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

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

Failure usage(const QString &what)
{
    return Failure{proto::INVALID_ARGUMENT, what + QStringLiteral("; see natterd --help")};
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
    config.shards = ini.value(QStringLiteral("server/shards"), config.shards).toInt();
    config.logLevel = ini.value(QStringLiteral("server/log-level"), config.logLevel).toString();
    const int days = ini.value(QStringLiteral("server/session-days"), 30).toInt();
    config.sessionLifetimeMs = qint64(qMax(1, days)) * 24 * 3600 * 1000;
    auto &l = config.limits;
    l.maxTextBytes = ini.value(QStringLiteral("limits/max-text-bytes"), l.maxTextBytes).toUInt();
    l.maxGroupMembers =
        ini.value(QStringLiteral("limits/max-group-members"), l.maxGroupMembers).toUInt();
    l.maxFrameBytes =
        qMax(l.maxTextBytes + 4096,
             ini.value(QStringLiteral("limits/max-frame-bytes"), l.maxFrameBytes).toUInt());
    return std::nullopt;
}

} // namespace

Result<ServerConfig> ServerConfig::parse(const QStringList &arguments)
{
    ServerConfig config;
    config.dataDir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                     QStringLiteral("/natterd");

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("natterd, the Natter sync server"));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help and exit."));
    const QCommandLineOption version(QStringLiteral("version"),
                                     QStringLiteral("Show the version and exit."));
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    QStringLiteral("Address to listen on (default "
                                                   "127.0.0.1:7480; port 0 picks a free port)."),
                                    QStringLiteral("HOST:PORT"));
    const QCommandLineOption data(QStringLiteral("data"),
                                  QStringLiteral("Data directory (created when missing)."),
                                  QStringLiteral("DIR"));
    const QCommandLineOption shards(QStringLiteral("shards"),
                                    QStringLiteral("Number of message shard databases, 1-64 "
                                                   "(default 4; fixed when the data dir is new)."),
                                    QStringLiteral("N"));
    const QCommandLineOption configFile(QStringLiteral("config"),
                                        QStringLiteral("INI config file (see "
                                                       "docs/operations.md)."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption logLevel(QStringLiteral("log-level"),
                                      QStringLiteral("debug, info, warning or error."),
                                      QStringLiteral("LEVEL"));
    parser.addOptions({help, version, listen, data, shards, configFile, logLevel});
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.isSet(help)) {
        config.action = Action::ShowHelp;
        config.helpText = parser.helpText();
        return config;
    }
    if (parser.isSet(version)) {
        config.action = Action::ShowVersion;
        return config;
    }
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("unexpected argument '%1'")
                         .arg(parser.positionalArguments().constFirst()));

    if (parser.isSet(configFile)) {
        if (auto failure = applyConfigFile(parser.value(configFile), config))
            return *failure;
    }
    if (parser.isSet(listen) &&
        !parseListen(parser.value(listen), &config.listenAddress, &config.listenPort))
        return usage(QStringLiteral("--listen must be HOST:PORT, e.g. 127.0.0.1:7480"));
    if (parser.isSet(data))
        config.dataDir = parser.value(data);
    if (parser.isSet(shards)) {
        bool ok = false;
        config.shards = parser.value(shards).toInt(&ok);
        if (!ok)
            config.shards = 0;
    }
    if (config.shards < 1 || config.shards > 64)
        return usage(QStringLiteral("--shards must be a number from 1 to 64"));
    if (parser.isSet(logLevel))
        config.logLevel = parser.value(logLevel);
    if (config.dataDir.isEmpty())
        return usage(QStringLiteral("no data directory; pass --data DIR"));
    return config;
}

} // namespace natter::server

// natterd: parses its options, composes the server, and handles SIGTERM/SIGINT.
#include "grant_admin.h"
#include "process_setup.h"
#include "server.h"
#include "support/logging.h"
#include "support/timed_application.h"
#include "version.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <csignal>
#include <cstdio>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int signal)
{
    const char byte = char(signal);
    // Only async-signal-safe work here: the event loop does the rest.
    [[maybe_unused]] auto written = ::write(signalPipe[1], &byte, 1);
}

int fail(const QString &message)
{
    std::fprintf(stderr, "natterd: %s\n", qPrintable(message));
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    natter::server::restrictNewFilesToOwner();
    natter::server::keepFreedMemoryForReuse();
    // Qt's GLib event dispatcher walks linked lists of every socket notifier on each loop
    // iteration: with thousands of connections it spent most of natterd's time there
    // (docs/performance.md, storm). natterd needs nothing from GLib.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    natter::server::TimedApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("natterd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(NATTER_VERSION));

    auto parsed = natter::server::ServerConfig::parse(QCoreApplication::arguments());
    if (!parsed.ok())
        return fail(parsed.failure().message);
    const natter::server::ServerConfig &config = parsed.value();
    if (config.action == natter::server::ServerConfig::Action::ShowHelp) {
        std::fputs(qPrintable(config.helpText), stdout);
        return 0;
    }
    if (config.action == natter::server::ServerConfig::Action::ShowVersion) {
        std::printf("natterd %s\n", NATTER_VERSION);
        return 0;
    }
    if (!natter::server::applyLogLevel(config.logLevel))
        return fail(QStringLiteral("unknown --log-level '%1'; use debug, info, warning or error")
                        .arg(config.logLevel));
    natter::server::routeProtobufLogs();
    if (config.action == natter::server::ServerConfig::Action::GrantAdmin)
        return natter::server::grantAdmin(config);
    const qint64 descriptors = natter::server::raiseDescriptorLimit();
    if (sodium_init() < 0)
        return fail(QStringLiteral("libsodium failed to initialise"));

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
        return fail(QStringLiteral("cannot create the signal pipe"));
    QSocketNotifier signalNotifier(signalPipe[0], QSocketNotifier::Read);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    std::signal(SIGHUP, onSignal);
    std::signal(SIGPIPE, SIG_IGN);

    natter::server::Server server(config, descriptors);
    QString error;
    if (!server.start(&error))
        return fail(error);

    QObject::connect(&signalNotifier, &QSocketNotifier::activated, &app, [&] {
        char byte = 0;
        [[maybe_unused]] auto readBytes = ::read(signalPipe[0], &byte, 1);
        if (byte == SIGHUP) // a renewed certificate
            return server.reloadTls();
        signalNotifier.setEnabled(false);
        app.stopTiming(); // stopping takes as long as it must: not a stall
        server.shutdown();
        QCoreApplication::exit(0);
    });

    // Tests and natter-bench wait for this line (common/launch/natterd_launcher.h).
    std::printf("natterd listening on %s\n", qPrintable(server.url()));
    std::fflush(stdout);
    return QCoreApplication::exec();
}

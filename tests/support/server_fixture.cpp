#include "server_fixture.h"

#include "natterd_launcher.h"

#include <QFile>
#include <QtTest>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace natter::test {

ServerFixture::ServerFixture(QStringList extraArgs, const QByteArray &config)
    : m_extraArgs(std::move(extraArgs))
{
    if (!config.isEmpty()) {
        QFile file(m_configDir.filePath(QStringLiteral("natterd.ini")));
        if (file.open(QIODevice::WriteOnly) && file.write(config) == config.size())
            m_extraArgs += {QStringLiteral("--config"), file.fileName()};
    }
    QObject::connect(&m_process, &QProcess::readyReadStandardError,
                     [this] { m_stderr += QString::fromUtf8(m_process.readAllStandardError()); });
    // natterd dying on its own (a crash, a sanitizer report) is what a failing test needs to
    // show.
    QObject::connect(&m_process, &QProcess::finished, [this](int code, QProcess::ExitStatus how) {
        if (m_stopping)
            return;
        m_stderr += QString::fromUtf8(m_process.readAllStandardError());
        qWarning("natterd exited by itself (status %d, %s): %s", code,
                 how == QProcess::CrashExit ? "crashed" : "normal",
                 qPrintable(m_stderr.right(8000)));
    });
}

ServerFixture::~ServerFixture()
{
    if (m_process.state() != QProcess::NotRunning)
        kill();
    closeListenSocket();
}

bool ServerFixture::openListenSocket()
{
    if (m_listenSocket >= 0)
        return true;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        qWarning("socket(): %s", std::strerror(errno));
        return false;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0; // the kernel picks a free port, and nobody else can take it
    if (::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 ||
        ::listen(fd, SOMAXCONN) != 0) {
        qWarning("cannot listen on a loopback port: %s", std::strerror(errno));
        ::close(fd);
        return false;
    }
    m_listenSocket = fd;
    return true;
}

void ServerFixture::closeListenSocket()
{
    if (m_listenSocket >= 0)
        ::close(m_listenSocket);
    m_listenSocket = -1;
}

QString ServerFixture::binary(const char *variable)
{
    return qEnvironmentVariable(variable);
}

bool ServerFixture::start()
{
    m_stopping = false;
    const QString program = binary("NATTERD_BINARY");
    if (program.isEmpty()) {
        qWarning("NATTERD_BINARY is not set (run the test through ctest)");
        return false;
    }
    if (!openListenSocket())
        return false;
    // In the child, between fork and exec: only async-signal-safe calls.
    m_process.setChildProcessModifier([limit = rlim_t(m_descriptorLimit), fd = m_listenSocket] {
        ::fcntl(fd, F_SETFD, 0); // natterd inherits the listening socket
        if (limit > 0) {
            const rlimit fixed{limit, limit};
            ::setrlimit(RLIMIT_NOFILE, &fixed);
        }
    });
    m_process.start(program,
                    QStringList{QStringLiteral("--listen-fd"), QString::number(m_listenSocket),
                                QStringLiteral("--data"), m_dataDir.path(),
                                QStringLiteral("--log-level"), QStringLiteral("warning")} +
                        m_extraArgs);
    if (!m_process.waitForStarted(10'000))
        return false;
    const auto listening = launcher::waitUntilListening(m_process, 20'000);
    if (!listening.ok()) {
        qWarning("%s: %s", qPrintable(listening.failure().message), qPrintable(m_stderr));
        return false;
    }
    m_url = listening.value();
    return true;
}

bool ServerFixture::grantAdmin(const QString &username, const QString &newPassword)
{
    // The same options (shards, config) as the server itself, for the same data dir.
    const auto granted =
        launcher::grantAdmin(binary("NATTERD_BINARY"),
                             QStringList{QStringLiteral("--data"), m_dataDir.path(),
                                         QStringLiteral("--log-level"), QStringLiteral("warning")} +
                                 m_extraArgs,
                             username, newPassword, 20'000);
    if (!granted.ok())
        qWarning("%s", qPrintable(granted.failure().message));
    return granted.ok();
}

int ServerFixture::stop()
{
    m_stopping = true;
    const bool wasRunning = m_process.state() != QProcess::NotRunning;
    const int code = launcher::terminate(m_process, 20'000);
    if (wasRunning && code < 0) {
        m_stderr += QString::fromUtf8(m_process.readAllStandardError());
        qWarning("natterd did not stop cleanly within 20 s: %s", qPrintable(m_stderr));
    }
    return code;
}

void ServerFixture::kill()
{
    m_stopping = true;
    m_process.kill();
    m_process.waitForFinished(10'000);
}

bool ServerFixture::restart(bool samePort)
{
    if (m_process.state() != QProcess::NotRunning)
        stop();
    if (!samePort)
        closeListenSocket();
    return start();
}

} // namespace natter::test

#include "bench_server.h"

#include "natterd_launcher.h"
#include "process_load.h"

#include <QFile>
#include <QTemporaryFile>
#include <unistd.h>

namespace natter::bench {

BenchServer::~BenchServer()
{
    stop();
}

bool BenchServer::start(const QString &binary, const QString &dataDir, QString *error,
                        const cpu_set_t *cpus)
{
    if (cpus) {
        // Set in the child between fork and exec: natterd's threads all inherit it.
        m_process.setChildProcessModifier(
            [set = *cpus] { sched_setaffinity(0, sizeof set, &set); });
    }
    m_binary = binary;
    m_dataDir = dataDir;
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    // The bench registers thousands of users from one address and holds 15,000 connections.
    m_config.setFileTemplate(dataDir + QStringLiteral("/../natter-bench-XXXXXX.ini"));
    if (!m_config.open() ||
        m_config.write("[limits]\nregistrations-per-hour=100000000\nrate-limits=off\n"
                       "max-connections-per-address=100000\n"
                       "[media]\nquota-mb=1000000\n") < 0) {
        *error = QStringLiteral("cannot write natterd's config: %1").arg(m_config.errorString());
        return false;
    }
    m_config.close();
    m_process.start(binary,
                    {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                     QStringLiteral("--data"), dataDir, QStringLiteral("--log-level"),
                     QStringLiteral("warning"), QStringLiteral("--config"), m_config.fileName()});
    if (!m_process.waitForStarted(10'000)) {
        *error = QStringLiteral("cannot start %1: %2; pass --natterd PATH or --server URL")
                     .arg(binary, m_process.errorString());
        return false;
    }
    cpu_set_t actual;
    // (A natterd that already exited is reported by the wait below, with what it said.)
    if (cpus && sched_getaffinity(pid_t(m_process.processId()), sizeof actual, &actual) == 0 &&
        !CPU_EQUAL(&actual, cpus)) {
        // The modifier's call failed in the child (a CPU this machine does not have, or
        // one outside this process's cpuset): say so rather than measure unpinned.
        *error = QStringLiteral("natterd could not be pinned to the CPUs asked for (does this "
                                "machine have them all?)");
        stop();
        return false;
    }
    const auto listening = launcher::waitUntilListening(m_process, 60'000);
    if (!listening.ok()) {
        *error =
            listening.failure().message + QStringLiteral("; pass --natterd PATH or --server URL");
        return false;
    }
    m_url = listening.value();
    return true;
}

bool BenchServer::grantAdmin(const QString &username)
{
    const auto granted =
        launcher::grantAdmin(m_binary,
                             {QStringLiteral("--data"), m_dataDir, QStringLiteral("--log-level"),
                              QStringLiteral("warning")},
                             username);
    if (!granted.ok())
        qWarning("%s", qPrintable(granted.failure().message));
    return granted.ok();
}

double BenchServer::cpuSeconds() const
{
    return processSeconds(pid());
}

qint64 statusKb(qint64 pid, const char *key)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(qsizetype(strlen(key))).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

qint64 BenchServer::rssBytes() const
{
    return statusKb(pid(), "VmRSS:") * 1024;
}

qint64 BenchServer::peakRssBytes() const
{
    return statusKb(pid(), "VmHWM:") * 1024;
}

void BenchServer::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    if (launcher::terminate(m_process, 60'000) < 0 && m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(10'000);
    }
}

qint64 listenOverflows()
{
    QFile netstat(QStringLiteral("/proc/net/netstat"));
    if (!netstat.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = netstat.readAll().split('\n');
    for (qsizetype i = 0; i + 1 < lines.size(); i += 2) {
        if (!lines[i].startsWith("TcpExt:"))
            continue;
        const QList<QByteArray> names = lines[i].split(' ');
        const QList<QByteArray> values = lines[i + 1].split(' ');
        for (qsizetype k = 0; k < names.size() && k < values.size(); ++k) {
            if (names[k] == "ListenOverflows")
                return values[k].toLongLong();
        }
    }
    return -1;
}

} // namespace natter::bench

#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryFile>
#include <QUrl>
#include <sched.h>

namespace natter::bench {

/// A natterd started by the bench (on a data dir of its own, or a prepared one), with the
/// process figures the report needs read from /proc.
class BenchServer {
public:
    ~BenchServer();
    /// Starts natterd; with `cpus`, it and every thread it makes run on those CPUs only.
    [[nodiscard]] bool start(const QString &binary, const QString &dataDir, QString *error,
                             const cpu_set_t *cpus = nullptr);
    /// Makes an existing account an admin (for natterd's statistics); false when that failed.
    bool grantAdmin(const QString &username);
    [[nodiscard]] QUrl url() const { return m_url; }
    [[nodiscard]] qint64 pid() const { return m_process.processId(); }
    [[nodiscard]] double cpuSeconds() const;   // user + system time so far
    [[nodiscard]] qint64 rssBytes() const;     // current resident set
    [[nodiscard]] qint64 peakRssBytes() const; // VmHWM
    void stop();

private:
    QProcess m_process;
    QTemporaryFile m_config;
    QString m_binary;
    QString m_dataDir;
    QUrl m_url;
};

/// A figure of /proc/PID/status in kB (`key` with its colon, e.g. "VmRSS:"); 0 when unreadable.
[[nodiscard]] qint64 statusKb(qint64 pid, const char *key);

/// TcpExtListenOverflows from /proc/net/netstat: connections the kernel dropped because a
/// listen backlog was full (machine-wide).
[[nodiscard]] qint64 listenOverflows();

} // namespace natter::bench

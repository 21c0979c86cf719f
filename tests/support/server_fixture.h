#pragma once
/// Starts a real natterd on a random loopback port with a temporary data dir, for tests.
/// The fixture owns the listening socket and hands it to natterd (--listen-fd), so a restart
/// on the same port cannot lose the port to another process in between.

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

namespace natter::test {

class ServerFixture {
public:
    /// `config`: INI text natterd reads with --config (empty: none).
    explicit ServerFixture(QStringList extraArgs = {}, const QByteArray &config = {});
    ~ServerFixture();

    /// Gives the account admin rights (natterd --grant-admin); works while running. With
    /// `newPassword`, an account that does not exist yet is made.
    [[nodiscard]] bool grantAdmin(const QString &username, const QString &newPassword = {});

    /// natterd starts with at most this many open descriptors (soft and hard limit).
    void setDescriptorLimit(int limit) { m_descriptorLimit = limit; }

    /// Starts natterd and waits for its "listening" line; false (with a QWARN) on failure.
    [[nodiscard]] bool start();
    /// SIGTERM and wait; returns the exit code.
    int stop();
    /// SIGKILL: no chance to flush anything.
    void kill();
    /// Same data dir; a new port, or the same one when `samePort` (clients reconnect to it;
    /// connections made while natterd is down wait in the backlog).
    [[nodiscard]] bool restart(bool samePort = false);

    [[nodiscard]] QUrl url() const { return m_url; }
    [[nodiscard]] qint64 pid() const { return m_process.processId(); }
    [[nodiscard]] QString dataDir() const { return m_dataDir.path(); }
    [[nodiscard]] QString serverStderr() const { return m_stderr; }
    [[nodiscard]] static QString binary(const char *variable);

private:
    [[nodiscard]] bool openListenSocket();
    void closeListenSocket();

    QTemporaryDir m_dataDir;
    QTemporaryDir m_configDir;
    QStringList m_extraArgs;
    int m_listenSocket = -1; // a loopback socket listening on a free port, kept across restarts
    QProcess m_process;
    QUrl m_url;
    QString m_stderr;
    int m_descriptorLimit = 0;
    bool m_stopping = false;
};

} // namespace natter::test

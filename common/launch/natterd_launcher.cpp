#include "natterd_launcher.h"

#include <QDeadlineTimer>
#include <csignal>

namespace natter::launcher {

Result<QUrl> waitUntilListening(QProcess &process, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QByteArray out;
    while (!out.contains('\n') && !deadline.hasExpired() &&
           process.waitForReadyRead(int(deadline.remainingTime())))
        out += process.readAllStandardOutput();
    const QString line = QString::fromUtf8(out.left(out.indexOf('\n'))).trimmed();
    const QString prefix = QString::fromLatin1(kListeningPrefix);
    if (!line.startsWith(prefix)) {
        const QString printed = line.isEmpty() ? QStringLiteral("nothing") : line;
        return Failure{proto::INTERNAL,
                       QStringLiteral("natterd did not start listening within %1 ms (it printed "
                                      "%2); its stderr says why")
                           .arg(timeoutMs)
                           .arg(printed)};
    }
    const QUrl url(line.mid(prefix.size()));
    if (!url.isValid())
        return Failure{proto::INTERNAL, QStringLiteral("natterd printed no URL: %1").arg(line)};
    return url;
}

Result<Done> grantAdmin(const QString &binary, const QStringList &options, const QString &username,
                        const QString &newPassword, int timeoutMs)
{
    QProcess grant;
    grant.start(binary, options + QStringList{QStringLiteral("--grant-admin"), username});
    if (!newPassword.isEmpty())
        grant.write(newPassword.toUtf8() + '\n');
    grant.closeWriteChannel();
    if (!grant.waitForFinished(timeoutMs))
        return Failure{proto::TIMEOUT, QStringLiteral("natterd --grant-admin %1 did not finish "
                                                      "within %2 ms")
                                           .arg(username)
                                           .arg(timeoutMs)};
    if (grant.exitStatus() != QProcess::NormalExit || grant.exitCode() != 0)
        return Failure{
            proto::INTERNAL,
            QStringLiteral("natterd --grant-admin %1 failed: %2")
                .arg(username, QString::fromUtf8(grant.readAllStandardError()).trimmed())};
    return Done{};
}

int terminate(QProcess &process, int timeoutMs)
{
    if (process.state() == QProcess::NotRunning)
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    ::kill(pid_t(process.processId()), SIGTERM);
    if (!process.waitForFinished(timeoutMs))
        return -1;
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

} // namespace natter::launcher

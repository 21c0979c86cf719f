#include "support/stall_log.h"

#include "support/logging.h"

#include <QElapsedTimer>
#include <ctime>
#include <pthread.h>

namespace natter::server {

namespace {

QString threadName()
{
    char name[16] = {};
    if (pthread_getname_np(pthread_self(), name, sizeof name) != 0)
        return QStringLiteral("?");
    return QString::fromUtf8(name);
}

qint64 steadyMs()
{
    static const QElapsedTimer started = [] {
        QElapsedTimer timer;
        timer.start();
        return timer;
    }();
    return started.elapsed();
}

} // namespace

StallLog::StallLog(Clock clock)
    : m_clock(clock ? std::move(clock) : Clock(steadyMs))
{}

StallLog &StallLog::process()
{
    static StallLog log;
    return log;
}

qint64 StallLog::threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1000 + t.tv_nsec / 1'000'000;
}

void StallLog::report(const char *kind, const char *what, qint64 ms, qint64 cpuMs)
{
    if (ms <= kSlowMs)
        return;
    const QString thread = threadName();
    int leftOut = 0;
    {
        const std::lock_guard lock(m_mutex);
        Quiet &quiet = m_quiet[thread + QLatin1Char('/') + QLatin1String(kind)];
        const qint64 now = m_clock();
        if (quiet.loggedAtMs > 0 && now - quiet.loggedAtMs < kQuietMs) {
            ++quiet.leftOut;
            return;
        }
        quiet.loggedAtMs = std::max<qint64>(1, now);
        leftOut = std::exchange(quiet.leftOut, 0);
    }
    QString line = QStringLiteral("thread %1: %2 \"%3\" took %4 ms")
                       .arg(thread, QLatin1String(kind), QLatin1String(what))
                       .arg(ms);
    if (cpuMs >= 0)
        line += QStringLiteral(" (%1 ms of it on the CPU)").arg(cpuMs);
    if (leftOut > 0)
        line += QStringLiteral(" (and %1 more over %2 ms since the last such line)")
                    .arg(leftOut)
                    .arg(kSlowMs);
    qCWarning(lcStall).noquote() << line;
}

} // namespace natter::server

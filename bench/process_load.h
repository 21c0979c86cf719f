#pragma once

#include <QList>
#include <QString>
#include <sched.h>

namespace natter::bench {

/// One thread of a process and the CPU it has used so far (user + system).
struct ThreadTime {
    qint64 tid = 0;
    QString name; // the kernel's name for it (pthread_setname_np, 15 characters at most)
    double seconds = 0;
};

/// The share of a core each thread used over an interval, busiest first.
struct ThreadLoad {
    QString name;
    qint64 tid = 0;
    double cores = 0; // 1.0 = one core busy the whole interval
};

/// Every thread of `pid` with its CPU time, read from /proc/PID/task; empty when it is gone.
[[nodiscard]] QList<ThreadTime> threadTimes(qint64 pid);

/// What each thread used between two snapshots `seconds` apart. Threads that started in
/// between count from zero; threads under `floor` cores are left out.
[[nodiscard]] QList<ThreadLoad> threadLoad(const QList<ThreadTime> &before,
                                           const QList<ThreadTime> &after, double seconds,
                                           double floor = 0.005);

/// CPU time of the whole process so far, threads that have ended included; 0 when it is gone.
[[nodiscard]] double processSeconds(qint64 pid);

/// Parses a Linux CPU list ("0-3,8,10-11", as taskset -c takes it); false with a readable
/// reason when it is malformed or names a CPU beyond CPU_SETSIZE.
[[nodiscard]] bool parseCpuList(const QString &list, cpu_set_t *set, QString *error);

} // namespace natter::bench

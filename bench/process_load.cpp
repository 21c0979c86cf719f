#include "process_load.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <algorithm>
#include <unistd.h>

namespace natter::bench {

namespace {

/// utime + stime of one /proc/.../stat line, and the name between its parentheses (which may
/// itself hold spaces and parentheses: the last ')' ends it).
bool parseStat(const QByteArray &text, QString *name, double *seconds)
{
    const qsizetype open = text.indexOf('(');
    const qsizetype close = text.lastIndexOf(')');
    if (open < 0 || close < open)
        return false;
    *name = QString::fromUtf8(text.mid(open + 1, close - open - 1));
    const QList<QByteArray> fields = text.mid(close + 2).split(' ');
    if (fields.size() < 13)
        return false;
    static const double ticks = double(sysconf(_SC_CLK_TCK));
    *seconds = (fields[11].toDouble() + fields[12].toDouble()) / ticks;
    return true;
}

} // namespace

QList<ThreadTime> threadTimes(qint64 pid)
{
    QList<ThreadTime> times;
    const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile stat(tasks.filePath(tid + QStringLiteral("/stat")));
        if (!stat.open(QIODevice::ReadOnly))
            continue; // the thread ended between the listing and the read
        ThreadTime time;
        time.tid = tid.toLongLong();
        if (parseStat(stat.readAll(), &time.name, &time.seconds))
            times.append(time);
    }
    return times;
}

QList<ThreadLoad> threadLoad(const QList<ThreadTime> &before, const QList<ThreadTime> &after,
                             double seconds, double floor)
{
    QHash<qint64, double> start;
    for (const ThreadTime &time : before)
        start.insert(time.tid, time.seconds);
    QList<ThreadLoad> loads;
    if (seconds <= 0)
        return loads;
    for (const ThreadTime &time : after) {
        const double used = (time.seconds - start.value(time.tid, 0)) / seconds;
        if (used >= floor)
            loads.append(ThreadLoad{time.name, time.tid, used});
    }
    std::sort(loads.begin(), loads.end(),
              [](const ThreadLoad &a, const ThreadLoad &b) { return a.cores > b.cores; });
    return loads;
}

double processSeconds(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    QString name;
    double seconds = 0;
    return stat.open(QIODevice::ReadOnly) && parseStat(stat.readAll(), &name, &seconds) ? seconds
                                                                                        : 0;
}

bool parseCpuList(const QString &list, cpu_set_t *set, QString *error)
{
    CPU_ZERO(set);
    const auto bad = [&](const QString &why) {
        *error = QStringLiteral("CPU list \"%1\": %2 (write it as taskset -c does, e.g. 0-3,8)")
                     .arg(list, why);
        return false;
    };
    if (list.trimmed().isEmpty())
        return bad(QStringLiteral("empty"));
    for (const QString &part : list.split(QLatin1Char(','))) {
        const QStringList ends = part.trimmed().split(QLatin1Char('-'));
        bool firstOk = false;
        bool lastOk = false;
        const int first = ends.value(0).toInt(&firstOk);
        const int last = ends.size() == 2 ? ends.value(1).toInt(&lastOk) : first;
        if (ends.size() > 2 || !firstOk || (ends.size() == 2 && !lastOk) || first < 0 ||
            last < first)
            return bad(QStringLiteral("\"%1\" is not a CPU or a range").arg(part));
        if (last >= CPU_SETSIZE)
            return bad(QStringLiteral("CPU %1 is beyond %2").arg(last).arg(CPU_SETSIZE - 1));
        for (int cpu = first; cpu <= last; ++cpu)
            CPU_SET(cpu, set);
    }
    return true;
}

} // namespace natter::bench

#include "process_setup.h"

#include "support/logging.h"

#include <QDeadlineTimer>
#include <QMutex>
#include <google/protobuf/stubs/logging.h>
#include <malloc.h>
#include <sys/resource.h>
#include <sys/stat.h>

namespace natter::server {

namespace {
constexpr int kProtobufLinesPerMinute = 5;

/// At most kProtobufLinesPerMinute lines a minute; called from any thread.
void logProtobuf(google::protobuf::LogLevel level, const char *file, int line,
                 const std::string &message)
{
    static QMutex mutex;
    static QDeadlineTimer window;
    static int logged = 0;
    static int suppressed = 0;
    QMutexLocker lock(&mutex);
    if (window.hasExpired()) {
        if (suppressed > 0)
            qCWarning(lcGateway) << "libprotobuf:" << suppressed
                                 << "more messages in the last minute were not logged";
        window.setRemainingTime(60'000);
        logged = 0;
        suppressed = 0;
    }
    if (logged >= kProtobufLinesPerMinute) {
        ++suppressed;
        return;
    }
    ++logged;
    const QString text = QString::fromStdString(message).left(200);
    if (level >= google::protobuf::LOGLEVEL_ERROR)
        qCWarning(lcGateway).noquote() << "libprotobuf" << file << line << text;
    else
        qCDebug(lcGateway).noquote() << "libprotobuf" << file << line << text;
}
} // namespace

void restrictNewFilesToOwner()
{
    ::umask(077);
}

void keepFreedMemoryForReuse()
{
    const QString tunables = qEnvironmentVariable("GLIBC_TUNABLES");
    if (tunables.contains(QLatin1String("glibc.malloc.trim_threshold")) ||
        tunables.contains(QLatin1String("glibc.malloc.mmap_threshold")) ||
        qEnvironmentVariableIsSet("MALLOC_TRIM_THRESHOLD_") ||
        qEnvironmentVariableIsSet("MALLOC_MMAP_THRESHOLD_"))
        return;
    ::mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
    ::mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
}

qint64 raiseDescriptorLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    return limit.rlim_cur == RLIM_INFINITY ? std::numeric_limits<qint64>::max()
                                           : qint64(limit.rlim_cur);
}

void routeProtobufLogs()
{
    google::protobuf::SetLogHandler(&logProtobuf);
}

} // namespace natter::server

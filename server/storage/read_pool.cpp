#include "storage/read_pool.h"

#include "storage/sql_util.h"
#include "support/logging.h"
#include "support/stall_log.h"

#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>
#include <cerrno>
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace natter::server::storage {

namespace {
QString connectionName(int thread, int shard)
{
    return QStringLiteral("natterd-read-%1-%2").arg(thread).arg(shard);
}
} // namespace

ReadPool::ReadPool(QStringList shardPaths, int threads, int maxQueued)
    : m_paths(std::move(shardPaths))
    , m_threadCount(std::max(1, threads))
    , m_maxQueued(std::max(1, maxQueued))
{}

ReadPool::~ReadPool()
{
    stop();
}

bool ReadPool::start(QString *error)
{
    for (int i = 0; i < m_threadCount; ++i) {
        std::promise<QString> opened;
        auto result = opened.get_future();
        m_threads.emplace_back([this, i, &opened] { run(i, &opened); });
        if (const QString problem = result.get(); !problem.isEmpty()) {
            if (error)
                *error = problem;
            stop();
            return false;
        }
    }
    return true;
}

bool ReadPool::post(Job job)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping || int(m_jobs.size()) >= m_maxQueued)
            return false;
        m_jobs.push_back(Queued{std::move(job), StallLog::process().now()});
    }
    m_wake.notify_one();
    return true;
}

void ReadPool::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (std::thread &thread : m_threads) {
        if (thread.joinable())
            thread.join();
    }
    m_threads.clear();
}

bool ReadPool::open(int index, std::vector<QSqlDatabase> &shards, QString *error)
{
    for (int shard = 0; shard < int(m_paths.size()); ++shard) {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName(index, shard));
        db.setDatabaseName(m_paths[shard]);
        // The writer created the file and its WAL; this connection only ever reads.
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        shards.push_back(db);
        if (!db.open()) {
            *error = QStringLiteral("cannot open %1 for reading: %2")
                         .arg(m_paths[shard], db.lastError().text());
            return false;
        }
        QSqlQuery pragma(db);
        if (!pragma.exec(QStringLiteral("PRAGMA query_only = 1"))) {
            *error = QStringLiteral("cannot configure the reader of %1: %2")
                         .arg(m_paths[shard], pragma.lastError().text());
            return false;
        }
    }
    return true;
}

void ReadPool::run(int index, std::promise<QString> *opened)
{
    // Named for top, perf and natter-bench's per-thread table.
    pthread_setname_np(pthread_self(),
                       QStringLiteral("sql-read-%1").arg(index).toUtf8().constData());
    // Searches run only on a core nothing else wants (SCHED_IDLE): a shard writer, gateway or
    // service thread that wakes takes the core at once, so a commit does not wait for a
    // search's time slice. Per thread on Linux; lowering a thread's own policy needs no
    // privilege.
    if (const sched_param none{}; sched_setscheduler(0, SCHED_IDLE, &none) != 0)
        qCWarning(lcStorage, "search thread %d keeps natterd's priority: %s", index,
                  qPrintable(qt_error_string(errno)));
    // SCHED_IDLE alone would also move the thread's disk reads to the idle I/O class, where a
    // search on a cold cache could wait for as long as the writers keep the disk busy: keep
    // the normal class at its lowest level instead.
    if (syscall(SYS_ioprio_set, kIoprioWhoProcess, 0, kSearchIoPriority) != 0)
        qCWarning(lcStorage, "search thread %d reads the disk in the idle class: %s", index,
                  qPrintable(qt_error_string(errno)));
    {
        std::vector<QSqlDatabase> shards;
        QString error;
        if (open(index, shards, &error)) {
            opened->set_value(QString());
            for (;;) {
                Queued queued;
                {
                    std::unique_lock lock(m_mutex);
                    m_wake.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
                    if (m_jobs.empty())
                        break; // stopping, and nothing left to run
                    queued = std::move(m_jobs.front());
                    m_jobs.pop_front();
                }
                StallLog &stalls = StallLog::process();
                const qint64 started = stalls.now();
                const qint64 startedCpu = StallLog::threadCpuMs();
                stalls.report("queue wait", "search", started - queued.postedMs);
                queued.job(shards);
                stalls.report("database job", "search", stalls.now() - started,
                              StallLog::threadCpuMs() - startedCpu);
            }
        } else {
            opened->set_value(error);
        }
        for (int shard = 0; shard < int(shards.size()); ++shard) {
            forgetStatements(connectionName(index, shard));
            shards[size_t(shard)].close();
        }
    }
    for (int shard = 0; shard < int(m_paths.size()); ++shard)
        QSqlDatabase::removeDatabase(connectionName(index, shard));
}

} // namespace natter::server::storage

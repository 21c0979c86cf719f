#pragma once

#include "storage/sql_util.h"
#include "support/stall_log.h"

#include <QSqlDatabase>
#include <QString>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace natter::server::storage {

/// One thread that owns one SQLite connection and runs jobs on it.
/// QtSql connections must not cross threads, so every use of the database is a posted job.
///
/// Two lanes: the worker's own jobs (commits, writes, internal work) run in FIFO order;
/// reads done on behalf of a user wait in that user's own queue, and users take turns, one
/// read each. Own jobs that wait run after at most kReadsBetweenOwnJobs reads, so a user who
/// pipelines hundreds of expensive reads delays neither the sends being committed nor other
/// users' reads by more than a few reads. A read never runs before an own job posted ahead
/// of it: it sees every write its requester was told of.
class SqlWorker {
public:
    using Job = std::function<void(QSqlDatabase &)>;
    static constexpr int kReadsBetweenOwnJobs = 8;

    /// `stalls`: where slow jobs and long waits are reported (tests pass their own clock).
    SqlWorker(QString name, QString path, const MigrationList &migrations,
              StallLog &stalls = StallLog::process());
    ~SqlWorker();
    SqlWorker(const SqlWorker &) = delete;
    SqlWorker &operator=(const SqlWorker &) = delete;

    /// Starts the thread, opens the database there and migrates it. Blocks until done.
    [[nodiscard]] bool start(QString *error);

    /// Queues a job; it runs on the worker thread after every job posted before it. `what`
    /// names it in StallLog's lines (a string literal).
    void post(Job job, const char *what = "a request's write");
    /// Queues a read on behalf of `requester`: after that requester's earlier reads, in turns
    /// with other requesters, never ahead of own jobs already waiting.
    void postRead(quint64 requester, Job job);

    /// Runs every queued job, closes the database and joins the thread.
    void stop();

    [[nodiscard]] const QString &name() const { return m_name; }

private:
    struct Own {
        Job job;
        const char *what = nullptr;
        qint64 postedMs = 0; // StallLog's clock
    };
    struct Read {
        Job job;
        quint64 ownJobsBefore = 0; // own jobs posted before it: they run first
        qint64 postedMs = 0;
    };

    void run(std::promise<QString> *opened);
    bool open(QSqlDatabase &db, QString *error);
    /// The oldest read of the next requester whose reads may run (none was posted after an
    /// own job still waiting); without a job when there is none. The caller holds m_mutex.
    Read takeNextRead();

    QString m_name;
    QString m_path;
    const MigrationList &m_migrations;
    StallLog &m_stalls;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Own> m_jobs;
    std::unordered_map<quint64, std::deque<Read>> m_reads; // per requester
    quint64 m_ownPosted = 0;
    quint64 m_ownTaken = 0;
    std::deque<quint64> m_turns; // requesters with reads waiting, in turn order
    bool m_stopping = false;
};

} // namespace natter::server::storage

#include "storage/sql_worker.h"

#include "support/stall_log.h"

#include <QSqlError>
#include <QSqlQuery>
#include <pthread.h>

namespace natter::server::storage {

SqlWorker::SqlWorker(QString name, QString path, const MigrationList &migrations, StallLog &stalls)
    : m_name(std::move(name))
    , m_path(std::move(path))
    , m_migrations(migrations)
    , m_stalls(stalls)
{}

SqlWorker::~SqlWorker()
{
    stop();
}

bool SqlWorker::start(QString *error)
{
    std::promise<QString> opened;
    auto result = opened.get_future();
    m_thread = std::thread([this, &opened] { run(&opened); });
    const QString problem = result.get();
    if (!problem.isEmpty()) {
        m_thread.join();
        if (error)
            *error = problem;
        return false;
    }
    return true;
}

void SqlWorker::post(Job job, const char *what)
{
    {
        std::lock_guard lock(m_mutex);
        m_jobs.push_back(Own{std::move(job), what, m_stalls.now()});
        ++m_ownPosted;
    }
    m_wake.notify_one();
}

void SqlWorker::postRead(quint64 requester, Job job)
{
    {
        std::lock_guard lock(m_mutex);
        std::deque<Read> &queue = m_reads[requester];
        if (queue.empty())
            m_turns.push_back(requester);
        queue.push_back(Read{std::move(job), m_ownPosted, m_stalls.now()});
    }
    m_wake.notify_one();
}

SqlWorker::Read SqlWorker::takeNextRead()
{
    for (auto turn = m_turns.begin(); turn != m_turns.end(); ++turn) {
        const quint64 requester = *turn;
        const auto it = m_reads.find(requester);
        if (it->second.front().ownJobsBefore > m_ownTaken)
            continue; // waits for an own job, and keeps its place in the line
        m_turns.erase(turn);
        Read read = std::move(it->second.front());
        it->second.pop_front();
        if (it->second.empty())
            m_reads.erase(it);
        else
            m_turns.push_back(requester); // the back of the line for the next one
        return read;
    }
    return {};
}

void SqlWorker::stop()
{
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

bool SqlWorker::open(QSqlDatabase &db, QString *error)
{
    db.setDatabaseName(m_path);
    if (!db.open()) {
        *error = QStringLiteral("cannot open database %1: %2").arg(m_path, db.lastError().text());
        return false;
    }
    if (!configureConnection(db, error))
        return false;
    return migrate(db, m_migrations, error);
}

void SqlWorker::run(std::promise<QString> *opened)
{
    const QString connectionName = QStringLiteral("natterd-") + m_name;
    // Named for top, perf and natter-bench's per-thread table (the kernel keeps 15 bytes).
    pthread_setname_np(pthread_self(),
                       (QStringLiteral("sql-") + m_name).toUtf8().left(15).constData());
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        QString error;
        if (!open(db, &error)) {
            db.close();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(connectionName);
            opened->set_value(error);
            return;
        }
        opened->set_value(QString());

        StallLog &stalls = m_stalls;
        // Runs a job, and logs it if it waited or ran too long.
        auto timed = [&](const Job &job, const char *what, qint64 postedMs) {
            const qint64 started = stalls.now();
            const qint64 startedCpu = StallLog::threadCpuMs();
            stalls.report("queue wait", what, started - postedMs);
            job(db);
            stalls.report("database job", what, stalls.now() - started,
                          StallLog::threadCpuMs() - startedCpu);
        };
        int readsInARow = 0;
        for (;;) {
            std::deque<Own> jobs;
            Read read;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock,
                            [this] { return m_stopping || !m_jobs.empty() || !m_turns.empty(); });
                if (m_jobs.empty() && m_turns.empty() && m_stopping)
                    break;
                // Own jobs wait for a few reads at most; reads are never starved by a steady
                // stream of commits either.
                if (m_jobs.empty() || (!m_turns.empty() && readsInARow < kReadsBetweenOwnJobs))
                    read = takeNextRead();
                if (read.job) {
                    ++readsInARow;
                } else {
                    m_ownTaken += m_jobs.size();
                    jobs.swap(m_jobs);
                    readsInARow = 0;
                }
            }
            for (const Own &job : jobs)
                timed(job.job, job.what, job.postedMs);
            if (read.job)
                timed(read.job, "a request's read", read.postedMs);
        }
        forgetStatements(connectionName);
        db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
}

} // namespace natter::server::storage

#pragma once

#include "sql_util.h"

#include <QSqlDatabase>
#include <QString>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

namespace natter::server::storage {

/// One thread that owns one SQLite connection and runs jobs on it in FIFO order.
/// QtSql connections must not cross threads, so every use of the database is a posted job.
class SqlWorker {
public:
    using Job = std::function<void(QSqlDatabase &)>;

    SqlWorker(QString name, QString path, const MigrationList &migrations);
    ~SqlWorker();
    SqlWorker(const SqlWorker &) = delete;
    SqlWorker &operator=(const SqlWorker &) = delete;

    /// Starts the thread, opens the database there and migrates it. Blocks until done.
    [[nodiscard]] bool start(QString *error);

    /// Queues a job; it runs on the worker thread after every job posted before it.
    void post(Job job);

    /// Runs every queued job, closes the database and joins the thread.
    void stop();

    [[nodiscard]] const QString &name() const { return m_name; }

private:
    void run(std::promise<QString> *opened);
    bool open(QSqlDatabase &db, QString *error);

    QString m_name;
    QString m_path;
    const MigrationList &m_migrations;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_jobs;
    bool m_stopping = false;
};

} // namespace natter::server::storage

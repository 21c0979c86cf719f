#pragma once
/// Threads with read-only connections to every message shard, for reads that may be long
/// (search): in WAL mode they read beside each shard's writer, so they neither wait for its
/// commits nor delay them. Jobs wait in one queue of bounded length; post() refuses beyond it,
/// so a burst of searches costs a SERVER_BUSY reply, not unbounded memory and latency. The
/// threads run under SCHED_IDLE: on a busy core every other thread goes first, so reads never
/// delay a commit (and wait, refused beyond the queue, while natterd is saturated).

#include <QSqlDatabase>
#include <QStringList>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace natter::server::storage {

class ReadPool {
public:
    /// ioprio_set(2)'s "this thread", and the I/O priority the pool's threads read at: the
    /// best-effort class (2) at its lowest level (7).
    static constexpr int kIoprioWhoProcess = 1;
    static constexpr int kSearchIoPriority = (2 << 13) | 7;

    /// `shards[i]`: this thread's connection to physical shard i.
    using Job = std::function<void(const std::vector<QSqlDatabase> &shards)>;

    ReadPool(QStringList shardPaths, int threads, int maxQueued);
    ~ReadPool();
    ReadPool(const ReadPool &) = delete;
    ReadPool &operator=(const ReadPool &) = delete;

    /// Starts the threads and opens their connections. Blocks until done.
    [[nodiscard]] bool start(QString *error);
    /// Queues a job; false (and the job dropped) when maxQueued jobs are waiting already.
    [[nodiscard]] bool post(Job job);
    /// Runs the queued jobs, closes the connections and joins the threads.
    void stop();

private:
    void run(int index, std::promise<QString> *opened);
    bool open(int index, std::vector<QSqlDatabase> &shards, QString *error);

    QStringList m_paths;
    int m_threadCount;
    int m_maxQueued;
    std::vector<std::thread> m_threads;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    struct Queued {
        Job job;
        qint64 postedMs = 0; // StallLog's clock
    };
    std::deque<Queued> m_jobs;
    bool m_stopping = false;
};

} // namespace natter::server::storage

#pragma once

#include "local_cache.h"

#include <QObject>
#include <QPointer>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>

namespace natter::client {

/// The local cache on a thread of its own, so that the GUI thread never waits on the disk
/// (an fsync, a checkpoint, another process holding the file).
///
/// Jobs run one at a time in the order they were posted: a read sees every write posted
/// before it, so a caller may post a write and announce the change at once; whoever reads
/// because of the announcement reads after the write. Results come back as queued calls on
/// the thread that owns this object, and are dropped when the caller's context object is
/// gone by then.
class CacheWorker : public QObject {
    Q_OBJECT
public:
    using Job = std::function<void(LocalCache &)>;

    /// Opens (creating and migrating) `dir`/cache.sqlite on the cache thread, as its first
    /// job; `opened` tells how it went.
    explicit CacheWorker(const QString &dir, QObject *parent = nullptr);
    /// Runs the jobs already posted (writes are not lost), closes the cache, joins the thread.
    ~CacheWorker() override;

    /// Queues a write (or anything without a result).
    void write(Job job);

    /// Queues `job(cache)`; `done(result)` runs on this object's thread unless `context` was
    /// destroyed by then.
    template <typename Read, typename Done> void read(const QObject *context, Read job, Done done)
    {
        using T = std::invoke_result_t<Read &, LocalCache &>;
        ++m_unfinished; // until `done` ran (or was dropped)
        post([this, guard = QPointer<const QObject>(context), job = std::move(job),
              done = std::move(done)](LocalCache &cache) mutable {
            auto reply = [guard = std::move(guard), done = std::move(done),
                          result = std::make_shared<T>(job(cache))] {
                if (guard)
                    done(std::move(*result));
            };
            QMetaObject::invokeMethod(
                this,
                [this, reply = std::move(reply)] {
                    --m_unfinished; // first: the result may settle() or post more
                    reply();
                },
                Qt::QueuedConnection);
        });
    }

    /// Runs `job` and waits for its result. Blocks the calling thread: for tests, benches and
    /// command-line tools only, never the desktop client's GUI thread.
    template <typename Read>
    auto readBlocking(Read job) -> std::invoke_result_t<Read &, LocalCache &>
    {
        using T = std::invoke_result_t<Read &, LocalCache &>;
        auto promise = std::make_shared<std::promise<T>>();
        std::future<T> result = promise->get_future();
        post([promise, job = std::move(job)](LocalCache &cache) mutable {
            promise->set_value(job(cache));
        });
        return result.get();
    }

    /// Tests: runs every posted job and delivers every result, including those of jobs the
    /// results post in turn, until nothing is left.
    void settle();

signals:
    void opened(bool ok, const QString &error);

private:
    void post(Job job);
    void run();

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_drained;
    std::deque<Job> m_jobs;
    bool m_running = false; // a job is running
    bool m_stopping = false;
    std::atomic<int> m_unfinished = 0; // reads (and the open) whose results are not delivered
    std::thread m_thread;              // last: starts after the members above exist
};

} // namespace natter::client

#include "cache_worker.h"

#include <QCoreApplication>

namespace natter::client {

CacheWorker::CacheWorker(const QString &dir, QObject *parent)
    : QObject(parent)
    , m_thread([this] { run(); })
{
    ++m_unfinished;
    post([this, dir](LocalCache &cache) {
        QString error;
        const bool ok = cache.open(dir, &error);
        QMetaObject::invokeMethod(
            this,
            [this, ok, error] {
                --m_unfinished;
                emit opened(ok, error);
            },
            Qt::QueuedConnection);
    });
}

CacheWorker::~CacheWorker()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void CacheWorker::write(Job job)
{
    post(std::move(job));
}

void CacheWorker::post(Job job)
{
    {
        const std::lock_guard lock(m_mutex);
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
}

void CacheWorker::run()
{
    // Created, used and destroyed here: a QtSql connection belongs to the thread that made it.
    LocalCache cache;
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
        if (m_jobs.empty())
            break; // stopping, and everything posted ran
        Job job = std::move(m_jobs.front());
        m_jobs.pop_front();
        m_running = true;
        lock.unlock();
        job(cache);
        lock.lock();
        m_running = false;
        if (m_jobs.empty())
            m_drained.notify_all();
    }
}

void CacheWorker::settle()
{
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_drained.wait(lock, [this] { return m_jobs.empty() && !m_running; });
        }
        if (m_unfinished == 0)
            return;
        // The results wait as queued calls to this object.
        QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    }
}

} // namespace natter::client

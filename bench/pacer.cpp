#include "pacer.h"

#include "now.h"

#include <QSocketNotifier>
#include <cerrno>
#include <cstring>
#include <sys/timerfd.h>
#include <unistd.h>

namespace natter::bench {

Pacer::Pacer(double ratePerSecond, qint64 startNs, double phase, std::function<void()> fire,
             QObject *parent)
    : QObject(parent)
    , m_intervalNs(1e9 / ratePerSecond)
    , m_startNs(startNs)
    , m_phase(phase)
    , m_fire(std::move(fire))
{
    // CLOCK_MONOTONIC is what std::chrono::steady_clock (nowNs) reads on Linux.
    m_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (m_fd < 0)
        qFatal("natter-bench: cannot create a timer for the open loop: %s", std::strerror(errno));
    m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &Pacer::onTimer);
    arm(dueNs(0));
}

Pacer::~Pacer()
{
    delete m_notifier; // before its descriptor goes
    if (m_fd >= 0)
        ::close(m_fd);
}

void Pacer::stop()
{
    m_stopped = true;
    m_notifier->setEnabled(false);
}

qint64 Pacer::dueNs(quint64 k) const
{
    return m_startNs + qint64((double(k) + m_phase) * m_intervalNs);
}

void Pacer::onTimer()
{
    quint64 expirations = 0;
    if (::read(m_fd, &expirations, sizeof expirations) < 0 && errno != EAGAIN)
        qWarning("natter-bench: reading the open loop's timer: %s", std::strerror(errno));
    if (m_stopped)
        return;
    const qint64 now = nowNs();
    const qint64 lag = now - dueNs(m_next);
    if (lag >= 0) {
        m_lagNs.push_back(lag);
        // Later than one interval, the next would be due already: the schedule moves back
        // instead, so no two sends go out together to catch up.
        if (double(lag) >= m_intervalNs)
            m_startNs += lag;
        ++m_next;
        m_fire();
    }
    if (!m_stopped)
        arm(dueNs(m_next));
}

void Pacer::arm(qint64 atNs)
{
    itimerspec when{};
    when.it_value.tv_sec = time_t(atNs / 1'000'000'000);
    when.it_value.tv_nsec = long(atNs % 1'000'000'000);
    if (when.it_value.tv_sec == 0 && when.it_value.tv_nsec == 0)
        when.it_value.tv_nsec = 1; // zero would disarm it
    if (timerfd_settime(m_fd, TFD_TIMER_ABSTIME, &when, nullptr) != 0)
        qFatal("natter-bench: cannot arm the open loop's timer: %s", std::strerror(errno));
}

} // namespace natter::bench

#include "gateway/epoll_dispatcher.h"

#ifdef Q_OS_LINUX

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimerEvent>
#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace natter::server::gateway {

namespace {

qint64 monotonicMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

constexpr int kMaxEventsPerWait = 512;

} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
    , m_epoll(epoll_create1(EPOLL_CLOEXEC))
    , m_wakeFd(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
    if (m_epoll < 0 || m_wakeFd < 0)
        qFatal("natterd: cannot create an epoll instance or eventfd (errno %d)", errno);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = m_wakeFd;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &event);
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    ::close(m_wakeFd);
    ::close(m_epoll);
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.storeRelaxed(0);
    emit awake();
    // Events posted from now on call wakeUp(), which makes the wait below return at once.
    QCoreApplication::sendPostedEvents();
    if (m_interrupted.loadRelaxed())
        return true;

    const bool mayWait = flags.testFlag(QEventLoop::WaitForMoreEvents);
    const int timeoutMs = mayWait ? nextTimeoutMs() : 0;
    if (timeoutMs != 0)
        emit aboutToBlock();
    std::array<epoll_event, kMaxEventsPerWait> ready;
    int count = epoll_wait(m_epoll, ready.data(), int(ready.size()), timeoutMs);
    if (count < 0)
        count = 0; // EINTR: go round again
    bool handled = false;
    for (int i = 0; i < count; ++i) {
        const int fd = ready[size_t(i)].data.fd;
        if (fd == m_wakeFd) {
            eventfd_t value = 0;
            eventfd_read(m_wakeFd, &value);
            m_wakeUps.storeRelease(0);
            handled = true; // the posted events go out at the top of the next call
            continue;
        }
        if (flags.testFlag(QEventLoop::ExcludeSocketNotifiers))
            continue;
        dispatchSocket(fd, ready[size_t(i)].events);
        handled = true;
    }
    if (!flags.testFlag(QEventLoop::X11ExcludeTimers) && fireDueTimers())
        handled = true;
    return handled;
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    Notifiers &entry = m_notifiers[fd];
    switch (notifier->type()) {
    case QSocketNotifier::Read:
        entry.read = notifier;
        break;
    case QSocketNotifier::Write:
        entry.write = notifier;
        break;
    case QSocketNotifier::Exception:
        entry.exception = notifier;
        break;
    }
    updateInterest(fd);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const auto it = m_notifiers.find(fd);
    if (it == m_notifiers.end())
        return;
    if (it->read == notifier)
        it->read = nullptr;
    if (it->write == notifier)
        it->write = nullptr;
    if (it->exception == notifier)
        it->exception = nullptr;
    updateInterest(fd);
}

void EpollEventDispatcher::updateInterest(int fd)
{
    const auto it = m_notifiers.find(fd);
    if (it == m_notifiers.end())
        return;
    epoll_event event{};
    event.data.fd = fd;
    if (it->read)
        event.events |= EPOLLIN;
    if (it->write)
        event.events |= EPOLLOUT;
    if (it->exception)
        event.events |= EPOLLPRI;
    if (event.events == 0) {
        m_notifiers.erase(it);
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, &event);
        return;
    }
    // MOD for a known descriptor, ADD for a new one (or one the kernel forgot on close()).
    if (epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event) != 0 && errno == ENOENT)
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event);
}

void EpollEventDispatcher::dispatchSocket(int fd, quint32 events)
{
    // As with poll(): hang-ups and errors wake the reader and the writer, who find out.
    const bool readable = events & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP);
    const bool writable = events & (EPOLLOUT | EPOLLHUP | EPOLLERR);
    const bool urgent = events & EPOLLPRI;
    // A handler may remove or replace any notifier of this descriptor: look it up each time.
    QEvent activated(QEvent::SockAct);
    auto notify = [&](QSocketNotifier *Notifiers::*which) {
        const auto it = m_notifiers.constFind(fd);
        if (it != m_notifiers.constEnd() && (*it).*which)
            QCoreApplication::sendEvent((*it).*which, &activated);
    };
    if (urgent)
        notify(&Notifiers::exception);
    if (readable)
        notify(&Notifiers::read);
    if (writable)
        notify(&Notifiers::write);
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                                         QObject *object)
{
    Timer &timer = m_timers[timerId];
    timer.intervalMs = qMax<qint64>(0, interval);
    timer.type = timerType;
    timer.object = object;
    schedule(timerId, timer, monotonicMs() + timer.intervalMs);
}

void EpollEventDispatcher::schedule(int timerId, Timer &timer, qint64 deadlineMs)
{
    m_deadlines.remove(timer.deadlineMs, timerId);
    timer.deadlineMs = deadlineMs;
    m_deadlines.insert(deadlineMs, timerId);
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return false;
    m_deadlines.remove(it->deadlineMs, timerId);
    m_timers.erase(it);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    bool any = false;
    for (auto it = m_timers.begin(); it != m_timers.end();) {
        if (it->object == object) {
            m_deadlines.remove(it->deadlineMs, it.key());
            it = m_timers.erase(it);
            any = true;
        } else {
            ++it;
        }
    }
    return any;
}

QList<QAbstractEventDispatcher::TimerInfo>
EpollEventDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> timers;
    for (auto it = m_timers.cbegin(); it != m_timers.cend(); ++it)
        if (it->object == object)
            timers.append(TimerInfo(it.key(), int(it->intervalMs), it->type));
    return timers;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = m_timers.constFind(timerId);
    if (it == m_timers.constEnd())
        return -1;
    return int(qMax<qint64>(0, it->deadlineMs - monotonicMs()));
}

int EpollEventDispatcher::nextTimeoutMs() const
{
    if (m_deadlines.isEmpty())
        return -1;
    return int(std::clamp<qint64>(m_deadlines.firstKey() - monotonicMs(), 0, 24 * 3600 * 1000));
}

bool EpollEventDispatcher::fireDueTimers()
{
    const qint64 now = monotonicMs();
    QList<int> due;
    for (auto it = m_deadlines.cbegin(); it != m_deadlines.cend() && it.key() <= now; ++it)
        due.append(it.value());
    for (int timerId : due) {
        // An earlier timer's handler may have stopped or restarted this one.
        const auto it = m_timers.find(timerId);
        if (it == m_timers.end() || it->deadlineMs > now)
            continue;
        // Next deadline before the event: the handler may stop it. A late timer does not
        // fire again for every interval it missed.
        schedule(timerId, *it, qMax(it->deadlineMs + it->intervalMs, now + 1));
        QObject *receiver = it->object;
        QTimerEvent event(timerId);
        QCoreApplication::sendEvent(receiver, &event);
    }
    return !due.isEmpty();
}

void EpollEventDispatcher::wakeUp()
{
    if (m_wakeUps.testAndSetAcquire(0, 1))
        eventfd_write(m_wakeFd, 1);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.storeRelaxed(1);
    wakeUp();
}

} // namespace natter::server::gateway

#endif // Q_OS_LINUX

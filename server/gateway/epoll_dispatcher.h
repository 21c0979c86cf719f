#pragma once

#include <QtGlobal>

#ifdef Q_OS_LINUX

#include <QAbstractEventDispatcher>
#include <QAtomicInt>
#include <QHash>
#include <QMultiMap>

class QSocketNotifier;

namespace natter::server::gateway {

/// An event dispatcher on Linux epoll for the gateway threads. Qt's own UNIX dispatcher calls
/// poll() with every socket of the thread on each loop iteration: with thousands of
/// connections the kernel's per-socket poll work dominated natterd during connection storms.
/// epoll hands back only the ready sockets. Level-triggered, like poll, so QSocketNotifier
/// behaves as usual; timers are kept in a deadline-ordered map.
class EpollEventDispatcher : public QAbstractEventDispatcher {
    Q_OBJECT
public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                       QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

private:
    struct Notifiers {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
        QSocketNotifier *exception = nullptr;
    };
    struct Timer {
        qint64 intervalMs = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        QObject *object = nullptr;
        qint64 deadlineMs = 0; // on the monotonic clock
    };

    void updateInterest(int fd);
    void dispatchSocket(int fd, quint32 events);
    bool fireDueTimers();
    void schedule(int timerId, Timer &timer, qint64 deadlineMs);
    /// Milliseconds until the next timer is due; -1 without timers.
    [[nodiscard]] int nextTimeoutMs() const;

    int m_epoll = -1;
    int m_wakeFd = -1; // eventfd written by wakeUp() from any thread
    QAtomicInt m_wakeUps;
    QAtomicInt m_interrupted;
    QHash<int, Notifiers> m_notifiers;
    QHash<int, Timer> m_timers;
    QMultiMap<qint64, int> m_deadlines; // deadline → timer id
};

} // namespace natter::server::gateway

#endif // Q_OS_LINUX

#pragma once

#include <QElapsedTimer>
#include <QtCore/qnamespace.h>
#include <functional>
#include <memory>

namespace natter::client {

/// A timer that runs on a Clock's time.
class ClockTimer {
public:
    virtual ~ClockTimer() = default;
    /// (Re)starts: fires after `ms`, and every `ms` after that when it repeats.
    virtual void start(int ms) = 0;
    virtual void stop() = 0;
    [[nodiscard]] virtual bool isActive() const = 0;
    /// Milliseconds until it fires; -1 when stopped.
    [[nodiscard]] virtual int remainingMs() const = 0;
};

/// The time Connection's rules (deadlines, heartbeat, sleep detection, backoff) run on, so that
/// tests can replace it with one they advance by hand instead of sleeping.
class Clock {
public:
    virtual ~Clock() = default;
    /// Milliseconds on a clock that never jumps and stands still while the machine sleeps.
    [[nodiscard]] virtual qint64 monotonicMs() const = 0;
    /// Milliseconds since the epoch: jumps forward over a sleep (and when the time is set).
    [[nodiscard]] virtual qint64 wallMs() const = 0;
    /// A timer calling `onTimeout`; the callback goes with the timer, so its owner owns it.
    [[nodiscard]] virtual std::unique_ptr<ClockTimer>
    createTimer(bool repeating, Qt::TimerType type, std::function<void()> onTimeout) = 0;
};

/// The machine's clocks and QTimers.
class SystemClock final : public Clock {
public:
    SystemClock() { m_monotonic.start(); }
    [[nodiscard]] qint64 monotonicMs() const override { return m_monotonic.elapsed(); }
    [[nodiscard]] qint64 wallMs() const override;
    [[nodiscard]] std::unique_ptr<ClockTimer> createTimer(bool repeating, Qt::TimerType type,
                                                          std::function<void()> onTimeout) override;

private:
    QElapsedTimer m_monotonic;
};

} // namespace natter::client

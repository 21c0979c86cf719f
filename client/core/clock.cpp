#include "clock.h"

#include <QDateTime>
#include <QTimer>

namespace natter::client {

namespace {
class QtClockTimer final : public ClockTimer {
public:
    QtClockTimer(bool repeating, Qt::TimerType type, std::function<void()> onTimeout)
    {
        m_timer.setSingleShot(!repeating);
        m_timer.setTimerType(type);
        // The timer is the callback's owner: it goes when the timer goes.
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, std::move(onTimeout));
    }
    void start(int ms) override { m_timer.start(ms); }
    void stop() override { m_timer.stop(); }
    [[nodiscard]] bool isActive() const override { return m_timer.isActive(); }
    [[nodiscard]] int remainingMs() const override { return m_timer.remainingTime(); }

private:
    QTimer m_timer;
};
} // namespace

qint64 SystemClock::wallMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

std::unique_ptr<ClockTimer> SystemClock::createTimer(bool repeating, Qt::TimerType type,
                                                     std::function<void()> onTimeout)
{
    return std::make_unique<QtClockTimer>(repeating, type, std::move(onTimeout));
}

} // namespace natter::client

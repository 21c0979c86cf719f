#pragma once
/// An open loop's clock: calls `fire` once for each send, at start + (phase + k) / rate, one
/// at a time and at its own time (a timerfd armed for the next due time, nanosecond
/// resolution) rather than in bursts per timer tick. A send that goes later than one interval
/// (the thread was busy) moves the rest of the schedule back by as much, like the independent
/// client's (bench/tools/independent-client, which moves back from 0.1 ms late): no catch-up
/// burst that would load natterd harder than the rate asked for. The lags are kept, so the report
/// shows that the generator fell behind (and the rate it really offered) instead of hiding it in
/// natterd's latency.

#include <QObject>
#include <functional>
#include <vector>

class QSocketNotifier;

namespace natter::bench {

class Pacer : public QObject {
    Q_OBJECT
public:
    /// `phase` in [0, 1): where in each interval this pacer's sends fall, so that pacers of
    /// several threads interleave rather than send together.
    Pacer(double ratePerSecond, qint64 startNs, double phase, std::function<void()> fire,
          QObject *parent = nullptr);
    ~Pacer() override;
    Pacer(const Pacer &) = delete;
    Pacer &operator=(const Pacer &) = delete;

    /// No more sends after this.
    void stop();
    /// For each send so far: how long after its due time fire() was called.
    [[nodiscard]] const std::vector<qint64> &lagNs() const { return m_lagNs; }

private:
    [[nodiscard]] qint64 dueNs(quint64 k) const;
    void onTimer();
    void arm(qint64 atNs);

    double m_intervalNs;
    qint64 m_startNs;
    double m_phase;
    std::function<void()> m_fire;
    int m_fd = -1;
    QSocketNotifier *m_notifier = nullptr;
    quint64 m_next = 0; // sends fired so far
    bool m_stopped = false;
    std::vector<qint64> m_lagNs;
};

} // namespace natter::bench

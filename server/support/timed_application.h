#pragma once
/// natterd's application object: it times every event delivered on any thread (sockets,
/// timers, queued replies) and reports the ones that ran over StallLog::kSlowMs, named by the
/// class of the object that received it. This is how a stalled event loop shows up in the log
/// with what it was doing.

#include "support/stall_log.h"

#include <QCoreApplication>
#include <atomic>

namespace natter::server {

class TimedApplication : public QCoreApplication {
public:
    /// `stalls`: where slow events are reported (tests pass their own clock).
    TimedApplication(int &argc, char **argv, StallLog &stalls = StallLog::process());

    bool notify(QObject *receiver, QEvent *event) override;

    /// From now on events are not timed (natterd is stopping).
    void stopTiming() { m_timing = false; }

private:
    StallLog &m_stalls;
    std::atomic<bool> m_timing{true};
};

} // namespace natter::server

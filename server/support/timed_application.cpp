#include "support/timed_application.h"

namespace natter::server {

TimedApplication::TimedApplication(int &argc, char **argv, StallLog &stalls)
    : QCoreApplication(argc, argv)
    , m_stalls(stalls)
{}

bool TimedApplication::notify(QObject *receiver, QEvent *event)
{
    if (!m_timing.load(std::memory_order_relaxed))
        return QCoreApplication::notify(receiver, event);
    // Taken before: the event may delete its receiver (deleteLater). Class names are static.
    const char *what = receiver->metaObject()->className();
    const qint64 started = m_stalls.now();
    const bool handled = QCoreApplication::notify(receiver, event);
    m_stalls.report("event", what, m_stalls.now() - started);
    return handled;
}

} // namespace natter::server

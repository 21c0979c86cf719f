#pragma once
/// Logs what kept a natterd thread busy for longer than kSlowMs: a database job, a job's wait in
/// its queue, an event loop that did not come back to its timers. Each line names the thread
/// (the names natter-bench's per-thread table shows) and what it was doing, so a latency spike
/// in the figures can be traced to its cause. Rate limited: at most one line per thread and
/// kind every kQuietMs; the next line says how many slow ones it left out.

#include <QHash>
#include <QString>
#include <functional>
#include <mutex>

namespace natter::server {

class StallLog {
public:
    static constexpr qint64 kSlowMs = 100;
    static constexpr qint64 kQuietMs = 10'000;
    /// Milliseconds on a monotonic clock.
    using Clock = std::function<qint64()>;

    /// `clock`: the steady clock when empty (tests pass their own).
    explicit StallLog(Clock clock = {});

    /// The one natterd's threads report to.
    static StallLog &process();

    [[nodiscard]] qint64 now() const { return m_clock(); }

    /// `what` took `ms` on the calling thread; logged when over kSlowMs (and not quieted).
    /// `kind` and `what` are string literals ("database job", "group commit"). `cpuMs`, when
    /// known, is the thread's CPU time in it: far less than `ms` means the thread waited (for
    /// a core, the disk, a lock) rather than worked.
    void report(const char *kind, const char *what, qint64 ms, qint64 cpuMs = -1);

    /// The calling thread's CPU time so far, in milliseconds (for `cpuMs`).
    [[nodiscard]] static qint64 threadCpuMs();

private:
    struct Quiet {
        qint64 loggedAtMs = 0;
        int leftOut = 0;
    };
    Clock m_clock;
    std::mutex m_mutex;
    QHash<QString, Quiet> m_quiet; // by thread and kind
};

} // namespace natter::server

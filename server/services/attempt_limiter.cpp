#include "services/attempt_limiter.h"

#include <QDateTime>

namespace natter::server::services {

AttemptLimiter::AttemptLimiter(Policy policy, Clock clock)
    : m_policy(policy)
    , m_clock(clock ? std::move(clock) : [] { return QDateTime::currentMSecsSinceEpoch(); })
{}

qint64 AttemptLimiter::retryAfterMs(const QString &key)
{
    const auto it = m_entries.constFind(key);
    if (it == m_entries.constEnd())
        return 0;
    return qMax<qint64>(0, it->lockedUntilMs - m_clock());
}

void AttemptLimiter::failed(const QString &key)
{
    const qint64 now = m_clock();
    if (m_entries.size() >= m_policy.maxKeys && !m_entries.contains(key))
        forgetOld(now);
    Entry &entry = m_entries[key];
    if (entry.failures > 0 && now - entry.lastFailureMs > m_policy.forgetAfterMs)
        entry = Entry{};
    ++entry.failures;
    entry.lastFailureMs = now;
    const int over = entry.failures - m_policy.freeFailures;
    if (over > 0) {
        const qint64 lock = m_policy.baseLockMs << qMin(over - 1, 30);
        entry.lockedUntilMs = now + qMin(lock, m_policy.maxLockMs);
    }
}

void AttemptLimiter::forgetOld(qint64 now)
{
    m_entries.removeIf(
        [&](const auto &it) { return now - it.value().lastFailureMs > m_policy.forgetAfterMs; });
    // Still full (a flood of fresh keys): start over rather than grow without bound.
    if (m_entries.size() >= m_policy.maxKeys)
        m_entries.clear();
}

} // namespace natter::server::services

#pragma once

#include <QHash>
#include <QString>
#include <functional>

namespace natter::server::services {

/// Failed attempts per key (a source address, a username) with an exponential lock-out, as
/// Synapse and Mattermost do for logins: the first `freeFailures` failures cost nothing, each
/// one after locks the key for twice as long as the last (from `baseLockMs` up to
/// `maxLockMs`). A success clears the key; a key quiet for `forgetAfterMs` is forgotten.
class AttemptLimiter {
public:
    using Clock = std::function<qint64()>; // milliseconds; injectable for tests

    struct Policy {
        int freeFailures = 5;
        qint64 baseLockMs = 1000;
        qint64 maxLockMs = 15 * 60 * 1000;
        qint64 forgetAfterMs = 60 * 60 * 1000;
        int maxKeys = 100'000; // memory bound: the oldest keys go first beyond it
    };

    explicit AttemptLimiter(Policy policy, Clock clock = {});

    /// 0 when an attempt may go ahead, else milliseconds until it may.
    [[nodiscard]] qint64 retryAfterMs(const QString &key);
    void failed(const QString &key);
    void succeeded(const QString &key) { m_entries.remove(key); }

private:
    struct Entry {
        int failures = 0;
        qint64 lockedUntilMs = 0;
        qint64 lastFailureMs = 0;
    };
    void forgetOld(qint64 now);

    Policy m_policy;
    Clock m_clock;
    QHash<QString, Entry> m_entries;
};

} // namespace natter::server::services

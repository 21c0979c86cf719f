#pragma once

#include "result.h"

#include <QByteArray>
#include <QObject>
#include <QThreadPool>
#include <atomic>
#include <functional>
#include <memory>

namespace natter::server::services {

/// Argon2id password hashing (libsodium) on a worker pool: one hash costs tens of
/// milliseconds and must never run on a thread that serves connections.
class PasswordHasher {
public:
    /// OWASP's minimum for Argon2id: 19 MiB of memory, two passes.
    static constexpr size_t kMemoryBytes = 19 * 1024 * 1024;
    static constexpr unsigned long long kPasses = 2;

    /// Set when the work's requester has gone (its connection closed): the hash is skipped.
    using Abandoned = std::shared_ptr<const std::atomic_bool>;

    /// `maxQueued`: hashes waiting or running before busy() says no more. `threads`: the
    /// pool's size (0: one per core, at least two).
    explicit PasswordHasher(int maxQueued = 64, int threads = 0);

    /// Takes a place in the queue for one hash() or verify(), which gives it back when done
    /// (or release() when the work is not started after all); false when the queue is full
    /// (answer SERVER_BUSY). Called on one thread only.
    [[nodiscard]] bool tryReserve();
    void release() { --m_queued; }
    [[nodiscard]] bool busy() const { return m_queued.load() >= m_maxQueued; }

    /// Encoded hash string ($argon2id$...) of the UTF-8 password; runs `done` on `context`.
    /// Uses a place taken with tryReserve().
    void hash(const QByteArray &password, QObject *context,
              std::function<void(Result<QByteArray>)> done, Abandoned abandoned = {});
    /// Checks a password against an encoded hash. An empty hash (unknown user) still costs a
    /// full verification, so response times do not reveal which usernames exist.
    void verify(const QByteArray &encodedHash, const QByteArray &password, QObject *context,
                std::function<void(bool)> done, Abandoned abandoned = {});

    /// Before those who get results go (natterd's shutdown): work not started is dropped,
    /// work running finishes, and nothing is delivered through `context` after this returns.
    /// Later calls answer at once (hash: INTERNAL, verify: no match) and give their place back.
    void stop();
    ~PasswordHasher() { stop(); }

    /// Synchronous forms, for the pool and for tests.
    [[nodiscard]] static Result<QByteArray> hashNow(const QByteArray &password);
    [[nodiscard]] static bool verifyNow(const QByteArray &encodedHash, const QByteArray &password);

private:
    QByteArray m_decoyHash;
    const int m_maxQueued;
    std::atomic<int> m_queued{0};
    std::atomic_bool m_stopped{false};
    QThreadPool m_pool; // last: its destructor waits for tasks that use the members above
};

} // namespace natter::server::services

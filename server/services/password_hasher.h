#pragma once

#include "result.h"

#include <QByteArray>
#include <QObject>
#include <QThreadPool>
#include <functional>

namespace natter::server::services {

/// Argon2id password hashing (libsodium) on a worker pool: one hash costs tens of
/// milliseconds and must never run on a thread that serves connections.
class PasswordHasher {
public:
    /// OWASP's minimum for Argon2id: 19 MiB of memory, two passes.
    static constexpr size_t kMemoryBytes = 19 * 1024 * 1024;
    static constexpr unsigned long long kPasses = 2;

    PasswordHasher();

    /// Encoded hash string ($argon2id$...) of the UTF-8 password; runs `done` on `context`.
    void hash(const QByteArray &password, QObject *context,
              std::function<void(Result<QByteArray>)> done);
    /// Checks a password against an encoded hash. An empty hash (unknown user) still costs a
    /// full verification, so response times do not reveal which usernames exist.
    void verify(const QByteArray &encodedHash, const QByteArray &password, QObject *context,
                std::function<void(bool)> done);

    /// Synchronous forms, for the pool and for tests.
    [[nodiscard]] static Result<QByteArray> hashNow(const QByteArray &password);
    [[nodiscard]] static bool verifyNow(const QByteArray &encodedHash, const QByteArray &password);

private:
    QThreadPool m_pool;
    QByteArray m_decoyHash;
};

} // namespace natter::server::services

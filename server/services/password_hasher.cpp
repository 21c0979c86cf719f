#include "services/password_hasher.h"

#include <sodium.h>

namespace natter::server::services {

PasswordHasher::PasswordHasher(int maxQueued, int threads)
    : m_maxQueued(maxQueued)
{
    m_pool.setMaxThreadCount(threads > 0 ? threads : qMax(2, QThread::idealThreadCount()));
    m_decoyHash = hashNow(QByteArrayLiteral("natter-decoy-password")).value();
}

Result<QByteArray> PasswordHasher::hashNow(const QByteArray &password)
{
    char encoded[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(encoded, password.constData(), size_t(password.size()), kPasses,
                              kMemoryBytes, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return Failure{proto::INTERNAL, QStringLiteral("out of memory while hashing a password")};
    return QByteArray(encoded);
}

bool PasswordHasher::verifyNow(const QByteArray &encodedHash, const QByteArray &password)
{
    const QByteArray terminated = encodedHash + '\0';
    return crypto_pwhash_str_verify(terminated.constData(), password.constData(),
                                    size_t(password.size())) == 0;
}

bool PasswordHasher::tryReserve()
{
    if (m_queued.load() >= m_maxQueued)
        return false;
    ++m_queued;
    return true;
}

void PasswordHasher::stop()
{
    m_stopped = true;
    m_pool.clear(); // their places are not given back: nothing is reserved after this
    m_pool.waitForDone();
    m_queued = 0;
}

void PasswordHasher::hash(const QByteArray &password, QObject *context,
                          std::function<void(Result<QByteArray>)> done, Abandoned abandoned)
{
    if (m_stopped) {
        --m_queued;
        return done(Failure{proto::INTERNAL, QStringLiteral("natterd is shutting down")});
    }
    m_pool.start([this, password, context, done = std::move(done), abandoned] {
        auto result = abandoned && *abandoned
                          ? Result<QByteArray>(proto::INTERNAL, QStringLiteral("abandoned"))
                          : hashNow(password);
        --m_queued;
        // Posted while stop() waits for this task: `context` is alive until stop() returns,
        // and a posted call dies with its receiver.
        QMetaObject::invokeMethod(
            context, [done, result]() { done(result); }, Qt::QueuedConnection);
    });
}

void PasswordHasher::verify(const QByteArray &encodedHash, const QByteArray &password,
                            QObject *context, std::function<void(bool)> done, Abandoned abandoned)
{
    if (m_stopped) {
        --m_queued;
        return done(false);
    }
    const bool decoy = encodedHash.isEmpty();
    const QByteArray hash = decoy ? m_decoyHash : encodedHash;
    m_pool.start([this, hash, password, decoy, context, done = std::move(done), abandoned] {
        const bool matches = !(abandoned && *abandoned) && verifyNow(hash, password) && !decoy;
        --m_queued;
        QMetaObject::invokeMethod(
            context, [done, matches]() { done(matches); }, Qt::QueuedConnection);
    });
}

} // namespace natter::server::services

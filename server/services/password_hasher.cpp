#include "password_hasher.h"

#include <sodium.h>

namespace natter::server::services {

PasswordHasher::PasswordHasher()
{
    m_pool.setMaxThreadCount(qMax(2, QThread::idealThreadCount()));
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

void PasswordHasher::hash(const QByteArray &password, QObject *context,
                          std::function<void(Result<QByteArray>)> done)
{
    m_pool.start([password, context, done = std::move(done)] {
        auto result = hashNow(password);
        QMetaObject::invokeMethod(
            context, [done, result]() { done(result); }, Qt::QueuedConnection);
    });
}

void PasswordHasher::verify(const QByteArray &encodedHash, const QByteArray &password,
                            QObject *context, std::function<void(bool)> done)
{
    const bool decoy = encodedHash.isEmpty();
    const QByteArray hash = decoy ? m_decoyHash : encodedHash;
    m_pool.start([hash, password, decoy, context, done = std::move(done)] {
        const bool matches = verifyNow(hash, password) && !decoy;
        QMetaObject::invokeMethod(
            context, [done, matches]() { done(matches); }, Qt::QueuedConnection);
    });
}

} // namespace natter::server::services

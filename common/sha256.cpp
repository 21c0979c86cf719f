#include "sha256.h"

#include <QFile>
#include <openssl/evp.h>

namespace natter {

struct Sha256::Context {
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    bool ok = ctx != nullptr; // false once any step failed: hex() is then empty
    ~Context() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256()
    : m_context(std::make_unique<Context>())
{
    m_context->ok = m_context->ok && EVP_DigestInit_ex(m_context->ctx, EVP_sha256(), nullptr) == 1;
}

Sha256::~Sha256() = default;

void Sha256::add(const char *data, qsizetype size)
{
    m_context->ok = m_context->ok && EVP_DigestUpdate(m_context->ctx, data, size_t(size)) == 1;
}

QString Sha256::hex()
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!m_context->ok || EVP_DigestFinal_ex(m_context->ctx, digest, &length) != 1)
        return {}; // callers treat an empty digest as "could not hash"
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex());
}

QString sha256HexOfFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    Sha256 hash;
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 read = file.read(buffer.data(), buffer.size());
        if (read < 0)
            return {};
        if (read == 0)
            break;
        hash.add(buffer.constData(), qsizetype(read));
    }
    return hash.hex();
}

} // namespace natter

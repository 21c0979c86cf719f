#include "gateway/tls_credentials.h"

#include <QFile>
#include <QSslKey>

namespace natter::server::gateway {

TlsCredentials::TlsCredentials(QString certificateFile, QString keyFile)
    : m_certificateFile(std::move(certificateFile))
    , m_keyFile(std::move(keyFile))
{}

bool TlsCredentials::load(QString *error)
{
    QFile certificateFile(m_certificateFile);
    if (!certificateFile.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the TLS certificate %1: %2")
                     .arg(m_certificateFile, certificateFile.errorString());
        return false;
    }
    // The server's certificate first, then the chain up to (not including) the root.
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certificateFile.readAll());
    if (chain.isEmpty()) {
        *error = QStringLiteral("%1 holds no PEM certificate").arg(m_certificateFile);
        return false;
    }
    QFile keyFile(m_keyFile);
    if (!keyFile.open(QIODevice::ReadOnly)) {
        *error =
            QStringLiteral("cannot read the TLS key %1: %2").arg(m_keyFile, keyFile.errorString());
        return false;
    }
    const QByteArray keyPem = keyFile.readAll();
    QSslKey key(keyPem, QSsl::Rsa);
    if (key.isNull())
        key = QSslKey(keyPem, QSsl::Ec);
    if (key.isNull()) {
        *error = QStringLiteral("%1 holds no unencrypted PEM RSA or EC key").arg(m_keyFile);
        return false;
    }
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // clients sign in by password/token
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    QMutexLocker lock(&m_mutex);
    m_configuration = configuration;
    return true;
}

QSslConfiguration TlsCredentials::current() const
{
    QMutexLocker lock(&m_mutex);
    return m_configuration;
}

QString TlsCredentials::describe() const
{
    const QSslCertificate certificate = current().localCertificate();
    return QStringLiteral("%1 (expires %2)")
        .arg(certificate.subjectDisplayName(), certificate.expiryDate().toString(Qt::ISODate));
}

} // namespace natter::server::gateway

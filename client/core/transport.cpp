#include "transport.h"

#include <QCryptographicHash>
#include <QSslConfiguration>

namespace natter::client {

WebSocketTransport::WebSocketTransport(QObject *parent)
    : Transport(parent)
{
    // Until Hello tells the real limits, accept what any natterd may send.
    m_socket.setMaxAllowedIncomingFrameSize(64 * 1024 * 1024);
    m_socket.setMaxAllowedIncomingMessageSize(64 * 1024 * 1024);
    connect(&m_socket, &QWebSocket::connected, this, &Transport::connected);
    connect(&m_socket, &QWebSocket::disconnected, this, &Transport::disconnected);
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this, &Transport::binaryReceived);
    connect(&m_socket, &QWebSocket::pong, this, &Transport::pong);
    connect(&m_socket, &QWebSocket::sslErrors, this, &WebSocketTransport::onSslErrors);
}

void WebSocketTransport::open(const QUrl &url)
{
    m_tlsProblem.clear(); // belongs to the attempt before
    m_socket.open(url);
}

QString WebSocketTransport::errorString() const
{
    return m_tlsProblem.isEmpty() ? m_socket.errorString() : m_tlsProblem;
}

void WebSocketTransport::onSslErrors(const QList<QSslError> &errors)
{
    QSslCertificate certificate = m_socket.sslConfiguration().peerCertificate();
    if (certificate.isNull() && !errors.isEmpty())
        certificate = errors.constFirst().certificate();
    const QByteArray fingerprint = certificate.digest(QCryptographicHash::Sha256);
    if (!m_trusted.isEmpty() && fingerprint == m_trusted) {
        m_socket.ignoreSslErrors();
        return;
    }
    QStringList reasons;
    for (const QSslError &error : errors)
        reasons.append(error.errorString());
    const QString colons = QString::fromLatin1(fingerprint.toHex(':')).toUpper();
    m_tlsProblem = m_trusted.isEmpty()
                       ? QStringLiteral("the server's certificate is not trusted (%1). If the "
                                        "server's admin confirms its SHA-256 fingerprint %2, "
                                        "pass --trust-cert %2")
                             .arg(reasons.join(QStringLiteral("; ")), colons)
                       : QStringLiteral("the server's certificate is not the trusted one (%1; its "
                                        "SHA-256 fingerprint is %2); ask the admin whether it "
                                        "changed")
                             .arg(reasons.join(QStringLiteral("; ")), colons);
}

} // namespace natter::client

#pragma once

#include <QByteArray>
#include <QObject>
#include <QSslError>
#include <QUrl>
#include <QWebSocket>

namespace natter::client {

/// The link under a Connection: one message-framed, full-duplex connection to natterd. Tests
/// put a recording fake here (tests/support/fake_transport.h) instead of a socket.
class Transport : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    /// Starts connecting; connected() or disconnected() follows.
    virtual void open(const QUrl &url) = 0;
    /// Closes politely (a close frame first); disconnected() follows.
    virtual void close() = 0;
    /// Drops the link at once, e.g. a dead one; disconnected() follows without the peer.
    virtual void abort() = 0;
    [[nodiscard]] virtual bool isConnected() const = 0;
    virtual void sendBinary(const QByteArray &frame) = 0;
    virtual void sendText(const QString &text) = 0;
    /// Asks the peer for a pong().
    virtual void ping() = 0;
    /// How the peer closed the last link (a WebSocket close code, e.g. 4001).
    [[nodiscard]] virtual int closeCode() const = 0;
    /// Why the last link failed or ended, readable.
    [[nodiscard]] virtual QString errorString() const = 0;
    /// Trusts the server certificate with this SHA-256 digest (raw bytes) although the system
    /// does not; empty: the system's trust only.
    virtual void setTrustedCertificate(const QByteArray &sha256) = 0;

signals:
    void connected();
    void disconnected();
    void binaryReceived(const QByteArray &frame);
    void pong();
};

/// The real transport: a QWebSocket (ws:// or wss://).
class WebSocketTransport final : public Transport {
    Q_OBJECT
public:
    explicit WebSocketTransport(QObject *parent = nullptr);

    void open(const QUrl &url) override;
    void close() override { m_socket.close(); }
    void abort() override { m_socket.abort(); }
    [[nodiscard]] bool isConnected() const override
    {
        return m_socket.state() == QAbstractSocket::ConnectedState;
    }
    void sendBinary(const QByteArray &frame) override
    {
        m_socket.sendBinaryMessage(frame);
        // Written now, not when the event loop next polls the socket: a message goes out the
        // moment it is sent, whatever else this iteration of the loop still has to do.
        m_socket.flush();
    }
    void sendText(const QString &text) override { m_socket.sendTextMessage(text); }
    void ping() override { m_socket.ping(); }
    [[nodiscard]] int closeCode() const override { return int(m_socket.closeCode()); }
    [[nodiscard]] QString errorString() const override;
    void setTrustedCertificate(const QByteArray &sha256) override { m_trusted = sha256; }

private:
    void onSslErrors(const QList<QSslError> &errors);

    QWebSocket m_socket;
    QByteArray m_trusted; // SHA-256, raw bytes
    QString m_tlsProblem; // why the last TLS handshake was refused
};

} // namespace natter::client

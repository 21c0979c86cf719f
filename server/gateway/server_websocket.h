#pragma once

#include "gateway/websocket_protocol.h"

#include <QHostAddress>
#include <QObject>
#include <QTimer>
#include <deque>

class QTcpSocket;
class QSslSocket;
class QSslConfiguration;

namespace natter::server::gateway {

/// One accepted connection spoken to as a WebSocket (RFC 6455, server side): reads the upgrade
/// request, answers it, then exchanges frames over the TCP (or TLS) socket it owns. What
/// breaks the protocol (an unmasked frame, a frame over the limit) closes the connection
/// with the code the RFC names.
class ServerWebSocket : public QObject {
    Q_OBJECT
public:
    struct Settings {
        qint64 maxFrameBytes = 1 << 20;
        qint64 maxMessageBytes = 1 << 20;
        QStringList allowedOrigins;      // browser origins that may connect
        int handshakeTimeoutMs = 10'000; // from now to the end of the upgrade (TLS included)
    };

    /// Takes the connected `socket`. A QSslSocket first does the TLS handshake with `tls`.
    /// Then the upgrade request is read; a connection not upgraded in time is dropped.
    ServerWebSocket(QTcpSocket *socket, const Settings &settings,
                    const QSslConfiguration *tls = nullptr, QObject *parent = nullptr);
    ~ServerWebSocket() override;

    [[nodiscard]] bool isOpen() const { return m_state == State::Open; }
    [[nodiscard]] QHostAddress peerAddress() const { return m_peer; }
    [[nodiscard]] quint16 peerPort() const { return m_peerPort; }
    /// Bytes handed over and not yet taken by the kernel (encrypted ones too).
    [[nodiscard]] qint64 bytesToWrite() const;

    void sendBinary(const QByteArray &payload);
    void ping();
    /// Sends a close frame and drops the line once the client answers, or after `graceMs`.
    void close(quint16 code, const QString &reason, int graceMs = 5'000);
    /// Drops the line at once.
    void abort();
    /// While paused nothing more is read: the client's frames wait in the kernel's buffers
    /// and TCP flow control slows it down. Messages already read wait here.
    void setReadingPaused(bool paused);
    [[nodiscard]] bool readingPaused() const { return m_paused; }

signals:
    void upgraded();
    void binaryMessageReceived(const QByteArray &payload);
    void textMessageReceived();
    void pong();
    /// The socket took written bytes: more may be handed over.
    void bytesWritten();
    /// The connection is gone (before or after the upgrade); emitted once.
    void disconnected();

private:
    enum class State { Upgrading, Open, Closing, Closed };

    void onReadyRead();
    void readUpgrade();
    void readFrames(const QByteArray &bytes);
    /// Acts on the messages read, in order, until they run out or reading is paused.
    void deliver();
    /// deliver() and read what waits, from the event loop.
    void readOnSoon();
    /// Answers a protocol failure: close frame with its code, then the line goes.
    void failConnection(quint16 code, const QString &reason);
    /// Last bytes written: shut down the sending half once they are sent, read until the
    /// client closes (or the close deadline passes).
    void finish();
    void onBytesWritten();
    void onDisconnected();

    QTcpSocket *m_socket;
    QSslSocket *m_secure; // m_socket when it is a TLS socket
    Settings m_settings;
    QHostAddress m_peer;
    quint16 m_peerPort = 0;
    State m_state = State::Upgrading;
    bool m_wasOpen = false;
    bool m_finishing = false;
    bool m_writeShutDown = false;
    QByteArray m_upgradeRequest;
    websocket::FrameReader m_reader;
    std::deque<websocket::FrameReader::Message> m_read; // read, not yet acted on
    bool m_readFailed = false;
    bool m_paused = false;
    QTimer m_closeDeadline;
    QTimer m_upgradeDeadline;
};

} // namespace natter::server::gateway

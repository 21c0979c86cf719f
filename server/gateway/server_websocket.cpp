#include "gateway/server_websocket.h"

#include "support/logging.h"

#include <QSslSocket>
#include <QTcpSocket>
#ifdef Q_OS_UNIX
#include <sys/socket.h>
#else
#include <winsock2.h>
#endif

namespace natter::server::gateway {

namespace {
// How long a closing connection waits for the client's close frame.
constexpr int kCloseHandshakeMs = 5'000;
// Pongs are skipped while this much waits unsent: a client that pings and never reads must
// not grow the buffer (RFC 6455 §5.5.3 lets the answer go to the latest ping only).
constexpr qint64 kMaxUnsentForPong = 64 * 1024;
// What Qt reads from the kernel ahead of us: while reading is paused, the rest of what the
// client sends stays in the kernel's buffers and TCP makes it wait.
constexpr qint64 kReadAheadBytes = 64 * 1024;
} // namespace

using websocket::FrameReader;

ServerWebSocket::ServerWebSocket(QTcpSocket *socket, const Settings &settings,
                                 const QSslConfiguration *tls, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_secure(qobject_cast<QSslSocket *>(socket))
    , m_settings(settings)
    , m_peer(socket->peerAddress())
    , m_peerPort(socket->peerPort())
    , m_reader(settings.maxFrameBytes, settings.maxMessageBytes)
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(kReadAheadBytes);
    connect(m_socket, &QIODevice::readyRead, this, &ServerWebSocket::onReadyRead);
    connect(m_socket, &QIODevice::bytesWritten, this, &ServerWebSocket::onBytesWritten);
    if (m_secure)
        connect(m_secure, &QSslSocket::encryptedBytesWritten, this,
                &ServerWebSocket::onBytesWritten);
    connect(m_socket, &QAbstractSocket::disconnected, this, &ServerWebSocket::onDisconnected);
    m_closeDeadline.setSingleShot(true);
    m_closeDeadline.setInterval(kCloseHandshakeMs);
    connect(&m_closeDeadline, &QTimer::timeout, this, &ServerWebSocket::abort);
    // Sockets that send nothing, an unfinished request or a stalled TLS hello are dropped.
    m_upgradeDeadline.setSingleShot(true);
    m_upgradeDeadline.setInterval(settings.handshakeTimeoutMs);
    connect(&m_upgradeDeadline, &QTimer::timeout, this, [this] {
        if (m_state == State::Upgrading || (m_state == State::Closing && !m_wasOpen))
            abort();
    });
    m_upgradeDeadline.start();
    if (m_secure && tls) {
        connect(m_secure, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
            qCDebug(lcGateway) << "TLS handshake with" << m_peer.toString()
                               << "failed:" << errors.value(0).errorString();
        });
        m_secure->setSslConfiguration(*tls);
        m_secure->startServerEncryption();
    }
}

ServerWebSocket::~ServerWebSocket()
{
    m_socket->disconnect(this); // its last signals must not reach a half-destroyed object
}

qint64 ServerWebSocket::bytesToWrite() const
{
    return m_socket->bytesToWrite() + (m_secure ? m_secure->encryptedBytesToWrite() : 0);
}

void ServerWebSocket::sendBinary(const QByteArray &payload)
{
    if (m_state == State::Open)
        m_socket->write(websocket::serverFrame(FrameReader::Kind::Binary, payload));
}

void ServerWebSocket::ping()
{
    if (m_state == State::Open)
        m_socket->write(websocket::serverFrame(FrameReader::Kind::Ping, {}));
}

void ServerWebSocket::close(quint16 code, const QString &reason, int graceMs)
{
    if (m_state == State::Upgrading)
        return abort();
    if (m_state != State::Open)
        return;
    m_state = State::Closing;
    m_socket->write(websocket::closeFrame(code, reason));
    m_closeDeadline.start(graceMs);
    readOnSoon(); // the client's answer may already wait, read or unread (reading was paused)
}

void ServerWebSocket::readOnSoon()
{
    // Not from here: the caller may be in the middle of something a message would change.
    QMetaObject::invokeMethod(
        this,
        [this] {
            deliver();
            if (!(m_paused && m_state == State::Open) && m_socket->bytesAvailable() > 0)
                onReadyRead();
        },
        Qt::QueuedConnection);
}

void ServerWebSocket::finish()
{
    // The server ends the TCP connection (RFC 6455 §7.1.1), but only its sending half, once
    // all is written, and reads on until the client closes: a socket closed with unread data
    // is reset, and what was still to be sent (a close frame, an HTTP error) would be lost.
    m_state = State::Closing;
    m_finishing = true;
    if (!m_closeDeadline.isActive())
        m_closeDeadline.start(kCloseHandshakeMs);
    onBytesWritten();
}

void ServerWebSocket::onBytesWritten()
{
    if (m_finishing && !m_writeShutDown && bytesToWrite() == 0) {
        m_writeShutDown = true;
        const qintptr fd = m_socket->socketDescriptor();
#ifdef Q_OS_UNIX
        ::shutdown(int(fd), SHUT_WR);
#else
        ::shutdown(SOCKET(fd), SD_SEND);
#endif
    }
    emit bytesWritten();
}

void ServerWebSocket::abort()
{
    if (m_state == State::Closed)
        return;
    m_socket->abort(); // emits disconnected() when it was connected
    onDisconnected();
}

void ServerWebSocket::onDisconnected()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    m_closeDeadline.stop();
    emit disconnected();
}

void ServerWebSocket::setReadingPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (!paused)
        readOnSoon();
}

void ServerWebSocket::onReadyRead()
{
    if (m_state == State::Upgrading)
        return readUpgrade();
    if (m_state == State::Closed) {
        m_socket->readAll();
        return;
    }
    if (m_paused && m_state == State::Open)
        return;
    readFrames(m_socket->readAll());
}

void ServerWebSocket::readUpgrade()
{
    // Read no further than the blank line: frames may follow in the same segment.
    while (m_state == State::Upgrading && m_socket->bytesAvailable() > 0) {
        const qsizetype end = m_upgradeRequest.indexOf("\r\n\r\n");
        if (end >= 0)
            break;
        m_upgradeRequest += m_socket->readLine(websocket::kMaxUpgradeBytes + 1);
        if (m_upgradeRequest.size() > websocket::kMaxUpgradeBytes) {
            qCDebug(lcGateway) << "upgrade request from" << m_peer.toString() << "too long";
            m_socket->write(websocket::upgradeTooLarge());
            finish();
            return;
        }
    }
    if (!m_upgradeRequest.endsWith("\r\n\r\n"))
        return; // more to come (the caller's deadline bounds the wait)
    const websocket::UpgradeAnswer answer =
        websocket::answerUpgrade(m_upgradeRequest, m_settings.allowedOrigins);
    m_upgradeRequest.clear();
    m_socket->write(answer.response);
    if (!answer.accepted) {
        qCDebug(lcGateway) << "upgrade from" << m_peer.toString() << "refused:" << answer.problem;
        finish();
        return;
    }
    m_state = State::Open;
    m_wasOpen = true;
    m_upgradeDeadline.stop();
    emit upgraded();
    if (m_state == State::Open && m_socket->bytesAvailable() > 0)
        readFrames(m_socket->readAll());
}

void ServerWebSocket::readFrames(const QByteArray &bytes)
{
    std::vector<FrameReader::Message> messages;
    if (!m_reader.feed(bytes, &messages))
        m_readFailed = true;
    for (FrameReader::Message &message : messages)
        m_read.push_back(std::move(message));
    deliver();
}

void ServerWebSocket::deliver()
{
    while (!m_read.empty() && !(m_paused && m_state == State::Open)) {
        if (m_state == State::Closed)
            return;
        FrameReader::Message message = std::move(m_read.front());
        m_read.pop_front();
        switch (message.kind) {
        case FrameReader::Kind::Binary:
            if (m_state == State::Open)
                emit binaryMessageReceived(message.payload);
            break;
        case FrameReader::Kind::Text:
            if (m_state == State::Open)
                emit textMessageReceived();
            break;
        case FrameReader::Kind::Ping:
            if (m_state == State::Open && bytesToWrite() < kMaxUnsentForPong)
                m_socket->write(websocket::serverFrame(FrameReader::Kind::Pong, message.payload));
            break;
        case FrameReader::Kind::Pong:
            emit pong();
            break;
        case FrameReader::Kind::Close:
            // The client's answer to our close, or its own close: answer it (echoing a code
            // it may send), then the server ends the TCP connection (RFC 6455 §7.1.1).
            m_read.clear();
            m_readFailed = false;
            if (m_state != State::Open) { // the answer to ours: both sides are done
                m_state = State::Closing;
                m_socket->disconnectFromHost();
                return;
            }
            m_socket->write(websocket::closeFrame(message.closeCode == websocket::close::kNoStatus
                                                      ? websocket::close::kNormal
                                                      : message.closeCode,
                                                  {}));
            finish();
            return;
        }
    }
    if (m_read.empty() && std::exchange(m_readFailed, false))
        failConnection(m_reader.failure().code, m_reader.failure().reason);
}

void ServerWebSocket::failConnection(quint16 code, const QString &reason)
{
    if (m_state != State::Open)
        return;
    qCDebug(lcGateway) << "closing connection from" << m_peer.toString() << "with" << code << ":"
                       << reason;
    m_socket->write(websocket::closeFrame(code, reason));
    finish();
}

} // namespace natter::server::gateway

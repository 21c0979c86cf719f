#include "client_connection.h"

#include "logging.h"
#include "request_router.h"

#include <QDateTime>
#include <QTimer>

namespace natter::server::gateway {

namespace {
constexpr int kCloseGraceMs = 10'000;
}

ClientConnection::ClientConnection(quint64 id, QWebSocket *socket, const protocol::Limits &limits,
                                   qint64 maxQueuedBytes, RequestRouter &router, QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_socket(socket)
    , m_maxQueuedBytes(maxQueuedBytes)
    , m_router(router)
    , m_lastHeardMs(QDateTime::currentMSecsSinceEpoch())
{
    m_socket->setParent(this);
    // Qt's defaults allow ~2 GiB per frame: set the advertised limit explicitly.
    m_socket->setMaxAllowedIncomingFrameSize(limits.maxFrameBytes);
    m_socket->setMaxAllowedIncomingMessageSize(limits.maxFrameBytes);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &ClientConnection::onBinaryMessage);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &ClientConnection::onTextMessage);
    connect(m_socket, &QWebSocket::pong, this,
            [this] { m_lastHeardMs = QDateTime::currentMSecsSinceEpoch(); });
    connect(m_socket, &QWebSocket::disconnected, this, [this] { emit closed(this); });
}

ClientConnection::~ClientConnection() = default;

void ClientConnection::signIn(const storage::UserRow &user, const QByteArray &tokenHash)
{
    m_user = user;
    m_tokenHash = tokenHash;
    emit signedIn(this);
}

void ClientConnection::signOut()
{
    if (!m_user)
        return;
    const quint64 userId = m_user->id;
    m_user.reset();
    m_tokenHash.clear();
    emit signedOut(this, userId);
}

void ClientConnection::send(const proto::Envelope &envelope)
{
    sendEncoded(protocol::encode(envelope));
}

void ClientConnection::sendEncoded(const QByteArray &frame)
{
    if (m_cutOff || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    // Unsent data beyond the bound means the client reads slower than its conversations
    // move: buffering more would grow without limit and help nobody. Cut it off with a clear
    // code; it reconnects and fetches what it missed by seq. Other clients never wait for it.
    if (m_socket->bytesToWrite() + frame.size() > m_maxQueuedBytes) {
        m_cutOff = true;
        qCInfo(lcGateway) << "connection" << m_id << "reads too slowly; closing it with"
                          << int(kCloseTooSlow);
        m_socket->close(kCloseTooSlow,
                        QStringLiteral("too far behind; reconnect and fetch missed messages"));
        // The close frame waits behind the unsent data: give it a while, then drop the line.
        QTimer::singleShot(kCloseGraceMs, m_socket, [socket = m_socket] { socket->abort(); });
        return;
    }
    m_socket->sendBinaryMessage(frame);
}

void ClientConnection::sendError(quint64 requestId, const Failure &failure)
{
    send(protocol::makeError(requestId, failure.code, failure.message));
}

void ClientConnection::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    m_socket->close(code, reason);
}

void ClientConnection::onBinaryMessage(const QByteArray &frame)
{
    m_lastHeardMs = QDateTime::currentMSecsSinceEpoch();
    auto envelope = protocol::decode(frame);
    if (!envelope) {
        qCDebug(lcGateway) << "connection" << m_id << "sent an undecodable frame";
        sendError(0, {proto::MALFORMED_FRAME,
                      QStringLiteral("the frame is not a valid natter Envelope")});
        return;
    }
    m_router.dispatch(*this, *envelope);
}

void ClientConnection::onTextMessage(const QString &)
{
    m_lastHeardMs = QDateTime::currentMSecsSinceEpoch();
    sendError(0, {proto::MALFORMED_FRAME,
                  QStringLiteral("text frames are not part of the protocol; send binary "
                                 "Envelope frames")});
}

} // namespace natter::server::gateway

#include "client_connection.h"

#include "socket_thread.h"

namespace natter::server::gateway {

ClientConnection::ClientConnection(quint64 id, SocketThread &socketThread, int signInTimeoutMs,
                                   QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_socketThread(socketThread)
{
    m_signInDeadline.setSingleShot(true);
    m_signInDeadline.setInterval(signInTimeoutMs);
    connect(&m_signInDeadline, &QTimer::timeout, this, [this] {
        close(QWebSocketProtocol::CloseCode(protocol::closecode::kSignInTimeout),
              QStringLiteral("sign in within %1 s of connecting")
                  .arg(m_signInDeadline.interval() / 1000.0));
    });
    m_signInDeadline.start();
}

ClientConnection::~ClientConnection() = default;

void ClientConnection::signIn(const storage::UserRow &user, const QByteArray &tokenHash)
{
    if (m_closed)
        return;
    m_user = user;
    m_tokenHash = tokenHash;
    m_signInDeadline.stop();
    emit signedIn(this);
}

void ClientConnection::signOut()
{
    if (!m_user)
        return;
    const quint64 userId = m_user->id;
    m_user.reset();
    m_tokenHash.clear();
    if (!m_closed)
        m_signInDeadline.start();
    emit signedOut(this, userId);
}

void ClientConnection::markClosed()
{
    m_closed = true;
    m_signInDeadline.stop();
    signOut();
}

void ClientConnection::send(const proto::Envelope &envelope)
{
    sendEncoded(protocol::encode(envelope));
}

void ClientConnection::sendEncoded(const QByteArray &frame)
{
    if (m_closed)
        return;
    m_socketThread.post(SocketCommand::send(m_id, frame));
}

void ClientConnection::sendError(quint64 requestId, const Failure &failure)
{
    send(protocol::makeError(requestId, failure.code, failure.message, failure.retryAfterMs));
}

void ClientConnection::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    m_socketThread.post(SocketCommand::close(m_id, code, reason));
}

} // namespace natter::server::gateway

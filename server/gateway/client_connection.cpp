#include "client_connection.h"

#include "socket_thread.h"

#include <QDateTime>

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
    m_sessionExpiry.setSingleShot(true);
    m_sessionExpiry.setTimerType(Qt::CoarseTimer);
    connect(&m_sessionExpiry, &QTimer::timeout, this, &ClientConnection::checkExpiry);
}

ClientConnection::~ClientConnection()
{
    *m_closedFlag = true;
}

void ClientConnection::signIn(const storage::UserRow &user, const QByteArray &tokenHash,
                              qint64 expiresAtMs)
{
    if (m_closed)
        return;
    m_user = user;
    m_tokenHash = tokenHash;
    m_expiresAtMs = expiresAtMs;
    m_signInDeadline.stop();
    checkExpiry();
    emit signedIn(this);
}

void ClientConnection::checkExpiry()
{
    if (!m_user)
        return;
    const qint64 left = m_expiresAtMs - QDateTime::currentMSecsSinceEpoch();
    if (left <= 0)
        return endSession(QStringLiteral("this session has expired"));
    // QTimer takes an int: sessions longer than ~24 days are checked again on the way.
    m_sessionExpiry.start(int(qMin<qint64>(left, std::numeric_limits<int>::max())));
}

void ClientConnection::endSession(const QString &reason)
{
    signOut();
    close(QWebSocketProtocol::CloseCode(protocol::closecode::kSessionEnded),
          reason + QStringLiteral("; sign in again"));
}

void ClientConnection::signOut()
{
    if (!m_user)
        return;
    const quint64 userId = m_user->id;
    const QByteArray tokenHash = m_tokenHash;
    m_user.reset();
    m_tokenHash.clear();
    m_sessionExpiry.stop();
    if (!m_closed)
        m_signInDeadline.start();
    emit signedOut(this, userId, tokenHash);
}

void ClientConnection::markClosed()
{
    m_closed = true;
    *m_closedFlag = true;
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

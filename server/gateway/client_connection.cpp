#include "gateway/client_connection.h"

#include "gateway/socket_thread.h"

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
        close(protocol::closecode::kSignInTimeout,
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

void ClientConnection::signIn(const services::UserIdentity &user, const QByteArray &tokenHash,
                              qint64 expiresAtMs)
{
    if (m_closed)
        return;
    m_user = user;
    m_tokenHash = tokenHash;
    m_expiresAtMs = expiresAtMs;
    m_signInDeadline.stop();
    emit signedIn(this);
    checkExpiry(); // after signedIn: an already expired session signs out through the index
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
    close(protocol::closecode::kSessionEnded, reason + QStringLiteral("; sign in again"));
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

void ClientConnection::setDispatch(Dispatch dispatch, int maxInFlight, int maxWaiting)
{
    m_dispatch = std::move(dispatch);
    m_maxInFlight = maxInFlight;
    m_maxWaiting = maxWaiting;
}

void ClientConnection::received(proto::Envelope request)
{
    if (m_closed)
        return;
    if (request.request_id() == 0) // its reply could not be matched, nor its place freed
        return sendError(0, {proto::INVALID_ARGUMENT,
                             QStringLiteral("request_id must not be 0; number your requests")});
    if (int(m_waiting.size()) >= m_maxWaiting) {
        m_waiting.clear();
        m_closed = true; // nothing more from or to it but the close
        *m_closedFlag = true;
        m_socketThread.post(SocketCommand::close(
            m_id, protocol::closecode::kTooManyRequests,
            QStringLiteral("more than %1 requests waiting; wait for replies before sending "
                           "more")
                .arg(m_maxWaiting)));
        return;
    }
    m_waiting.push_back(std::move(request));
    drain();
}

void ClientConnection::drain()
{
    // Replies given during a dispatch come back here; the outer loop goes on.
    if (m_draining)
        return;
    m_draining = true;
    while (m_inFlight < m_maxInFlight && !m_waiting.empty() && !m_closed) {
        const proto::Envelope request = std::move(m_waiting.front());
        m_waiting.pop_front();
        ++m_inFlight;
        m_dispatch(*this, request);
    }
    m_draining = false;
}

void ClientConnection::send(const proto::Envelope &envelope)
{
    answer(envelope, envelope.request_id() != 0);
}

void ClientConnection::sendEncodedReply(quint64 requestId, QByteArray frame)
{
    answer(std::move(frame), requestId, true);
}

void ClientConnection::answer(const proto::Envelope &envelope, bool answersFrame)
{
    // Nothing to encode for a connection that is gone; its request's place is freed all the same.
    answer(m_closed ? QByteArray() : protocol::encode(envelope), envelope.request_id(),
           answersFrame);
}

void ClientConnection::answer(QByteArray frame, quint64 requestId, bool answersFrame)
{
    const bool reply = requestId != 0 && m_inFlight > 0;
    // The socket thread counts answers: it reads no further while many frames wait for one.
    if (!m_closed)
        m_socketThread.post(SocketCommand::send(m_id, std::move(frame), answersFrame));
    // After the frame: replies of requests dispatched now must not overtake this one.
    if (reply) {
        --m_inFlight;
        drain();
    }
}

void ClientConnection::sendEncoded(const QByteArray &frame)
{
    if (m_closed)
        return;
    m_socketThread.post(SocketCommand::send(m_id, frame));
}

void ClientConnection::sendError(quint64 requestId, const Failure &failure)
{
    // Every error answers a frame: a request, or one without a usable request_id.
    answer(protocol::makeError(requestId, failure.code, failure.message, failure.retryAfterMs),
           true);
}

void ClientConnection::close(quint16 code, const QString &reason)
{
    m_socketThread.post(SocketCommand::close(m_id, code, reason));
}

} // namespace natter::server::gateway

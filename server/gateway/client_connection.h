#pragma once

#include "protocol.h"
#include "result.h"
#include "services/user_identity.h"

#include <QObject>
#include <QTimer>
#include <QWebSocketProtocol>
#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <optional>

namespace natter::server::gateway {

class SocketThread;

/// One client's session on the service thread: the protocol state (Hello done, signed-in
/// user) and the way back to its socket, which a gateway thread serves. Sending never
/// blocks: frames are handed to that thread.
class ClientConnection : public QObject {
    Q_OBJECT
public:
    /// A connection not signed in `signInTimeoutMs` after it opened (or after it signed out)
    /// is closed: an open socket costs a descriptor and memory whoever holds it.
    ClientConnection(quint64 id, SocketThread &socketThread, int signInTimeoutMs,
                     QObject *parent = nullptr);
    ~ClientConnection() override;

    [[nodiscard]] quint64 id() const { return m_id; }
    [[nodiscard]] const QString &peerAddress() const { return m_peerAddress; }
    void setPeerAddress(const QString &address) { m_peerAddress = address; }
    /// Becomes true when the socket closes: work done only for this connection (a password
    /// hash) can be skipped from any thread.
    [[nodiscard]] std::shared_ptr<const std::atomic_bool> closedFlag() const
    {
        return m_closedFlag;
    }
    [[nodiscard]] SocketThread &socketThread() const { return m_socketThread; }
    [[nodiscard]] bool helloDone() const { return m_helloDone; }
    void setHelloDone() { m_helloDone = true; }

    [[nodiscard]] const std::optional<services::UserIdentity> &user() const { return m_user; }
    [[nodiscard]] const QByteArray &tokenHash() const { return m_tokenHash; }
    /// Ignored once the socket has closed (a sign-in answer can arrive after that). The
    /// connection closes by itself when the session expires.
    void signIn(const services::UserIdentity &user, const QByteArray &tokenHash,
                qint64 expiresAtMs);
    /// The session was revoked: sign out and close, telling the client why.
    void endSession(const QString &reason);
    void signOut();
    /// The socket is gone: sign out, and take no new session or frames from here on.
    void markClosed();

    /// What to do with requests, and how many may be answered at a time: beyond
    /// `maxInFlight` they wait here, and a connection with more than `maxWaiting` waiting is
    /// closed (4009) — one connection cannot queue unbounded work.
    using Dispatch = std::function<void(ClientConnection &, const proto::Envelope &)>;
    void setDispatch(Dispatch dispatch, int maxInFlight, int maxWaiting);
    /// A request arrived from the socket.
    void received(proto::Envelope request);
    /// Requests are being answered or wait their turn.
    [[nodiscard]] bool busy() const { return m_inFlight > 0 || !m_waiting.empty(); }

    /// A reply (request_id set) frees its request's place.
    void send(const proto::Envelope &envelope);
    void sendEncoded(const QByteArray &frame);
    /// A reply encoded beforehand (protocol::encodeReply): frees its request's place as send().
    void sendEncodedReply(quint64 requestId, QByteArray frame);
    /// Answers a frame: `requestId` 0 for frames without a usable one.
    void sendError(quint64 requestId, const Failure &failure);
    /// `code`: a WebSocket close code (RFC 6455 or natterd's 4000-4999).
    void close(quint16 code, const QString &reason);

private:
    void checkExpiry();
    void drain();
    /// `answersFrame`: the socket thread counts it against the frames it read.
    void answer(const proto::Envelope &envelope, bool answersFrame);
    void answer(QByteArray frame, quint64 requestId, bool answersFrame);

signals:
    void signedIn(natter::server::gateway::ClientConnection *connection);
    void signedOut(natter::server::gateway::ClientConnection *connection, quint64 userId,
                   const QByteArray &tokenHash);

private:
    quint64 m_id;
    SocketThread &m_socketThread;
    bool m_helloDone = false;
    bool m_closed = false;
    QString m_peerAddress;
    std::shared_ptr<std::atomic_bool> m_closedFlag = std::make_shared<std::atomic_bool>(false);
    QTimer m_signInDeadline;
    Dispatch m_dispatch;
    int m_maxInFlight = 64;
    int m_maxWaiting = 1000;
    int m_inFlight = 0;
    bool m_draining = false;
    std::deque<proto::Envelope> m_waiting;
    QTimer m_sessionExpiry;
    qint64 m_expiresAtMs = 0;
    std::optional<services::UserIdentity> m_user;
    QByteArray m_tokenHash;
};

} // namespace natter::server::gateway

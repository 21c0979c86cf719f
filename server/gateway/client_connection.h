#pragma once

#include "protocol.h"
#include "result.h"
#include "storage/user_store.h"

#include <QObject>
#include <QWebSocket>
#include <optional>

namespace natter::server::gateway {

class RequestRouter;

/// One client's WebSocket: decodes frames, hands requests to the router, sends replies and
/// events, and holds the connection's protocol state (Hello done, signed-in user).
class ClientConnection : public QObject {
    Q_OBJECT
public:
    /// `maxQueuedBytes`: how much may wait unsent for this client before it is cut off.
    ClientConnection(quint64 id, QWebSocket *socket, const protocol::Limits &limits,
                     qint64 maxQueuedBytes, RequestRouter &router, QObject *parent = nullptr);

    /// Close code for a client that reads too slowly; it reconnects and catches up by seq.
    static constexpr auto kCloseTooSlow = QWebSocketProtocol::CloseCode(4008);
    ~ClientConnection() override;

    [[nodiscard]] quint64 id() const { return m_id; }
    [[nodiscard]] bool helloDone() const { return m_helloDone; }
    void setHelloDone() { m_helloDone = true; }

    [[nodiscard]] const std::optional<storage::UserRow> &user() const { return m_user; }
    [[nodiscard]] const QByteArray &tokenHash() const { return m_tokenHash; }
    void signIn(const storage::UserRow &user, const QByteArray &tokenHash);
    void signOut();

    void send(const proto::Envelope &envelope);
    void sendEncoded(const QByteArray &frame);
    void sendError(quint64 requestId, const Failure &failure);
    void close(QWebSocketProtocol::CloseCode code, const QString &reason);

    [[nodiscard]] qint64 lastHeardMs() const { return m_lastHeardMs; }
    void ping() { m_socket->ping(); }

signals:
    void signedIn(natter::server::gateway::ClientConnection *connection);
    void signedOut(natter::server::gateway::ClientConnection *connection, quint64 userId);
    void closed(natter::server::gateway::ClientConnection *connection);

private:
    void onBinaryMessage(const QByteArray &frame);
    void onTextMessage(const QString &text);

    quint64 m_id;
    QWebSocket *m_socket;
    qint64 m_maxQueuedBytes;
    bool m_cutOff = false;
    RequestRouter &m_router;
    bool m_helloDone = false;
    std::optional<storage::UserRow> m_user;
    QByteArray m_tokenHash;
    qint64 m_lastHeardMs = 0;
};

} // namespace natter::server::gateway

#pragma once

#include "gateway/connection_limiter.h"
#include "gateway/mailbox.h"
#include "gateway/tls_credentials.h"
#include "protocol.h"

#include <QSemaphore>
#include <QStringList>
#include <QThread>
#include <QWebSocketProtocol>
#include <atomic>
#include <functional>
#include <memory>

namespace natter::server::gateway {

/// What a socket thread reports to the gateway, in the order it happened per connection:
/// Opened first, Closed last.
struct SocketEvent {
    enum class Kind { Opened, Request, BadFrame, Closed };
    Kind kind = Kind::Opened;
    quint64 connectionId = 0;
    int thread = 0;          // Opened: the socket thread that serves the connection
    proto::Envelope request; // Request: the decoded frame
    QString text;            // Opened: the peer's address; BadFrame: what was wrong
};

/// What the gateway asks a socket thread to do with one of its connections.
struct SocketCommand {
    enum class Kind { Send, Close };
    Kind kind = Kind::Send;
    quint64 connectionId = 0;
    QByteArray frame; // Send: an encoded Envelope
    // A number, not QWebSocketProtocol::CloseCode: natterd's own codes (4000-4999) are
    // outside that enum's range, and loading such a value is undefined behaviour.
    quint16 closeCode = QWebSocketProtocol::CloseCodeNormal;
    QString reason;     // Close
    bool reply = false; // Send: answers a frame the client sent (reply or error), not an event

    static SocketCommand send(quint64 id, const QByteArray &frame, bool reply = false)
    {
        return {Kind::Send, id, frame, QWebSocketProtocol::CloseCodeNormal, {}, reply};
    }
    static SocketCommand close(quint64 id, quint16 code, const QString &reason)
    {
        return {Kind::Close, id, {}, code, reason, false};
    }
};

struct SocketSettings {
    protocol::Limits limits;
    qint64 maxQueuedBytes = 16 * 1024 * 1024; // unsent bytes before a connection is cut off
    qint64 maxQueuedBytesTotal = 1LL << 30;   // ... of all connections together
    // Requests read and not yet answered beyond which a connection is no longer read: its
    // further frames wait in the kernel's buffers and TCP slows the client down.
    int maxUnansweredRequests = 128;
    int handshakeTimeoutMs = 10'000;     // from accept to a finished WebSocket upgrade
    QStringList allowedOrigins;          // browser origins that may connect (none: no page)
    std::shared_ptr<TlsCredentials> tls; // wss:// when set
};

/// A connection the listener accepted and admitted.
struct AcceptedSocket {
    qintptr descriptor = -1;
    QHostAddress peer;
};

class SocketWorker;

/// One gateway thread: does the WebSocket handshakes, framing, protobuf decoding, writes,
/// heartbeats and back-pressure of its share of the connections, so that no connection's
/// socket work waits for the service thread or for another connection. It knows nothing of
/// sessions: requests go to the gateway as events, replies come back as commands.
///
/// accept(), post() and postAll() are called from the gateway's thread only.
class SocketThread : public QThread {
public:
    using EventSink = std::function<void(SocketEvent)>;

    /// `sink` is called on this thread; `nextId` hands out connection ids across threads.
    /// Each socket is released from `limiter` when it is gone; `queuedTotal` counts the
    /// unsent bytes of every thread's connections.
    SocketThread(int index, const SocketSettings &settings, EventSink sink,
                 std::atomic<quint64> &nextId, ConnectionLimiter &limiter,
                 std::atomic<qint64> &queuedTotal);
    ~SocketThread() override;

    /// Starts the thread and returns once it can take sockets.
    void startServing();
    /// Ends the thread; connections still open are dropped.
    void stopServing();

    /// Hands over an accepted TCP connection; the WebSocket is created on this thread.
    void accept(AcceptedSocket socket);
    void post(SocketCommand command);
    void postAll(std::vector<SocketCommand> &commands);

    [[nodiscard]] int index() const { return m_index; }

protected:
    void run() override;

private:
    friend class SocketWorker;
    void wakeWorker();

    int m_index;
    SocketSettings m_settings;
    EventSink m_sink;
    std::atomic<quint64> &m_nextId;
    ConnectionLimiter &m_limiter;
    std::atomic<qint64> &m_queuedTotal;
    Mailbox<AcceptedSocket> m_accepted;
    Mailbox<SocketCommand> m_commands;
    QSemaphore m_ready;
    SocketWorker *m_worker = nullptr; // lives on this thread between startServing and stop
};

} // namespace natter::server::gateway

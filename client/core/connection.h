#pragma once

#include "clock.h"
#include "protocol.h"
#include "result.h"
#include "transport.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <functional>
#include <memory>

namespace natter::client {

/// One link to natterd (a WebSocket unless a test gives another Transport): sends Hello on every
/// (re)connect, matches replies to requests by id, fails requests that time out or lose their
/// connection, keeps the link alive with pings, and reconnects with exponential backoff and jitter
/// after an unexpected drop.
class Connection : public QObject {
    Q_OBJECT
public:
    enum class State { Disconnected, Connecting, Ready, WaitingToReconnect };
    Q_ENUM(State)

    using ReplyHandler = std::function<void(Result<proto::Envelope>)>;
    /// A uniformly random int in [0, bound).
    using RandomSource = std::function<int(int bound)>;

    explicit Connection(QString clientName, QObject *parent = nullptr);
    ~Connection() override;

    void open(const QUrl &url);
    /// Closes on purpose: no reconnect until open() is called again.
    void close();
    void setAutoReconnect(bool enabled) { m_autoReconnect = enabled; }
    [[nodiscard]] bool autoReconnects() const { return m_autoReconnect; }
    void setRequestTimeout(int ms) { m_requestTimeoutMs = ms; }
    /// Trusts the server certificate with this SHA-256 fingerprint (hex, colons allowed)
    /// although the system does not, e.g. a self-signed one the admin confirmed.
    void setTrustedCertificate(const QString &sha256Fingerprint);

    /// Replaces the transport, the clock or the jitter's random source (tests: fakes they
    /// drive). Only while Disconnected, before open().
    void setTransport(std::unique_ptr<Transport> transport);
    void setClock(std::unique_ptr<Clock> clock);
    void setRandomSource(RandomSource random) { m_random = std::move(random); }

    [[nodiscard]] State state() const { return m_state; }
    /// Milliseconds until the next reconnect attempt while WaitingToReconnect.
    [[nodiscard]] int reconnectDelayMs() const { return m_reconnectTimer->remainingMs(); }
    /// Requests sent and not answered yet.
    [[nodiscard]] qsizetype pendingRequests() const { return m_pending.size(); }
    /// Skips the remaining backoff (the network came back, the machine woke up).
    void reconnectNow();
    [[nodiscard]] const protocol::Limits &limits() const { return m_limits; }
    [[nodiscard]] QString serverVersion() const { return m_serverVersion; }

    /// Sends a request (its request_id is assigned here). `done` gets the reply envelope, or a
    /// failure: the server's typed error, TIMEOUT or DISCONNECTED. Requires state() == Ready.
    /// With a `context`: `done` is dropped when it has been destroyed by then.
    void request(proto::Envelope envelope, ReplyHandler done, QObject *context = nullptr);
    /// Sends raw bytes as one binary frame: for tests of the server's input handling.
    void sendRawFrame(const QByteArray &frame) { m_transport->sendBinary(frame); }
    /// How the server closed the last connection (e.g. 4001: session ended).
    [[nodiscard]] int lastCloseCode() const { return m_transport->closeCode(); }
    void sendTextFrame(const QString &text) { m_transport->sendText(text); }

signals:
    void stateChanged(natter::client::Connection::State state);
    /// Hello succeeded: requests may be sent.
    void ready();
    /// The connection could not be used; `reason` is readable (unreachable, incompatible...).
    void failed(const QString &reason, proto::ErrorCode code);
    void eventReceived(const natter::proto::Envelope &event);
    /// A frame the server sent without a request id that is an error (e.g. MALFORMED_FRAME).
    void serverError(const natter::proto::Error &error);

private:
    void setState(State state);
    void makeTimers();
    void connectTransport();
    void send(proto::Envelope envelope, ReplyHandler done, QObject *context);
    void onHeartbeat();
    void onConnected();
    void onDisconnected();
    void onFrame(const QByteArray &frame);
    void failPending(proto::ErrorCode code, const QString &message);
    void checkDeadlines();
    void scheduleReconnect();
    void sendHello();

    struct Pending {
        ReplyHandler done;
        qint64 deadlineMs;
        QPointer<QObject> context; // when guarded: the answer goes nowhere once it is gone
        bool guarded = false;
    };

    QString m_clientName;
    std::unique_ptr<Transport> m_transport;
    // Before the timers: they run on it and go first.
    std::unique_ptr<Clock> m_clock;
    RandomSource m_random;
    QUrl m_url;
    State m_state = State::Disconnected;
    bool m_autoReconnect = true;
    bool m_closing = false;
    int m_attempt = 0;
    int m_requestTimeoutMs = 15'000;
    quint64 m_nextRequestId = 1;
    QHash<quint64, Pending> m_pending;
    std::unique_ptr<ClockTimer> m_deadlineTimer;
    std::unique_ptr<ClockTimer> m_reconnectTimer;
    std::unique_ptr<ClockTimer> m_heartbeat;
    std::unique_ptr<ClockTimer> m_handshakeTimer; // Connecting for too long: give up, retry
    qint64 m_lastPongMs = 0; // monotonic: a wall clock set back must not hide a dead link
    // Wall clock against monotonic clock at the last heartbeat: when the wall clock ran ahead,
    // the machine was asleep and the link is certainly dead.
    qint64 m_lastBeatWallMs = 0;
    qint64 m_lastBeatMonotonicMs = 0;
    protocol::Limits m_limits;
    QString m_serverVersion;
    QByteArray m_trustedFingerprint; // SHA-256, raw bytes
};

} // namespace natter::client

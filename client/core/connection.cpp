#include "connection.h"

#include <QRandomGenerator>

namespace natter::client {

namespace {
constexpr int kHeartbeatMs = 30'000;
constexpr int kPongGraceMs = 10'000;
constexpr int kBackoffBaseMs = 500;
constexpr int kBackoffMaxMs = 30'000;
constexpr int kDeadlineCheckMs = 250;
// Connect, upgrade and Hello must be done by then: a listener that accepts and never answers
// (a server restarting under socket activation, a hung proxy) must not hold the client.
constexpr int kHandshakeTimeoutMs = 20'000;
} // namespace

Connection::Connection(QString clientName, QObject *parent)
    : QObject(parent)
    , m_clientName(std::move(clientName))
    , m_transport(std::make_unique<WebSocketTransport>())
    , m_clock(std::make_unique<SystemClock>())
    , m_random([](int bound) { return QRandomGenerator::global()->bounded(bound); })
{
    connectTransport();
    makeTimers();
}

Connection::~Connection()
{
    m_closing = true;
    m_transport->disconnect(this);
    m_transport->abort();
}

void Connection::connectTransport()
{
    connect(m_transport.get(), &Transport::connected, this, &Connection::onConnected);
    connect(m_transport.get(), &Transport::disconnected, this, &Connection::onDisconnected);
    connect(m_transport.get(), &Transport::binaryReceived, this, &Connection::onFrame);
    connect(m_transport.get(), &Transport::pong, this,
            [this] { m_lastPongMs = m_clock->monotonicMs(); });
    m_transport->setTrustedCertificate(m_trustedFingerprint);
}

void Connection::makeTimers()
{
    // The callbacks go with the timers, which this connection owns.
    m_deadlineTimer = m_clock->createTimer(true, Qt::CoarseTimer, [this] { checkDeadlines(); });
    m_reconnectTimer = m_clock->createTimer(false, Qt::CoarseTimer, [this] {
        setState(State::Connecting);
        m_transport->open(m_url);
    });
    m_heartbeat = m_clock->createTimer(true, Qt::VeryCoarseTimer, [this] { onHeartbeat(); });
    m_handshakeTimer = m_clock->createTimer(false, Qt::CoarseTimer, [this] {
        if (m_state == State::Connecting)
            m_transport->abort(); // reported as unreachable; the backoff takes over
    });
}

void Connection::setTransport(std::unique_ptr<Transport> transport)
{
    Q_ASSERT(m_state == State::Disconnected);
    m_transport->disconnect(this);
    m_transport->abort();
    m_transport = std::move(transport);
    connectTransport();
}

void Connection::setClock(std::unique_ptr<Clock> clock)
{
    Q_ASSERT(m_state == State::Disconnected);
    // The old timers run on the old clock: they go first.
    m_deadlineTimer.reset();
    m_reconnectTimer.reset();
    m_heartbeat.reset();
    m_handshakeTimer.reset();
    m_clock = std::move(clock);
    makeTimers();
}

void Connection::setTrustedCertificate(const QString &sha256Fingerprint)
{
    QString hex = sha256Fingerprint;
    hex.remove(QLatin1Char(':'));
    if (hex.startsWith(QLatin1String("SHA256"), Qt::CaseInsensitive))
        hex = hex.mid(6);
    m_trustedFingerprint = QByteArray::fromHex(hex.toLatin1());
    m_transport->setTrustedCertificate(m_trustedFingerprint);
}

void Connection::open(const QUrl &url)
{
    m_url = url;
    m_closing = false;
    m_attempt = 0;
    setState(State::Connecting);
    m_transport->open(url);
}

void Connection::close()
{
    m_closing = true;
    m_reconnectTimer->stop();
    m_transport->close();
    if (m_state == State::WaitingToReconnect)
        setState(State::Disconnected);
}

void Connection::reconnectNow()
{
    if (m_state != State::WaitingToReconnect)
        return;
    m_reconnectTimer->stop();
    m_attempt = 0;
    setState(State::Connecting);
    m_transport->open(m_url);
}

void Connection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    if (state == State::Connecting)
        m_handshakeTimer->start(kHandshakeTimeoutMs);
    else
        m_handshakeTimer->stop();
    emit stateChanged(state);
}

void Connection::onConnected()
{
    m_lastPongMs = m_clock->monotonicMs();
    m_lastBeatWallMs = m_clock->wallMs();
    m_lastBeatMonotonicMs = m_clock->monotonicMs();
    m_heartbeat->start(kHeartbeatMs);
    sendHello();
}

void Connection::onHeartbeat()
{
    const qint64 wall = m_clock->wallMs();
    const qint64 monotonic = m_clock->monotonicMs();
    const bool slept =
        (wall - m_lastBeatWallMs) - (monotonic - m_lastBeatMonotonicMs) > kPongGraceMs;
    m_lastBeatWallMs = wall;
    m_lastBeatMonotonicMs = monotonic;
    if (slept || monotonic - m_lastPongMs > kHeartbeatMs + kPongGraceMs) {
        m_transport->abort(); // a dead link: reconnect instead of waiting for TCP to notice
        return;
    }
    m_transport->ping();
}

void Connection::sendHello()
{
    proto::Envelope hello;
    hello.mutable_hello()->set_protocol_version(protocol::kProtocolVersion);
    hello.mutable_hello()->set_client_name(protocol::toStd(m_clientName));
    send(
        hello,
        [this](Result<proto::Envelope> reply) {
            if (!reply.ok()) {
                emit failed(reply.failure().message, reply.failure().code);
                if (reply.failure().code == proto::UNSUPPORTED_VERSION) {
                    // Reconnecting cannot help an incompatible client.
                    m_closing = true;
                    m_transport->close();
                }
                return;
            }
            const auto &answer = reply.value().hello_reply();
            m_limits = protocol::Limits::fromProto(answer.limits());
            m_serverVersion = protocol::fromStd(answer.server_version());
            m_attempt = 0;
            setState(State::Ready);
            emit ready();
        },
        nullptr);
}

void Connection::onDisconnected()
{
    m_heartbeat->stop();
    const QString reason = m_transport->errorString();
    failPending(proto::DISCONNECTED,
                QStringLiteral("the connection to the server was lost; try again"));
    if (m_state == State::Connecting && !m_closing)
        emit failed(
            QStringLiteral("cannot reach the server at %1: %2").arg(m_url.toString(), reason),
            proto::DISCONNECTED);
    if (m_closing || !m_autoReconnect) {
        setState(State::Disconnected);
        return;
    }
    scheduleReconnect();
}

void Connection::scheduleReconnect()
{
    const int exponent = qMin(m_attempt, 10);
    const int ceiling = qMin(kBackoffMaxMs, kBackoffBaseMs << exponent);
    // Full jitter between half and all of the ceiling: clients dropped together spread out.
    const int delay = ceiling / 2 + m_random(ceiling / 2 + 1);
    ++m_attempt;
    setState(State::WaitingToReconnect);
    m_reconnectTimer->start(delay);
}

void Connection::request(proto::Envelope envelope, ReplyHandler done, QObject *context)
{
    // Hello first: the server takes nothing else before it.
    if (m_state != State::Ready) {
        done(Failure{proto::DISCONNECTED, QStringLiteral("not connected to the server")});
        return;
    }
    send(std::move(envelope), std::move(done), context);
}

void Connection::send(proto::Envelope envelope, ReplyHandler done, QObject *context)
{
    if (!m_transport->isConnected()) {
        done(Failure{proto::DISCONNECTED, QStringLiteral("not connected to the server")});
        return;
    }
    const quint64 id = m_nextRequestId++;
    envelope.set_request_id(id);
    m_pending.insert(id, Pending{std::move(done), m_clock->monotonicMs() + m_requestTimeoutMs,
                                 context, context != nullptr});
    if (!m_deadlineTimer->isActive())
        m_deadlineTimer->start(kDeadlineCheckMs);
    m_transport->sendBinary(protocol::encode(envelope));
}

void Connection::onFrame(const QByteArray &frame)
{
    auto envelope = protocol::decode(frame);
    if (!envelope)
        return; // a broken server frame: nothing sensible to answer
    if (envelope->request_id() == 0) {
        if (envelope->has_error())
            emit serverError(envelope->error());
        else
            emit eventReceived(*envelope);
        return;
    }
    auto it = m_pending.find(envelope->request_id());
    if (it == m_pending.end())
        return; // the request already timed out
    Pending pending = std::move(*it);
    m_pending.erase(it);
    if (m_pending.isEmpty())
        m_deadlineTimer->stop();
    if (pending.guarded && !pending.context)
        return; // its requester is gone
    const ReplyHandler &done = pending.done;
    if (envelope->has_error())
        done(Failure{envelope->error().code(), protocol::fromStd(envelope->error().message()),
                     envelope->error().retry_after_ms()});
    else
        done(std::move(*envelope));
}

void Connection::failPending(proto::ErrorCode code, const QString &message)
{
    auto pending = std::exchange(m_pending, {});
    m_deadlineTimer->stop();
    for (auto &p : pending) {
        if (!p.guarded || p.context)
            p.done(Failure{code, message});
    }
}

void Connection::checkDeadlines()
{
    const qint64 now = m_clock->monotonicMs();
    QList<Pending> expired;
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (it->deadlineMs <= now) {
            expired.append(std::move(*it));
            it = m_pending.erase(it);
        } else {
            ++it;
        }
    }
    if (m_pending.isEmpty())
        m_deadlineTimer->stop();
    for (auto &p : expired) {
        if (!p.guarded || p.context) // a callback before may have destroyed a later context
            p.done(Failure{proto::TIMEOUT, QStringLiteral("the server did not answer in time")});
    }
}

} // namespace natter::client

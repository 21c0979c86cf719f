#include "connection.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QRandomGenerator>
#include <QSslConfiguration>

namespace natter::client {

namespace {
constexpr int kHeartbeatMs = 30'000;
constexpr int kPongGraceMs = 10'000;
constexpr int kBackoffBaseMs = 500;
constexpr int kBackoffMaxMs = 30'000;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace

Connection::Connection(QString clientName, QObject *parent)
    : QObject(parent)
    , m_clientName(std::move(clientName))
{
    // Until Hello tells the real limits, accept what any natterd may send.
    m_socket.setMaxAllowedIncomingFrameSize(64 * 1024 * 1024);
    m_socket.setMaxAllowedIncomingMessageSize(64 * 1024 * 1024);
    connect(&m_socket, &QWebSocket::connected, this, &Connection::onConnected);
    connect(&m_socket, &QWebSocket::disconnected, this, &Connection::onDisconnected);
    connect(&m_socket, &QWebSocket::binaryMessageReceived, this, &Connection::onFrame);
    connect(&m_socket, &QWebSocket::pong, this, [this] { m_lastPongMs = nowMs(); });
    connect(&m_socket, &QWebSocket::sslErrors, this, &Connection::onSslErrors);

    m_deadlineTimer.setInterval(250);
    connect(&m_deadlineTimer, &QTimer::timeout, this, &Connection::checkDeadlines);
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, [this] {
        setState(State::Connecting);
        m_socket.open(m_url);
    });
    m_heartbeat.setInterval(kHeartbeatMs);
    m_heartbeat.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_heartbeat, &QTimer::timeout, this, [this] {
        const qint64 wallDelta = nowMs() - m_lastBeatWallMs;
        const bool slept =
            m_sinceLastBeat.isValid() && wallDelta - m_sinceLastBeat.elapsed() > kPongGraceMs;
        m_lastBeatWallMs = nowMs();
        m_sinceLastBeat.start();
        if (slept || nowMs() - m_lastPongMs > kHeartbeatMs + kPongGraceMs) {
            m_socket.abort(); // a dead link: reconnect instead of waiting for TCP to notice
            return;
        }
        m_socket.ping();
    });
}

Connection::~Connection()
{
    m_closing = true;
    m_socket.disconnect(this);
    m_socket.abort();
}

void Connection::setTrustedCertificate(const QString &sha256Fingerprint)
{
    QString hex = sha256Fingerprint;
    hex.remove(QLatin1Char(':'));
    if (hex.startsWith(QLatin1String("SHA256"), Qt::CaseInsensitive))
        hex = hex.mid(6);
    m_trustedFingerprint = QByteArray::fromHex(hex.toLatin1());
}

void Connection::onSslErrors(const QList<QSslError> &errors)
{
    QSslCertificate certificate = m_socket.sslConfiguration().peerCertificate();
    if (certificate.isNull() && !errors.isEmpty())
        certificate = errors.constFirst().certificate();
    const QByteArray fingerprint = certificate.digest(QCryptographicHash::Sha256);
    if (!m_trustedFingerprint.isEmpty() && fingerprint == m_trustedFingerprint) {
        m_socket.ignoreSslErrors();
        return;
    }
    QStringList reasons;
    for (const QSslError &error : errors)
        reasons.append(error.errorString());
    const QString colons = QString::fromLatin1(fingerprint.toHex(':')).toUpper();
    m_tlsProblem = m_trustedFingerprint.isEmpty()
                       ? QStringLiteral("the server's certificate is not trusted (%1). If the "
                                        "server's admin confirms its SHA-256 fingerprint %2, "
                                        "pass --trust-cert %2")
                             .arg(reasons.join(QStringLiteral("; ")), colons)
                       : QStringLiteral("the server's certificate is not the trusted one (%1; its "
                                        "SHA-256 fingerprint is %2); ask the admin whether it "
                                        "changed")
                             .arg(reasons.join(QStringLiteral("; ")), colons);
}

void Connection::open(const QUrl &url)
{
    m_url = url;
    m_closing = false;
    m_attempt = 0;
    setState(State::Connecting);
    m_socket.open(url);
}

void Connection::close()
{
    m_closing = true;
    m_reconnectTimer.stop();
    m_socket.close();
    if (m_state == State::WaitingToReconnect)
        setState(State::Disconnected);
}

void Connection::reconnectNow()
{
    if (m_state != State::WaitingToReconnect)
        return;
    m_reconnectTimer.stop();
    m_attempt = 0;
    setState(State::Connecting);
    m_socket.open(m_url);
}

void Connection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void Connection::onConnected()
{
    m_lastPongMs = nowMs();
    m_lastBeatWallMs = nowMs();
    m_sinceLastBeat.start();
    m_heartbeat.start();
    sendHello();
}

void Connection::sendHello()
{
    proto::Envelope hello;
    hello.mutable_hello()->set_protocol_version(protocol::kProtocolVersion);
    hello.mutable_hello()->set_client_name(protocol::toStd(m_clientName));
    request(hello, [this](Result<proto::Envelope> reply) {
        if (!reply.ok()) {
            emit failed(reply.failure().message, reply.failure().code);
            if (reply.failure().code == proto::UNSUPPORTED_VERSION) {
                // Reconnecting cannot help an incompatible client.
                m_closing = true;
                m_socket.close();
            }
            return;
        }
        const auto &answer = reply.value().hello_reply();
        m_limits = protocol::Limits::fromProto(answer.limits());
        m_serverVersion = protocol::fromStd(answer.server_version());
        m_attempt = 0;
        setState(State::Ready);
        emit ready();
    });
}

void Connection::onDisconnected()
{
    m_heartbeat.stop();
    const QString reason = m_tlsProblem.isEmpty() ? m_socket.errorString() : m_tlsProblem;
    m_tlsProblem.clear();
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
    const int delay = ceiling / 2 + int(QRandomGenerator::global()->bounded(ceiling / 2 + 1));
    ++m_attempt;
    setState(State::WaitingToReconnect);
    m_reconnectTimer.start(delay);
}

void Connection::request(proto::Envelope envelope, ReplyHandler done, QObject *context)
{
    if (m_socket.state() != QAbstractSocket::ConnectedState) {
        done(Failure{proto::DISCONNECTED, QStringLiteral("not connected to the server")});
        return;
    }
    const quint64 id = m_nextRequestId++;
    envelope.set_request_id(id);
    m_pending.insert(
        id, Pending{std::move(done), nowMs() + m_requestTimeoutMs, context, context != nullptr});
    if (!m_deadlineTimer.isActive())
        m_deadlineTimer.start();
    m_socket.sendBinaryMessage(protocol::encode(envelope));
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
        m_deadlineTimer.stop();
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
    m_deadlineTimer.stop();
    for (auto &p : pending) {
        if (!p.guarded || p.context)
            p.done(Failure{code, message});
    }
}

void Connection::checkDeadlines()
{
    const qint64 now = nowMs();
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
        m_deadlineTimer.stop();
    for (auto &p : expired) {
        if (!p.guarded || p.context) // a callback before may have destroyed a later context
            p.done(Failure{proto::TIMEOUT, QStringLiteral("the server did not answer in time")});
    }
}

} // namespace natter::client

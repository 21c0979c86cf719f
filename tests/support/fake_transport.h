#pragma once
/// A recording fake under client::Connection (QXmpp's TestClient is the model): it keeps every
/// frame the connection sends, decoded, and lets the test play the server (accept or refuse a
/// connect, answer requests by id, push events, drop the link, answer pings), together with a
/// clock the test advances. No sockets, no sleeps.

#include "clock.h"
#include "connection.h"
#include "natter.pb.h"
#include "transport.h"

#include <QList>
#include <QUrl>
#include <functional>
#include <optional>

namespace natter::test {

class FakeTimer;

/// Monotonic and wall time that move only when the test says; timers fire on advance().
class FakeClock final : public client::Clock {
public:
    /// Puts a new fake clock under `connection` (which owns it; Disconnected only).
    static FakeClock *install(client::Connection &connection);

    [[nodiscard]] qint64 monotonicMs() const override { return m_monotonicMs; }
    [[nodiscard]] qint64 wallMs() const override { return m_monotonicMs + m_wallOffsetMs; }
    [[nodiscard]] std::unique_ptr<client::ClockTimer>
    createTimer(bool repeating, Qt::TimerType type, std::function<void()> onTimeout) override;

    /// Moves both clocks `ms` forward, firing every timer that falls due on the way, each at
    /// its own time and in order.
    void advance(qint64 ms);
    /// The machine slept `ms`: the wall clock jumps, the monotonic clock (and so every timer)
    /// stands still, as CLOCK_MONOTONIC does over a suspend.
    void sleep(qint64 ms) { m_wallOffsetMs += ms; }

private:
    friend class FakeTimer;
    qint64 m_monotonicMs = 0;
    qint64 m_wallOffsetMs = 1'700'000'000'000; // some day in 2023
    quint64 m_nextOrder = 0;                   // start order: ties fire first-started first
    QList<FakeTimer *> m_timers;
};

class FakeTransport final : public client::Transport {
    Q_OBJECT
public:
    /// The automatic server: asked about every request sent; an answer it gives is queued
    /// (request_id filled in) until deliver().
    using Responder = std::function<std::optional<proto::Envelope>(const proto::Envelope &)>;

    /// Puts a new fake transport under `connection` (which owns it; Disconnected only).
    static FakeTransport *install(client::Connection &connection);

    // Transport, as the connection sees it.
    void open(const QUrl &url) override;
    void close() override;
    void abort() override;
    [[nodiscard]] bool isConnected() const override { return m_state == LinkState::Open; }
    void sendBinary(const QByteArray &frame) override;
    void sendText(const QString &text) override { m_sentText.append(text); }
    void ping() override { ++m_pings; }
    [[nodiscard]] int closeCode() const override { return m_closeCode; }
    [[nodiscard]] QString errorString() const override { return m_error; }
    void setTrustedCertificate(const QByteArray &sha256) override { m_trusted = sha256; }

    // The server's side, for the test.
    /// The connection asked to connect and has no answer yet.
    [[nodiscard]] bool isOpening() const { return m_state == LinkState::Opening; }
    [[nodiscard]] int opens() const { return m_opens; }
    [[nodiscard]] int aborts() const { return m_aborts; }
    [[nodiscard]] int closes() const { return m_closes; }
    [[nodiscard]] int pings() const { return m_pings; }
    [[nodiscard]] QUrl url() const { return m_url; }
    [[nodiscard]] QByteArray trustedCertificate() const { return m_trusted; }
    /// The pending connect succeeds.
    void accept();
    /// The pending connect fails.
    void refuse(const QString &error = QStringLiteral("Connection refused"));
    /// The server (or the network) ends the open link.
    void drop(int closeCode = 1006, const QString &error = QStringLiteral("remote host closed"));
    /// Answers a ping.
    void sendPong() { emit pong(); }

    /// Every envelope sent, in order, across reconnects.
    [[nodiscard]] const QList<proto::Envelope> &sent() const { return m_sent; }
    /// Those with this body (e.g. proto::Envelope::kSendMessageRequest).
    [[nodiscard]] QList<proto::Envelope> sent(proto::Envelope::BodyCase body) const;
    [[nodiscard]] std::optional<proto::Envelope> lastSent(proto::Envelope::BodyCase body) const;
    /// Frames sent that were not envelopes (sendRawFrame), and text frames.
    [[nodiscard]] const QList<QByteArray> &sentGarbage() const { return m_garbage; }
    [[nodiscard]] const QStringList &sentText() const { return m_sentText; }

    /// Delivers `answer` as the reply to `requestId`.
    void reply(quint64 requestId, proto::Envelope answer);
    void replyError(quint64 requestId, proto::ErrorCode code, const QString &message = {});
    /// Answers the last Hello sent with a HelloReply.
    void answerHello();
    /// Delivers an event (request_id 0).
    void push(proto::Envelope event);
    void receiveFrame(const QByteArray &frame) { emit binaryReceived(frame); }

    void setResponder(Responder responder) { m_responder = std::move(responder); }
    /// Delivers the responder's queued answers, and those of the requests they cause, until
    /// none is left; a drop loses those still queued. Returns how many were delivered.
    int deliver();

private:
    enum class LinkState { Closed, Opening, Open };
    void end(int closeCode, const QString &error);

    LinkState m_state = LinkState::Closed;
    QUrl m_url;
    int m_opens = 0;
    int m_aborts = 0;
    int m_closes = 0;
    int m_pings = 0;
    int m_closeCode = 1000;
    QString m_error;
    QByteArray m_trusted;
    QList<proto::Envelope> m_sent;
    QList<QByteArray> m_garbage;
    QStringList m_sentText;
    Responder m_responder;
    QList<proto::Envelope> m_queued;
};

} // namespace natter::test

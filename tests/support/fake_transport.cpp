#include "fake_transport.h"

#include "protocol.h"

#include <QTest>
#include <algorithm>

namespace natter::test {

namespace {
/// A test that drives the fake out of turn fails (instead of crashing the whole run).
bool expect(bool condition, const char *what)
{
    if (!condition)
        QTest::qFail(what, __FILE__, __LINE__);
    return condition;
}
} // namespace

class FakeTimer final : public client::ClockTimer {
public:
    FakeTimer(FakeClock &clock, bool repeating, std::function<void()> onTimeout)
        : m_clock(clock)
        , m_repeating(repeating)
        , m_onTimeout(std::move(onTimeout))
    {
        m_clock.m_timers.append(this);
    }
    ~FakeTimer() override { m_clock.m_timers.removeOne(this); }
    void start(int ms) override
    {
        m_active = true;
        m_intervalMs = ms;
        m_dueMs = m_clock.m_monotonicMs + ms;
        m_order = m_clock.m_nextOrder++;
    }
    void stop() override { m_active = false; }
    [[nodiscard]] bool isActive() const override { return m_active; }
    [[nodiscard]] int remainingMs() const override
    {
        return m_active ? int(m_dueMs - m_clock.m_monotonicMs) : -1;
    }

    FakeClock &m_clock;
    bool m_repeating;
    std::function<void()> m_onTimeout;
    bool m_active = false;
    int m_intervalMs = 0;
    qint64 m_dueMs = 0;
    quint64 m_order = 0;
};

FakeClock *FakeClock::install(client::Connection &connection)
{
    auto clock = std::make_unique<FakeClock>();
    FakeClock *raw = clock.get();
    connection.setClock(std::move(clock));
    return raw;
}

std::unique_ptr<client::ClockTimer> FakeClock::createTimer(bool repeating, Qt::TimerType,
                                                           std::function<void()> onTimeout)
{
    return std::make_unique<FakeTimer>(*this, repeating, std::move(onTimeout));
}

void FakeClock::advance(qint64 ms)
{
    const qint64 target = m_monotonicMs + ms;
    for (;;) {
        FakeTimer *next = nullptr;
        for (FakeTimer *timer : std::as_const(m_timers)) {
            if (!timer->m_active || timer->m_dueMs > target)
                continue;
            if (!next ||
                std::pair(timer->m_dueMs, timer->m_order) < std::pair(next->m_dueMs, next->m_order))
                next = timer;
        }
        if (!next)
            break;
        m_monotonicMs = next->m_dueMs;
        if (next->m_repeating) {
            next->m_dueMs += std::max(1, next->m_intervalMs);
            next->m_order = m_nextOrder++;
        } else {
            next->m_active = false;
        }
        // A copy: the callback may destroy its own timer.
        const std::function<void()> onTimeout = next->m_onTimeout;
        onTimeout();
    }
    m_monotonicMs = target;
}

FakeTransport *FakeTransport::install(client::Connection &connection)
{
    auto transport = std::make_unique<FakeTransport>();
    FakeTransport *raw = transport.get();
    connection.setTransport(std::move(transport));
    return raw;
}

void FakeTransport::open(const QUrl &url)
{
    if (!expect(m_state == LinkState::Closed, "FakeTransport: open() on a link not closed"))
        return;
    m_url = url;
    ++m_opens;
    m_error.clear();
    m_state = LinkState::Opening;
}

void FakeTransport::close()
{
    ++m_closes;
    if (m_state != LinkState::Closed)
        end(1000, QString());
}

void FakeTransport::abort()
{
    ++m_aborts;
    if (m_state != LinkState::Closed)
        end(1006, QStringLiteral("aborted"));
}

void FakeTransport::accept()
{
    if (!expect(m_state == LinkState::Opening, "FakeTransport: accept() without an open()"))
        return;
    m_state = LinkState::Open;
    emit connected();
}

void FakeTransport::refuse(const QString &error)
{
    if (expect(m_state == LinkState::Opening, "FakeTransport: refuse() without an open()"))
        end(1006, error);
}

void FakeTransport::drop(int closeCode, const QString &error)
{
    if (expect(m_state == LinkState::Open, "FakeTransport: drop() of a link not open"))
        end(closeCode, error);
}

void FakeTransport::end(int closeCode, const QString &error)
{
    m_state = LinkState::Closed;
    m_closeCode = closeCode;
    m_error = error;
    m_queued.clear(); // answers in flight die with the link
    emit disconnected();
}

void FakeTransport::sendBinary(const QByteArray &frame)
{
    auto envelope = protocol::decode(frame);
    if (!envelope) {
        m_garbage.append(frame);
        return;
    }
    m_sent.append(*envelope);
    if (!m_responder || envelope->request_id() == 0)
        return;
    if (auto answer = m_responder(*envelope)) {
        answer->set_request_id(envelope->request_id());
        m_queued.append(std::move(*answer));
    }
}

QList<proto::Envelope> FakeTransport::sent(proto::Envelope::BodyCase body) const
{
    QList<proto::Envelope> matching;
    for (const proto::Envelope &envelope : m_sent) {
        if (envelope.body_case() == body)
            matching.append(envelope);
    }
    return matching;
}

std::optional<proto::Envelope> FakeTransport::lastSent(proto::Envelope::BodyCase body) const
{
    for (auto it = m_sent.crbegin(); it != m_sent.crend(); ++it) {
        if (it->body_case() == body)
            return *it;
    }
    return std::nullopt;
}

void FakeTransport::reply(quint64 requestId, proto::Envelope answer)
{
    answer.set_request_id(requestId);
    emit binaryReceived(protocol::encode(answer));
}

void FakeTransport::replyError(quint64 requestId, proto::ErrorCode code, const QString &message)
{
    proto::Envelope answer;
    answer.mutable_error()->set_code(code);
    answer.mutable_error()->set_message(protocol::toStd(message));
    reply(requestId, std::move(answer));
}

void FakeTransport::answerHello()
{
    const auto hello = lastSent(proto::Envelope::kHello);
    if (!expect(hello.has_value(), "FakeTransport: answerHello() but no Hello was sent"))
        return;
    proto::Envelope answer;
    answer.mutable_hello_reply()->set_protocol_version(protocol::kProtocolVersion);
    answer.mutable_hello_reply()->set_server_version("fake");
    reply(hello->request_id(), std::move(answer));
}

void FakeTransport::push(proto::Envelope event)
{
    event.set_request_id(0);
    emit binaryReceived(protocol::encode(event));
}

int FakeTransport::deliver()
{
    int delivered = 0;
    while (!m_queued.isEmpty() && m_state == LinkState::Open) {
        emit binaryReceived(protocol::encode(m_queued.takeFirst()));
        ++delivered;
    }
    return delivered;
}

} // namespace natter::test

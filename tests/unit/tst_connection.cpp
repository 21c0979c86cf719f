#include "cache_worker.h"
#include "client.h"
#include "fake_transport.h"
#include "sync_engine.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace natter;
using client::Connection;
using natter::test::FakeClock;
using natter::test::FakeTransport;
using State = client::Connection::State;

namespace {
QStringList list(std::initializer_list<const char *> texts)
{
    QStringList result;
    for (const char *text : texts)
        result.append(QString::fromUtf8(text));
    return result;
}

const QUrl kUrl(QStringLiteral("ws://natter.invalid:7000/"));
constexpr int kHeartbeatMs = 30'000;

/// A Connection on a fake transport and a fake clock.
struct Rig {
    Rig()
    {
        link = FakeTransport::install(connection);
        clock = FakeClock::install(connection);
    }
    [[nodiscard]] bool connectReady()
    {
        connection.open(kUrl);
        link->accept();
        link->answerHello();
        return connection.state() == State::Ready;
    }
    /// Sends a request (GetSettings); its outcome lands in `outcome`.
    void ask(std::optional<Result<proto::Envelope>> &outcome, QObject *context = nullptr)
    {
        proto::Envelope e;
        e.mutable_get_settings_request();
        connection.request(
            e, [&outcome](Result<proto::Envelope> r) { outcome = std::move(r); }, context);
    }

    Connection connection{QStringLiteral("tst_connection")};
    FakeTransport *link = nullptr;
    FakeClock *clock = nullptr;
};

proto::ErrorCode codeOf(const std::optional<Result<proto::Envelope>> &outcome)
{
    return outcome && !outcome->ok() ? outcome->failure().code : proto::ERROR_CODE_UNSPECIFIED;
}

/// The backoff ceiling of the `attempt`th reconnect (from 0): 500 ms doubling, at most 30 s.
int ceilingOf(int attempt)
{
    return std::min(30'000, 500 << std::min(attempt, 10));
}
} // namespace

/// Connection's rules on a fake transport and clock: Hello, request ids, timeouts, drops,
/// reconnect backoff with jitter, heartbeat, sleep detection; and through Client and
/// SyncEngine, gap filling and outbox order after a reconnect. No sockets, no sleeps.
class TestConnection : public QObject {
    Q_OBJECT
private slots:
    void helloOnConnectAndNoRequestsBeforeReady()
    {
        Rig rig;
        QSignalSpy ready(&rig.connection, &Connection::ready);
        std::optional<Result<proto::Envelope>> early;
        rig.connection.open(kUrl);
        QCOMPARE(rig.connection.state(), State::Connecting);
        QVERIFY(rig.link->isOpening());
        QCOMPARE(rig.link->url(), kUrl);
        rig.ask(early);
        QCOMPARE(codeOf(early), proto::DISCONNECTED); // not connected at all yet

        rig.link->accept();
        QCOMPARE(rig.link->sent().size(), 1);
        const proto::Envelope hello = rig.link->sent().constFirst();
        QVERIFY(hello.has_hello());
        QCOMPARE(hello.hello().protocol_version(), protocol::kProtocolVersion);
        QCOMPARE(hello.hello().client_name(), "tst_connection");
        QVERIFY(hello.request_id() != 0);
        // Connected but Hello unanswered: the server would take nothing else yet.
        early.reset();
        rig.ask(early);
        QCOMPARE(codeOf(early), proto::DISCONNECTED);
        QCOMPARE(rig.link->sent().size(), 1);
        QCOMPARE(rig.connection.state(), State::Connecting);

        rig.link->answerHello();
        QCOMPARE(rig.connection.state(), State::Ready);
        QCOMPARE(ready.count(), 1);
        QCOMPARE(rig.connection.serverVersion(), QStringLiteral("fake"));
        std::optional<Result<proto::Envelope>> later;
        rig.ask(later);
        QVERIFY(!later);
        QCOMPARE(rig.link->sent().size(), 2);
        QVERIFY(rig.link->sent().constLast().has_get_settings_request());

        // Every reconnect says Hello again.
        rig.link->drop();
        rig.clock->advance(rig.connection.reconnectDelayMs());
        rig.link->accept();
        QCOMPARE(rig.link->sent(proto::Envelope::kHello).size(), 2);
    }

    void aRefusedHelloIsReported()
    {
        Rig rig;
        QSignalSpy failed(&rig.connection, &Connection::failed);
        rig.connection.open(kUrl);
        rig.link->accept();
        rig.link->replyError(rig.link->lastSent(proto::Envelope::kHello)->request_id(),
                             proto::UNSUPPORTED_VERSION, QStringLiteral("too old"));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(1).value<proto::ErrorCode>(), proto::UNSUPPORTED_VERSION);
        // Reconnecting cannot help: closed for good.
        QCOMPARE(rig.connection.state(), State::Disconnected);
        rig.clock->advance(10 * 60'000);
        QCOMPARE(rig.link->opens(), 1);
    }

    void requestsAreAnsweredById()
    {
        Rig rig;
        QVERIFY(rig.connectReady());
        std::optional<Result<proto::Envelope>> first;
        std::optional<Result<proto::Envelope>> second;
        rig.ask(first);
        rig.ask(second);
        const auto sent = rig.link->sent(proto::Envelope::kGetSettingsRequest);
        QCOMPARE(sent.size(), 2);
        QVERIFY(sent[0].request_id() != sent[1].request_id());
        QCOMPARE(rig.connection.pendingRequests(), 2);

        // Answered out of order: each reply goes to its own request.
        proto::Envelope answer;
        answer.mutable_settings_reply()->mutable_settings()->set_email("a@example.org");
        rig.link->reply(sent[1].request_id(), answer);
        QVERIFY(!first);
        QVERIFY(second && second->ok());
        QCOMPARE(second->value().settings_reply().settings().email(), "a@example.org");
        rig.link->replyError(sent[0].request_id(), proto::RATE_LIMITED, QStringLiteral("slow"));
        QCOMPARE(codeOf(first), proto::RATE_LIMITED);
        QCOMPARE(rig.connection.pendingRequests(), 0);

        // An event (request id 0) is no one's reply.
        QSignalSpy events(&rig.connection, &Connection::eventReceived);
        proto::Envelope event;
        event.mutable_typing_event()->set_conversation_id(3);
        rig.link->push(event);
        QCOMPARE(events.count(), 1);
    }

    void aRequestTimesOutAndItsLateReplyIsDropped()
    {
        Rig rig;
        QVERIFY(rig.connectReady());
        rig.connection.setRequestTimeout(1000);
        int calls = 0;
        proto::ErrorCode code = proto::ERROR_CODE_UNSPECIFIED;
        proto::Envelope e;
        e.mutable_get_settings_request();
        rig.connection.request(e, [&](Result<proto::Envelope> r) {
            ++calls;
            code = r.ok() ? proto::ERROR_CODE_UNSPECIFIED : r.failure().code;
        });
        const quint64 id = rig.link->sent().constLast().request_id();
        rig.clock->advance(999);
        QCOMPARE(calls, 0);
        rig.clock->advance(250); // deadlines are checked every 250 ms
        QCOMPARE(calls, 1);
        QCOMPARE(code, proto::TIMEOUT);
        QCOMPARE(rig.connection.pendingRequests(), 0);

        proto::Envelope late;
        late.mutable_settings_reply();
        rig.link->reply(id, late);
        QCOMPARE(calls, 1); // dropped, given to no one
        QCOMPARE(rig.connection.state(), State::Ready);
        std::optional<Result<proto::Envelope>> next;
        rig.ask(next);
        rig.link->reply(rig.link->sent().constLast().request_id(), late);
        QVERIFY(next && next->ok());
    }

    void aDropFailsPendingRequests()
    {
        Rig rig;
        QVERIFY(rig.connectReady());
        std::optional<Result<proto::Envelope>> pending;
        std::optional<Result<proto::Envelope>> orphan;
        rig.ask(pending);
        auto requester = std::make_unique<QObject>();
        rig.ask(orphan, requester.get());
        requester.reset();
        QCOMPARE(rig.connection.pendingRequests(), 2);

        rig.link->drop();
        QCOMPARE(codeOf(pending), proto::DISCONNECTED);
        QVERIFY(!orphan); // its requester is gone
        QCOMPARE(rig.connection.pendingRequests(), 0);
        QCOMPARE(rig.connection.state(), State::WaitingToReconnect);
        std::optional<Result<proto::Envelope>> meanwhile;
        rig.ask(meanwhile);
        QCOMPARE(codeOf(meanwhile), proto::DISCONNECTED);
    }

    void reconnectBackoffGrowsWithinTheJitter_data()
    {
        QTest::addColumn<int>("pick"); // -1: the real random source
        QTest::newRow("least") << 0;
        QTest::newRow("most") << 1;
        QTest::newRow("random") << -1;
    }

    void reconnectBackoffGrowsWithinTheJitter()
    {
        QFETCH(int, pick);
        Rig rig;
        if (pick >= 0)
            rig.connection.setRandomSource([pick](int bound) { return pick ? bound - 1 : 0; });
        QSignalSpy failed(&rig.connection, &Connection::failed);
        // Within [ceiling / 2, ceiling], and exactly at an end when the random source says so.
        const auto delayFits = [&](int attempt) {
            const int delay = rig.connection.reconnectDelayMs();
            const int ceiling = ceilingOf(attempt);
            const bool fits = pick < 0 ? delay >= ceiling / 2 && delay <= ceiling
                                       : delay == (pick ? ceiling : ceiling / 2);
            if (!fits)
                qWarning("attempt %d: %d ms, ceiling %d ms", attempt, delay, ceiling);
            return fits;
        };
        QVERIFY(rig.connectReady());
        rig.link->drop();
        for (int attempt = 0; attempt < 9; ++attempt) {
            QCOMPARE(rig.connection.state(), State::WaitingToReconnect);
            QVERIFY(delayFits(attempt));
            const int opens = rig.link->opens();
            rig.clock->advance(rig.connection.reconnectDelayMs() - 1);
            QCOMPARE(rig.link->opens(), opens); // not a moment early
            rig.clock->advance(1);
            QCOMPARE(rig.link->opens(), opens + 1);
            QCOMPARE(rig.connection.state(), State::Connecting);
            rig.link->refuse();
        }
        QCOMPARE(failed.count(), 9); // each failed attempt is reported

        // A successful connect starts over from the shortest step.
        rig.clock->advance(rig.connection.reconnectDelayMs());
        rig.link->accept();
        rig.link->answerHello();
        rig.link->drop();
        QVERIFY(delayFits(0));
    }

    void reconnectNowSkipsTheBackoff()
    {
        Rig rig;
        QVERIFY(rig.connectReady());
        rig.link->drop();
        QVERIFY(rig.connection.reconnectDelayMs() > 0);
        rig.connection.reconnectNow();
        QCOMPARE(rig.connection.state(), State::Connecting);
        QCOMPARE(rig.link->opens(), 2);
    }

    void noReconnectAfterClose()
    {
        Rig rig;
        QVERIFY(rig.connectReady());
        rig.connection.close();
        QCOMPARE(rig.link->closes(), 1);
        QCOMPARE(rig.connection.state(), State::Disconnected);
        rig.clock->advance(10 * 60'000);
        QCOMPARE(rig.link->opens(), 1);

        // Closed while waiting for the next attempt: that attempt never comes.
        QVERIFY(rig.connectReady());
        rig.link->drop();
        QCOMPARE(rig.connection.state(), State::WaitingToReconnect);
        rig.connection.close();
        QCOMPARE(rig.connection.state(), State::Disconnected);
        rig.clock->advance(10 * 60'000);
        QCOMPARE(rig.link->opens(), 2);
    }

    void aHandshakeThatNeverFinishesIsAbandoned()
    {
        // A listener that takes the connection and never answers (natterd restarting behind
        // a socket it inherited): given up after 20 s, then the backoff retries.
        Rig rig;
        QSignalSpy failures(&rig.connection, &Connection::failed);
        rig.connection.open(kUrl);
        rig.link->accept(); // TCP and the upgrade went through; Hello is never answered
        rig.clock->advance(19'999);
        QCOMPARE(rig.connection.state(), State::Connecting);
        QCOMPARE(rig.link->aborts(), 0);
        rig.clock->advance(1);
        QCOMPARE(rig.link->aborts(), 1);
        QVERIFY(!failures.isEmpty()); // the user hears of it
        QCOMPARE(rig.connection.state(), State::WaitingToReconnect);
        rig.clock->advance(rig.connection.reconnectDelayMs());
        QCOMPARE(rig.link->opens(), 2);
        rig.link->accept();
        rig.link->answerHello();
        QCOMPARE(rig.connection.state(), State::Ready);
        rig.clock->advance(25'000); // Ready: past the deadline, before any heartbeat rule
        QCOMPARE(rig.link->aborts(), 1);
    }

    void missingPongsDropTheLink()
    {
        Rig rig;
        QVERIFY(rig.connectReady());
        for (int beat = 1; beat <= 5; ++beat) {
            rig.clock->advance(kHeartbeatMs);
            QCOMPARE(rig.link->pings(), beat);
            rig.link->sendPong();
        }
        QCOMPARE(rig.link->aborts(), 0);
        QCOMPARE(rig.connection.state(), State::Ready);

        // The server goes quiet: one late pong is tolerated, two are not.
        rig.clock->advance(kHeartbeatMs);
        QCOMPARE(rig.link->aborts(), 0);
        QCOMPARE(rig.connection.state(), State::Ready);
        rig.clock->advance(kHeartbeatMs);
        QCOMPARE(rig.link->aborts(), 1);
        QCOMPARE(rig.connection.state(), State::WaitingToReconnect);
        rig.clock->advance(rig.connection.reconnectDelayMs());
        QCOMPARE(rig.link->opens(), 2);
    }

    void aSleepDropsTheLinkAndReconnects()
    {
        Rig rig;
        QVERIFY(rig.connectReady());
        rig.clock->advance(kHeartbeatMs);
        rig.link->sendPong();
        rig.clock->advance(10'000);
        rig.clock->sleep(60 * 60'000); // the lid is closed for an hour
        rig.clock->advance(kHeartbeatMs - 10'000 - 1);
        QCOMPARE(rig.link->aborts(), 0);
        // The next beat sees the wall clock far ahead of the monotonic one, although the last
        // pong is recent by the monotonic clock: the link is dead, do not wait for TCP.
        rig.clock->advance(1);
        QCOMPARE(rig.link->aborts(), 1);
        QCOMPARE(rig.connection.state(), State::WaitingToReconnect);
        QVERIFY(rig.connection.reconnectDelayMs() <= ceilingOf(0)); // the shortest step
        rig.clock->advance(rig.connection.reconnectDelayMs());
        QCOMPARE(rig.link->opens(), 2);
        rig.link->accept();
        rig.link->answerHello();
        QCOMPARE(rig.connection.state(), State::Ready);

        // A wall clock set back (no sleep) does not hide a dead link either.
        rig.clock->sleep(-60 * 60'000);
        rig.clock->advance(2 * kHeartbeatMs);
        QCOMPARE(rig.link->aborts(), 2);
    }

    void trustedCertificateReachesTheTransport()
    {
        Rig rig;
        rig.connection.setTrustedCertificate(QStringLiteral("SHA256:AB:CD:EF"));
        QCOMPARE(rig.link->trustedCertificate(), QByteArray::fromHex("abcdef"));
        // Also when the transport comes after the trust.
        auto *other = FakeTransport::install(rig.connection);
        QCOMPARE(other->trustedCertificate(), QByteArray::fromHex("abcdef"));
    }

    void gapIsFilledFromTheLastSeqAfterAReconnect()
    {
        Server server;
        server.append(3);
        QVERIFY(server.start());
        QCOMPARE(server.maxSeq(), 3u);

        // Three messages arrive while the link is down.
        server.link->drop();
        server.append(3);
        const int asked = server.link->sent(proto::Envelope::kGetMessagesRequest).size();
        server.reconnect();
        const auto fills = server.link->sent(proto::Envelope::kGetMessagesRequest).mid(asked);
        QCOMPARE(fills.size(), 1);
        QCOMPARE(fills[0].get_messages_request().conversation_id(), kConversation);
        QCOMPARE(fills[0].get_messages_request().after_seq(), 3u);
        QCOMPARE(server.maxSeq(), 6u);
        QCOMPARE(server.cachedTexts(), list({"m1", "m2", "m3", "m4", "m5", "m6"}));
        QVERIFY(server.engine.isSynced());
    }

    void messagesThatArriveDuringAFillAreStillAnnounced()
    {
        // A live message that shows a gap, and one that comes while the gap is being filled,
        // are stored by the fill: they must still notify (incomingMessage) once they are.
        Server server;
        server.append(1);
        QVERIFY(server.start());
        QCOMPARE(server.maxSeq(), 1u);
        QSignalSpy announced(&server.engine, &client::SyncEngine::incomingMessage);
        server.append(2); // m2 is missed; m3 comes live and shows the gap
        proto::Envelope live;
        *live.mutable_message_event()->mutable_message() = server.messages.last();
        server.link->push(live);
        server.cache.settle(); // the fill is asked for; its answer is queued, not delivered
        QCOMPARE(server.link->sent(proto::Envelope::kGetMessagesRequest)
                     .last()
                     .get_messages_request()
                     .after_seq(),
                 1u);
        server.append(1);
        *live.mutable_message_event()->mutable_message() = server.messages.last();
        server.link->push(live); // m4, during the fill
        server.cache.settle();
        QCOMPARE(announced.count(), 0);
        server.settle(); // the fill, and the refill it asks for
        QCOMPARE(server.cachedTexts(), list({"m1", "m2", "m3", "m4"}));
        QCOMPARE(announced.count(), 2); // m3 and m4, the live ones; m2 came by the fill only
        QCOMPARE(QString::fromStdString(announced.at(1).at(0).value<proto::Message>().text()),
                 QStringLiteral("m4"));
    }

    void aRepeatThatArrivesDuringAFillIsNotAnnouncedAgain()
    {
        Server server;
        server.append(2);
        QVERIFY(server.start()); // m1 and m2 are cached (and were told)
        QSignalSpy announced(&server.engine, &client::SyncEngine::incomingMessage);
        server.append(2); // m3 is missed; m4 comes live and shows the gap
        proto::Envelope live;
        *live.mutable_message_event()->mutable_message() = server.messages.last();
        server.link->push(live);
        server.cache.settle(); // the fill is asked for, not answered
        // At-least-once delivery: m2 comes again while the gap is being filled.
        *live.mutable_message_event()->mutable_message() = server.messages.at(1);
        server.link->push(live);
        server.settle();
        QCOMPARE(server.cachedTexts(), list({"m1", "m2", "m3", "m4"}));
        QCOMPARE(announced.count(), 1); // m4; not m2 a second time
        QCOMPARE(QString::fromStdString(announced.at(0).at(0).value<proto::Message>().text()),
                 QStringLiteral("m4"));
    }

    void outboxIsSentInOrderOnceAfterAReconnect()
    {
        Server server;
        QVERIFY(server.start());
        server.link->drop();
        for (const char *text : {"one", "two", "three"})
            server.engine.send(kConversation, QString::fromLatin1(text));
        server.cache.settle();
        QCOMPARE(server.outbox().size(), 3);
        QVERIFY(server.link->sent(proto::Envelope::kSendMessageRequest).isEmpty());

        server.reconnect();
        QStringList texts;
        QSet<QString> ids;
        for (const auto &e : server.link->sent(proto::Envelope::kSendMessageRequest)) {
            texts.append(QString::fromStdString(e.send_message_request().text()));
            ids.insert(QString::fromStdString(e.send_message_request().client_msg_id()));
        }
        QCOMPARE(texts, list({"one", "two", "three"}));
        QCOMPARE(ids.size(), 3);
        QVERIFY(server.outbox().isEmpty());
        QCOMPARE(server.cachedTexts(), list({"one", "two", "three"}));
    }

    void anUnansweredSendIsRetriedWithItsIdAfterAReconnect()
    {
        Server server;
        QVERIFY(server.start());
        server.holdSends = true;
        server.engine.send(kConversation, QStringLiteral("first"));
        server.engine.send(kConversation, QStringLiteral("second"));
        server.settle();
        // One at a time: the second waits for the first's answer, which the drop loses.
        auto sends = server.link->sent(proto::Envelope::kSendMessageRequest);
        QCOMPARE(sends.size(), 1);
        const std::string firstId = sends[0].send_message_request().client_msg_id();
        server.link->drop();
        server.holdSends = false;
        server.reconnect();
        sends = server.link->sent(proto::Envelope::kSendMessageRequest);
        QCOMPARE(sends.size(), 3);
        QCOMPARE(sends[1].send_message_request().client_msg_id(), firstId); // the same message
        QCOMPARE(sends[2].send_message_request().text(), "second");
        QCOMPARE(server.cachedTexts(), list({"first", "second"}));
    }

private:
    static constexpr quint64 kConversation = 7;
    static constexpr quint64 kAlice = 1;

    /// Client, LocalCache and SyncEngine on a fake link, with the fake answering like natterd
    /// for one conversation.
    struct Server {
        Server()
            : client(QStringLiteral("tst_connection"))
            , cache(dir.path())
            , engine(client, cache)
        {
            link = FakeTransport::install(client.connection());
            clock = FakeClock::install(client.connection());
            client.setToken(QStringLiteral("token"));
            link->setResponder([this](const proto::Envelope &e) { return answer(e); });
        }

        bool start()
        {
            if (!dir.isValid())
                return false;
            if (!cache.readBlocking([](client::LocalCache &c) { return c.isOpen(); }))
                return false;
            client.open(kUrl);
            link->accept();
            settle();
            return engine.isSynced();
        }

        void reconnect()
        {
            clock->advance(client.connection().reconnectDelayMs());
            link->accept();
            settle();
        }

        /// The fake server answers and the cache runs until neither has anything left.
        void settle()
        {
            do
                cache.settle();
            while (link->deliver() > 0);
        }

        quint64 maxSeq()
        {
            return cache.readBlocking(
                [](client::LocalCache &c) { return c.maxSeq(kConversation); });
        }

        QList<client::MessageRow> outbox()
        {
            return cache.readBlocking([](client::LocalCache &c) { return c.outbox(); });
        }

        void append(int count)
        {
            for (int i = 0; i < count; ++i)
                messages.append(message(QStringLiteral("m%1").arg(messages.size() + 1), 2));
        }

        proto::Message message(const QString &text, quint64 sender) const
        {
            proto::Message m;
            m.set_conversation_id(kConversation);
            m.set_seq(quint64(messages.size()) + 1);
            m.set_sender_id(sender);
            m.set_sender_username(sender == kAlice ? "alice" : "bob");
            m.set_text(text.toStdString());
            m.set_sent_at_ms(1000 * m.seq());
            return m;
        }

        std::optional<proto::Envelope> answer(const proto::Envelope &e)
        {
            proto::Envelope a;
            if (e.has_hello()) {
                a.mutable_hello_reply()->set_protocol_version(protocol::kProtocolVersion);
            } else if (e.has_resume_request()) {
                a.mutable_auth_reply()->mutable_user()->set_id(kAlice);
                a.mutable_auth_reply()->mutable_user()->set_username("alice");
            } else if (e.has_get_conversations_request()) {
                auto *summary = a.mutable_conversations_reply()->add_conversations();
                summary->mutable_conversation()->set_id(kConversation);
                summary->mutable_conversation()->set_kind(proto::DIRECT);
                summary->mutable_conversation()->set_last_seq(quint64(messages.size()));
            } else if (e.has_get_messages_request()) {
                const auto &r = e.get_messages_request();
                for (const proto::Message &m : messages) {
                    if (m.seq() > r.after_seq() &&
                        (r.before_seq() == 0 || m.seq() < r.before_seq()))
                        *a.mutable_messages_reply()->add_messages() = m;
                }
                a.mutable_messages_reply();
            } else if (e.has_send_message_request()) {
                if (holdSends)
                    return std::nullopt; // the answer never comes
                const auto &r = e.send_message_request();
                proto::Message m = message(QString::fromStdString(r.text()), kAlice);
                m.set_client_msg_id(r.client_msg_id());
                messages.append(m);
                a.mutable_send_message_reply()->set_conversation_id(kConversation);
                a.mutable_send_message_reply()->set_seq(m.seq());
                a.mutable_send_message_reply()->set_sent_at_ms(m.sent_at_ms());
            } else {
                a.mutable_ok();
            }
            return a;
        }

        QStringList cachedTexts()
        {
            QStringList texts;
            const auto rows = cache.readBlocking(
                [](client::LocalCache &c) { return c.messages(kConversation, 0, 1000); });
            for (const client::MessageRow &row : rows)
                texts.append(row.text);
            return texts;
        }

        QTemporaryDir dir;
        client::Client client;
        client::CacheWorker cache;
        client::SyncEngine engine;
        FakeTransport *link = nullptr;
        FakeClock *clock = nullptr;
        QList<proto::Message> messages; // the conversation on the server
        bool holdSends = false;
    };
};

QTEST_GUILESS_MAIN(TestConnection)
#include "tst_connection.moc"

// Receipts, typing and presence between real clients and a real natterd.
#include "server_fixture.h"
#include "test_client.h"

#include <QDateTime>
#include <QtTest>
#include <memory>

using namespace natter;
using natter::test::ServerFixture;
using natter::test::TestClient;

class TestPresence : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<ServerFixture> m_server;

    std::unique_ptr<TestClient> signedIn(const QString &name)
    {
        return TestClient::signedIn(m_server->url(), name);
    }
    static const proto::Member *member(const proto::Conversation &c, quint64 userId)
    {
        for (const auto &m : c.members()) {
            if (m.user().id() == userId)
                return &m;
        }
        return nullptr;
    }

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<ServerFixture>(QStringList{}, "[typing]\nexpiry-ms=400\n");
        QVERIFY(m_server->start());
    }

    void receiptsMoveForwardOnlyAndReachTheMembers()
    {
        auto alice = signedIn(QStringLiteral("alice"));
        auto bob = signedIn(QStringLiteral("bob"));
        auto carol = signedIn(QStringLiteral("carol"));
        QVERIFY(alice && bob && carol);
        const auto group = alice->createGroup(QStringLiteral("Receipts"),
                                              {QStringLiteral("bob"), QStringLiteral("carol")});
        QVERIFY(group.ok());
        const quint64 id = group.value().id();
        for (int i = 0; i < 3; ++i)
            QVERIFY(alice->send(id, QStringLiteral("m%1").arg(i)).ok());
        const quint64 bobId = bob->client().user().id();

        // Alice's own sends announce her cursor too: follow Bob's events.
        auto bobs = [bobId](const QList<proto::ReceiptEvent> &events) {
            QList<proto::ReceiptEvent> out;
            for (const auto &e : events) {
                if (e.user_id() == bobId)
                    out.append(e);
            }
            return out;
        };
        QVERIFY(bob->markDelivered(id, 3).ok());
        QTRY_VERIFY(!bobs(alice->receipts).isEmpty());
        QTRY_VERIFY(!bobs(carol->receipts).isEmpty());
        QCOMPARE(bobs(alice->receipts).back().delivered_seq(), 3u);
        QCOMPARE(bobs(alice->receipts).back().read_seq(), 0u);

        QCOMPARE(bob->markRead(id, 2).value().read_seq(), 2u);
        QTRY_COMPARE(bobs(alice->receipts).back().read_seq(), 2u);
        QVERIFY(bobs(alice->receipts).back().read_at_ms() > 0);
        QCOMPARE(bobs(alice->receipts).back().delivered_seq(), 3u);

        // Backwards reports change nothing and announce nothing.
        const qsizetype before = bobs(alice->receipts).size();
        QVERIFY(bob->markDelivered(id, 1).ok());
        QCOMPARE(bob->markRead(id, 1).value().read_seq(), 2u);

        // Replying reads what came before: Alice sees Bob's read cursor reach his reply. That
        // is the only receipt of his since the backward reports, which announced nothing.
        QCOMPARE(bob->send(id, QStringLiteral("got them")).value().seq(), 4u);
        QTRY_COMPARE(bobs(alice->receipts).back().read_seq(), 4u);
        QCOMPARE(bobs(alice->receipts).size(), before + 1);

        // The cursors are part of the conversation as every member reads it.
        const auto list = carol->conversations();
        QVERIFY(list.ok());
        const auto *bobMember = member(list.value().conversations(0).conversation(), bobId);
        QVERIFY(bobMember);
        QCOMPARE(bobMember->delivered_seq(), 4u);
        QCOMPARE(bobMember->read_seq(), 4u);

        // Strangers cannot report receipts.
        auto mallory = signedIn(QStringLiteral("mallory"));
        QCOMPARE(mallory->markDelivered(id, 3).failure().code, proto::NOT_A_MEMBER);
        QCOMPARE(mallory->markDelivered(0, 3).failure().code, proto::INVALID_ARGUMENT);
    }

    void readingOnOneDeviceClearsUnreadOnTheOther()
    {
        auto dan = signedIn(QStringLiteral("dan"));
        auto eveDesk = signedIn(QStringLiteral("eve"));
        auto evePhone = signedIn(QStringLiteral("eve"));
        QVERIFY(dan && eveDesk && evePhone);
        const auto dm = dan->createDirect(QStringLiteral("eve"));
        QVERIFY(dm.ok());
        QVERIFY(dan->send(dm.value().id(), QStringLiteral("one")).ok());
        QVERIFY(dan->send(dm.value().id(), QStringLiteral("two")).ok());
        QCOMPARE(eveDesk->conversations().value().conversations(0).unread_count(), 2u);

        QCOMPARE(evePhone->markRead(dm.value().id(), 2).value().unread_count(), 0u);
        const quint64 eveId = eveDesk->client().user().id();
        // Dan's own sends announce his cursor too; look for Eve's.
        auto eveRead = [eveId](const QList<proto::ReceiptEvent> &events) {
            for (const auto &e : events) {
                if (e.user_id() == eveId && e.read_seq() == 2)
                    return std::optional<proto::ReceiptEvent>(e);
            }
            return std::optional<proto::ReceiptEvent>();
        };
        QTRY_VERIFY(eveRead(eveDesk->receipts));
        QCOMPARE(eveRead(eveDesk->receipts)->unread_count(), 0u);
        QCOMPARE(eveDesk->conversations().value().conversations(0).unread_count(), 0u);
        // Dan sees that Eve read both.
        QTRY_VERIFY(eveRead(dan->receipts));
    }

    void typingExpiresAndEndsWithTheMessage()
    {
        auto fay = signedIn(QStringLiteral("fay"));
        auto gus = signedIn(QStringLiteral("gus"));
        QVERIFY(fay && gus);
        const auto dm = fay->createDirect(QStringLiteral("gus"));
        QVERIFY(dm.ok());
        const quint64 id = dm.value().id();
        const quint64 fayId = fay->client().user().id();
        auto typing = [&](bool on) {
            return client::waitFor<Done>(
                [&](auto done) { fay->client().sendTyping(id, on, done); });
        };

        QVERIFY(typing(true).ok());
        QTRY_COMPARE(gus->typing.size(), 1);
        QVERIFY(gus->typing[0].typing());
        QCOMPARE(gus->typing[0].user_id(), fayId);
        QCOMPARE(gus->typing[0].expires_in_ms(), 400u);
        QVERIFY(fay->typing.isEmpty()); // not echoed to the typist
        // Nothing more from Fay: it ends by itself.
        QTRY_COMPARE_WITH_TIMEOUT(gus->typing.size(), 2, 3000);
        QVERIFY(!gus->typing[1].typing());

        // Sending the message ends it at once.
        QVERIFY(typing(true).ok());
        QTRY_COMPARE(gus->typing.size(), 3);
        QVERIFY(fay->send(id, QStringLiteral("done typing")).ok());
        QTRY_COMPARE(gus->typing.size(), 4);
        QVERIFY(!gus->typing[3].typing());

        auto hal = signedIn(QStringLiteral("hal"));
        QCOMPARE(client::waitFor<Done>([&](auto done) { hal->client().sendTyping(id, true, done); })
                     .failure()
                     .code,
                 proto::NOT_A_MEMBER);
    }

    void typingStoppedDuringTheMembershipCheckStaysStopped()
    {
        auto nia = signedIn(QStringLiteral("nia"));
        auto olly = signedIn(QStringLiteral("olly"));
        QVERIFY(nia && olly);
        const quint64 id = nia->createDirect(QStringLiteral("olly")).value().id();
        QVERIFY(olly->acceptRequest(id).ok()); // Nia's presence reaches Olly: the sentinel
        const quint64 niaId = nia->client().user().id();
        // Both reports leave at once; the first one's membership check is still running when
        // the second arrives.
        int answered = 0;
        nia->client().sendTyping(id, true, [&](Result<Done>) { ++answered; });
        nia->client().sendTyping(id, false, [&](Result<Done>) { ++answered; });
        QTRY_COMPARE(answered, 2);
        // Nia goes away after both answers (a message would end her typing and hide the
        // fault): once Olly hears of it, every typing event before it has arrived. Typing may
        // have started before the stop came, but the last word is that it stopped.
        QVERIFY(client::waitFor<Done>([&](auto done) { nia->client().setAway(true, done); }).ok());
        QTRY_VERIFY(std::any_of(olly->presences.cbegin(), olly->presences.cend(),
                                [&](const proto::Presence &p) {
                                    return p.user_id() == niaId && p.state() == proto::AWAY;
                                }));
        QVERIFY(olly->typing.isEmpty() || !olly->typing.back().typing());
    }

    void removedMemberStopsTyping()
    {
        auto pam = signedIn(QStringLiteral("pam"));
        auto quinn = signedIn(QStringLiteral("quinn"));
        auto rae = signedIn(QStringLiteral("rae"));
        QVERIFY(pam && quinn && rae);
        const quint64 id = pam->createGroup(QStringLiteral("Typists"),
                                            {QStringLiteral("quinn"), QStringLiteral("rae")})
                               .value()
                               .id();
        auto typing = [&] {
            return client::waitFor<Done>(
                [&](auto done) { quinn->client().sendTyping(id, true, done); });
        };
        QVERIFY(typing().ok());
        QVERIFY(client::waitFor<proto::Conversation>([&](auto done) {
                    pam->client().removeMembers(id, {QStringLiteral("quinn")}, done);
                }).ok());
        // Quinn keeps typing without a pause: refused soon (membership is checked again at
        // least once per 400 ms expiry), not kept alive forever by its own renewals.
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         const auto answer = typing();
                         return !answer.ok() && answer.failure().code == proto::NOT_A_MEMBER;
                     },
                     5000),
                 "still allowed to type 5 s after being removed");
    }

    void badPresenceAndTypingRequestsGetTypedErrors()
    {
        auto sam = signedIn(QStringLiteral("sam"));
        QVERIFY(sam);
        QList<quint64> tooMany;
        for (quint64 i = 1; i <= 1001; ++i)
            tooMany.append(i);
        const auto presence = client::waitFor<proto::PresenceReply>(
            [&](auto done) { sam->client().presence(tooMany, done); });
        QCOMPARE(presence.failure().code, proto::INVALID_ARGUMENT);
        QVERIFY(presence.failure().message.contains(QStringLiteral("1000")));
        const auto typing =
            client::waitFor<Done>([&](auto done) { sam->client().sendTyping(0, true, done); });
        QCOMPARE(typing.failure().code, proto::INVALID_ARGUMENT);
        const auto unknown =
            client::waitFor<Done>([&](auto done) { sam->client().sendTyping(987654, true, done); });
        QCOMPARE(unknown.failure().code, proto::CONVERSATION_NOT_FOUND);
        // The connection keeps serving.
        QVERIFY(client::waitFor<Done>([&](auto done) { sam->client().setAway(true, done); }).ok());
    }

    void presenceOnlineAwayOfflineWithLastSeen()
    {
        auto ida = signedIn(QStringLiteral("ida"));
        auto jon = signedIn(QStringLiteral("jon"));
        QVERIFY(ida && jon);
        const auto dm = ida->createDirect(QStringLiteral("jon"));
        QVERIFY(dm.ok());
        QVERIFY(jon->acceptRequest(dm.value().id()).ok()); // else neither sees the other
        const quint64 jonId = jon->client().user().id();
        auto stranger = signedIn(QStringLiteral("kim"));

        auto jonPhone = signedIn(QStringLiteral("jon")); // a second session: still online
        QVERIFY(jonPhone);
        QVERIFY(client::waitFor<Done>([&](auto done) { jon->client().setAway(true, done); }).ok());
        QVERIFY(
            client::waitFor<Done>([&](auto done) { jonPhone->client().setAway(true, done); }).ok());
        QTRY_VERIFY(!ida->presences.isEmpty() && ida->presences.back().state() == proto::AWAY);
        QCOMPARE(ida->presences.back().user_id(), jonId);

        const qint64 beforeLeaving = QDateTime::currentMSecsSinceEpoch();
        jonPhone.reset();
        jon.reset();
        QTRY_VERIFY(ida->presences.back().state() == proto::OFFLINE);
        const qint64 lastSeen = ida->presences.back().last_seen_ms();
        QVERIFY(lastSeen >= beforeLeaving - 1000);
        QVERIFY(stranger->presences.isEmpty()); // shares no conversation with Jon

        auto ask = [&](TestClient &who) {
            return client::waitFor<proto::PresenceReply>(
                [&](auto done) { who.client().presence({jonId}, done); });
        };
        QCOMPARE(ask(*stranger).value().presences_size(), 0);

        // Persisted: the same answer after a restart.
        QVERIFY(m_server->restart());
        ida = signedIn(QStringLiteral("ida"));
        QVERIFY(ida);
        auto answer = ask(*ida);
        QVERIFY(answer.ok());
        QCOMPARE(answer.value().presences_size(), 1);
        QCOMPARE(answer.value().presences(0).state(), proto::OFFLINE);
        QCOMPARE(answer.value().presences(0).last_seen_ms(), lastSeen);

        // Jon hides his last-seen time: Ida no longer gets it, live or on request.
        jon = signedIn(QStringLiteral("jon"));
        QTRY_VERIFY(!ida->presences.isEmpty() && ida->presences.back().state() == proto::ONLINE);
        proto::AccountSettings hidden;
        hidden.set_hide_last_seen(true);
        QVERIFY(jon->updateSettings(hidden).value().hide_last_seen());
        jon.reset();
        QTRY_VERIFY(ida->presences.back().state() == proto::OFFLINE);
        QCOMPARE(ida->presences.back().last_seen_ms(), 0);
        QCOMPARE(ask(*ida).value().presences(0).last_seen_ms(), 0);
    }
};

QTEST_GUILESS_MAIN(TestPresence)
#include "tst_presence.moc"

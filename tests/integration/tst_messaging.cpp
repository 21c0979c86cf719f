#include "server_fixture.h"
#include "test_client.h"

#include <QtTest>
#include <memory>

using namespace natter;
using natter::test::ServerFixture;
using natter::test::TestClient;

class TestMessaging : public QObject {
    Q_OBJECT
private:
    ServerFixture m_server;
    std::unique_ptr<TestClient> signedIn(const QString &name)
    {
        return TestClient::signedIn(m_server.url(), name);
    }

private slots:
    void initTestCase() { QVERIFY(m_server.start()); }

    void directMessageReachesBothSides()
    {
        auto alice = signedIn(QStringLiteral("alice"));
        auto bob = signedIn(QStringLiteral("bob"));
        auto bobPhone = signedIn(QStringLiteral("bob"));
        QVERIFY(alice && bob && bobPhone);
        const auto dm = alice->createDirect(QStringLiteral("bob"));
        QVERIFY2(dm.ok(), qPrintable(dm.failure().message));
        QCOMPARE(dm.value().title(), "bob");
        QTRY_COMPARE(bob->conversationEvents.size(), 1);
        QCOMPARE(bob->conversationEvents[0].change(), proto::ConversationEvent::CREATED);
        QCOMPARE(bob->conversationEvents[0].conversation().title(), "alice");

        const auto sent = alice->send(dm.value().id(), QStringLiteral("hi bob"));
        QVERIFY(sent.ok());
        QCOMPARE(sent.value().seq(), 1u);
        QVERIFY(bob->waitForMessages(1));
        QVERIFY(bobPhone->waitForMessages(1)); // every device of the recipient
        QCOMPARE(bob->received[0].text(), "hi bob");
        QCOMPARE(bob->received[0].sender_username(), "alice");
        QVERIFY(alice->waitForMessages(1)); // and the sender's own sessions

        const auto list = bob->conversations();
        QVERIFY(list.ok());
        QCOMPARE(list.value().conversations_size(), 1);
        QCOMPARE(list.value().conversations(0).unread_count(), 1u);
        QCOMPARE(list.value().conversations(0).last_message().text(), "hi bob");
        QCOMPARE(alice->conversations().value().conversations(0).unread_count(), 0u);

        // Reading on one device clears the count everywhere.
        const auto read = client::waitFor<proto::MarkReadReply>(
            [&](auto done) { bobPhone->client().markRead(dm.value().id(), 1, done); });
        QCOMPARE(read.value().unread_count(), 0u);
        QCOMPARE(bob->conversations().value().conversations(0).unread_count(), 0u);
    }

    void concurrentCreateDirectYieldsOneConversation()
    {
        auto carol = signedIn(QStringLiteral("carol"));
        auto dave = signedIn(QStringLiteral("dave"));
        QVERIFY(carol && dave);
        std::optional<Result<proto::Conversation>> fromCarol;
        std::optional<Result<proto::Conversation>> fromDave;
        // Both requests are in flight at the same time.
        carol->client().createDirect(QStringLiteral("dave"),
                                     [&](Result<proto::Conversation> r) { fromCarol = r; });
        dave->client().createDirect(QStringLiteral("carol"),
                                    [&](Result<proto::Conversation> r) { fromDave = r; });
        QTRY_VERIFY(fromCarol.has_value() && fromDave.has_value());
        QVERIFY(fromCarol->ok() && fromDave->ok());
        QCOMPARE(fromCarol->value().id(), fromDave->value().id());
        QCOMPARE(carol->conversations().value().conversations_size(), 1);
        QCOMPARE(dave->conversations().value().conversations_size(), 1);
    }

    void groupOfFiveDeliversEveryMessageOnceInOrder()
    {
        QList<std::shared_ptr<TestClient>> members;
        QStringList names;
        for (int i = 0; i < 5; ++i) {
            names.append(QStringLiteral("member%1").arg(i));
            members.append(signedIn(names.back()));
            QVERIFY(members.back());
        }
        const auto group = members[0]->createGroup(QStringLiteral("Five"), names.mid(1));
        QVERIFY2(group.ok(), qPrintable(group.failure().message));
        QCOMPARE(group.value().members_size(), 5);
        const quint64 id = group.value().id();

        // Every member sends 10 messages, interleaved and without waiting for acks.
        int acked = 0;
        for (int round = 0; round < 10; ++round) {
            for (auto &m : members) {
                m->client().sendMessage(id, client::Client::newClientMsgId(),
                                        QStringLiteral("r%1").arg(round),
                                        [&](Result<proto::SendMessageReply> r) {
                                            QVERIFY(r.ok());
                                            ++acked;
                                        });
            }
        }
        QTRY_COMPARE_WITH_TIMEOUT(acked, 50, 20'000);
        // Sent after every ack: once it arrives, nothing of the 50 can still be on the way.
        QVERIFY(members.front()->send(id, QStringLiteral("sentinel")).ok());
        for (auto &m : members) {
            QVERIFY(m->waitForMessages(51));
            QCOMPARE(m->received.size(), 51);
            for (int i = 0; i < 51; ++i)
                QCOMPARE(m->received[i].seq(), quint64(i + 1));
            QCOMPARE(m->received.back().text(), "sentinel");
        }
    }

    void retriedSendIsStoredOnce()
    {
        auto erin = signedIn(QStringLiteral("erin"));
        auto frank = signedIn(QStringLiteral("frank"));
        QVERIFY(erin && frank);
        const quint64 id = erin->createDirect(QStringLiteral("frank")).value().id();
        const auto first = erin->send(id, QStringLiteral("only once"), QStringLiteral("retry-1"));
        QVERIFY(first.ok());
        QVERIFY(!first.value().duplicate());
        const auto retry = erin->send(id, QStringLiteral("only once"), QStringLiteral("retry-1"));
        QVERIFY(retry.ok());
        QVERIFY(retry.value().duplicate());
        QCOMPARE(retry.value().seq(), first.value().seq());
        QCOMPARE(retry.value().sent_at_ms(), first.value().sent_at_ms());
        QVERIFY(erin->send(id, QStringLiteral("sentinel")).ok());
        QVERIFY(frank->waitForMessages(2));
        QCOMPARE(frank->received.size(), 2); // the retry is not delivered again
        QCOMPARE(frank->received.back().text(), "sentinel");
        QCOMPARE(frank->messages(id, 0, 0, 50).value().messages_size(), 2); // and the sentinel
    }

    void thousandMessagesPageBothWays()
    {
        auto gina = signedIn(QStringLiteral("gina"));
        auto hank = signedIn(QStringLiteral("hank"));
        QVERIFY(gina && hank);
        const quint64 id = gina->createDirect(QStringLiteral("hank")).value().id();
        int acked = 0;
        for (int i = 1; i <= 1000; ++i)
            gina->client().sendMessage(id, QStringLiteral("m%1").arg(i),
                                       QStringLiteral("message %1").arg(i),
                                       [&](Result<proto::SendMessageReply> r) {
                                           if (r.ok())
                                               ++acked;
                                       });
        QTRY_COMPARE_WITH_TIMEOUT(acked, 1000, 60'000);

        // Backwards from the newest page.
        QList<quint64> seen;
        quint64 before = 0;
        for (;;) {
            const auto page = hank->messages(id, before, 0, 100);
            QVERIFY(page.ok());
            QList<quint64> seqs;
            for (const auto &m : page.value().messages())
                seqs.append(m.seq());
            QVERIFY(std::is_sorted(seqs.begin(), seqs.end()));
            seen = seqs + seen;
            if (!page.value().has_more())
                break;
            before = seqs.front();
        }
        QCOMPARE(seen.size(), 1000);
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(seen[i], quint64(i + 1));

        // Forwards from the first message (after_seq = 0 would ask for the newest page).
        seen = {1};
        quint64 after = 1;
        bool more = true;
        while (more) {
            const auto page = hank->messages(id, 0, after, 200);
            QVERIFY(page.ok());
            for (const auto &m : page.value().messages())
                seen.append(m.seq());
            more = page.value().has_more();
            after = seen.back();
        }
        QCOMPARE(seen.size(), 1000);
        QCOMPARE(seen.back(), 1000u);
        QCOMPARE(hank->messages(id, 0, 0, 1).value().messages(0).text(), "message 1000");
    }

    void nonMembersCannotReadOrSend()
    {
        auto ivy = signedIn(QStringLiteral("ivy"));
        auto jack = signedIn(QStringLiteral("jack"));
        auto mallory = signedIn(QStringLiteral("mallory"));
        QVERIFY(ivy && jack && mallory);
        const quint64 id = ivy->createDirect(QStringLiteral("jack")).value().id();
        QVERIFY(ivy->send(id, QStringLiteral("private")).ok());
        QCOMPARE(mallory->messages(id, 0, 0, 10).failure().code, proto::NOT_A_MEMBER);
        QCOMPARE(mallory->send(id, QStringLiteral("let me in")).failure().code,
                 proto::NOT_A_MEMBER);
        QCOMPARE(mallory->send(987654, QStringLiteral("?")).failure().code,
                 proto::CONVERSATION_NOT_FOUND);
        QCOMPARE(ivy->messages(id, 0, 0, 10).value().messages_size(), 1);
        // A message to Mallory herself, sent last: the first (and only) one she receives.
        const auto toMallory = ivy->createDirect(QStringLiteral("mallory"));
        QVERIFY(toMallory.ok());
        QVERIFY(ivy->send(toMallory.value().id(), QStringLiteral("sentinel")).ok());
        QVERIFY(mallory->waitForMessages(1));
        QCOMPARE(mallory->received.size(), 1);
        QCOMPARE(mallory->received.front().text(), "sentinel");
    }

    void groupMembershipByAdminsOnly()
    {
        auto kate = signedIn(QStringLiteral("kate"));
        auto liam = signedIn(QStringLiteral("liam"));
        auto mia = signedIn(QStringLiteral("mia"));
        QVERIFY(kate && liam && mia);
        const quint64 id =
            kate->createGroup(QStringLiteral("Design"), {QStringLiteral("liam")}).value().id();
        const auto byMember = client::waitFor<proto::Conversation>(
            [&](auto done) { liam->client().addMembers(id, {QStringLiteral("mia")}, done); });
        QCOMPARE(byMember.failure().code, proto::NOT_ADMIN);
        const auto added = client::waitFor<proto::Conversation>(
            [&](auto done) { kate->client().addMembers(id, {QStringLiteral("mia")}, done); });
        QVERIFY(added.ok());
        QCOMPARE(added.value().members_size(), 3);
        QTRY_COMPARE(mia->conversationEvents.size(), 1);
        QCOMPARE(mia->conversationEvents[0].change(), proto::ConversationEvent::CREATED);
        QVERIFY(mia->send(id, QStringLiteral("thanks")).ok());
        // Mia reads the newest page (now kept in natterd's cache, members included)...
        QCOMPARE(mia->messages(id, 0, 0, 10).value().messages_size(), 1);

        const auto removed = client::waitFor<proto::Conversation>(
            [&](auto done) { kate->client().removeMembers(id, {QStringLiteral("mia")}, done); });
        QVERIFY(removed.ok());
        QCOMPARE(removed.value().members_size(), 2);
        QTRY_COMPARE(mia->conversationEvents.size(), 2);
        QCOMPARE(mia->conversationEvents[1].change(), proto::ConversationEvent::REMOVED);
        QCOMPARE(mia->send(id, QStringLiteral("still here?")).failure().code, proto::NOT_A_MEMBER);
        // ...and after her removal the cached page is not hers any more.
        QCOMPARE(mia->messages(id, 0, 0, 10).failure().code, proto::NOT_A_MEMBER);
        QVERIFY(kate->send(id, QStringLiteral("without mia")).ok());
        const auto page = liam->messages(id, 0, 0, 10);
        QCOMPARE(page.value().messages_size(), 2);
        QCOMPARE(page.value().messages(1).text(), "without mia");
        QCOMPARE(mia->conversations().value().conversations_size(), 0);
        QCOMPARE(kate->createGroup(QStringLiteral("Ghosts"), {QStringLiteral("nobody-here")})
                     .failure()
                     .code,
                 proto::USER_NOT_FOUND);
    }

    void conversationListPagesByActivity()
    {
        auto nora = signedIn(QStringLiteral("nora"));
        QVERIFY(nora);
        QList<quint64> ids;
        for (int i = 0; i < 5; ++i) {
            auto peer = signedIn(QStringLiteral("peer%1").arg(i));
            QVERIFY(peer);
            ids.append(nora->createDirect(QStringLiteral("peer%1").arg(i)).value().id());
        }
        // Activity in the oldest conversation moves it to the top (a later millisecond than
        // the conversations' creation; the list read after the ack sees the update).
        const qint64 created = QDateTime::currentMSecsSinceEpoch();
        QTRY_VERIFY(QDateTime::currentMSecsSinceEpoch() > created);
        QVERIFY(nora->send(ids[0], QStringLiteral("bump")).ok());
        QList<quint64> listed;
        QString cursor;
        do {
            const auto page = nora->conversations(cursor, 2);
            QVERIFY(page.ok());
            QVERIFY(page.value().conversations_size() <= 2);
            for (const auto &s : page.value().conversations())
                listed.append(s.conversation().id());
            cursor = QString::fromStdString(page.value().next_cursor());
        } while (!cursor.isEmpty());
        QCOMPARE(listed.size(), 5);
        QCOMPARE(listed.front(), ids[0]);
        QCOMPARE(nora->conversations(QStringLiteral("garbage"), 2).failure().code,
                 proto::INVALID_ARGUMENT);
    }
};

QTEST_GUILESS_MAIN(TestMessaging)
#include "tst_messaging.moc"

// natterd serves its WebSockets on several gateway threads: connections are spread over them,
// and messages, errors and disconnects cross between threads without loss, duplicates or
// reordering.
#include "server_fixture.h"
#include "test_client.h"

#include <QtTest>
#include <memory>

using namespace natter;
using natter::test::ServerFixture;
using natter::test::TestClient;

class TestGatewayThreads : public QObject {
    Q_OBJECT
private:
    static constexpr int kThreads = 3;
    static constexpr int kMembers = 6;
    static constexpr int kRounds = 20;
    std::unique_ptr<ServerFixture> m_server;
    QList<std::shared_ptr<TestClient>> m_members; // m_members[0] is an admin
    quint64 m_group = 0;

    proto::ServerStatsReply serverStats()
    {
        auto stats = client::waitFor<proto::ServerStatsReply>(
            [&](auto done) { m_members[0]->client().serverStats(done); });
        return stats.ok() ? stats.value() : proto::ServerStatsReply();
    }
    QList<quint64> connectionsPerThread()
    {
        const auto counts = serverStats().connections_per_thread();
        return QList<quint64>(counts.begin(), counts.end());
    }

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<ServerFixture>(
            QStringList{QStringLiteral("--gateway-threads"), QString::number(kThreads)});
        QVERIFY(m_server->start());
        QStringList names;
        for (int i = 0; i < kMembers; ++i) {
            names.append(QStringLiteral("member%1").arg(i));
            m_members.append(TestClient::signedIn(m_server->url(), names.back()));
            QVERIFY(m_members.back());
        }
        QVERIFY(m_server->grantAdmin(names.constFirst()));
        const auto group = m_members[0]->createGroup(QStringLiteral("Threads"), names.mid(1));
        QVERIFY2(group.ok(), qPrintable(group.failure().message));
        m_group = group.value().id();
    }

    void connectionsAreSpreadOverEveryThread()
    {
        // Six connections made one after another: two on each of the three threads.
        QCOMPARE(connectionsPerThread(), (QList<quint64>{2, 2, 2}));
    }

    void messagesCrossThreadsOnceAndInOrder()
    {
        int acked = 0;
        for (int round = 0; round < kRounds; ++round) {
            for (auto &member : m_members) {
                member->client().sendMessage(m_group, client::Client::newClientMsgId(),
                                             QStringLiteral("r%1").arg(round),
                                             [&](Result<proto::SendMessageReply> r) {
                                                 QVERIFY(r.ok());
                                                 ++acked;
                                             });
            }
        }
        constexpr int kTotal = kRounds * kMembers;
        QTRY_COMPARE_WITH_TIMEOUT(acked, kTotal, 20'000);
        // The sentinel, sent after every ack: whatever came twice arrived before it.
        QVERIFY(m_members.front()->send(m_group, QStringLiteral("sentinel")).ok());
        for (auto &member : m_members) {
            QVERIFY(member->waitForMessages(kTotal + 1));
            QCOMPARE(member->received.size(), kTotal + 1);
            for (int i = 0; i <= kTotal; ++i)
                QCOMPARE(member->received[i].seq(), quint64(i + 1));
            QCOMPARE(QString::fromStdString(member->received.back().text()),
                     QStringLiteral("sentinel"));
        }
    }

    void aConversationWithNewMessagesIsOpenedFromTheCache()
    {
        // Sending made the group active: its newest page is in memory without anyone having
        // asked for it, so opening it needs no SQL.
        const auto before = serverStats();
        QVERIFY(before.cached_conversations() >= 1);
        const auto page = m_members[3]->messages(m_group, 0, 0, 50);
        QVERIFY(page.ok());
        QCOMPARE(page.value().messages_size(), 50);
        QCOMPARE(page.value().messages(49).seq(), quint64(kRounds * kMembers + 1)); // + sentinel
        const auto after = serverStats();
        QCOMPARE(after.cache_hits(), before.cache_hits() + 1);
        QCOMPARE(after.cache_misses(), before.cache_misses());
    }

    void badFrameIsAnsweredOnItsOwnThread()
    {
        // member2 is served by the third thread (connections were handed out in turn).
        TestClient &member = *m_members[2];
        member.serverErrors.clear();
        member.client().connection().sendRawFrame(QByteArray("\xff\xff\xff\xff garbage", 12));
        QTRY_COMPARE(member.serverErrors.size(), 1);
        QCOMPARE(member.serverErrors[0].code(), proto::MALFORMED_FRAME);
        QVERIFY(member.send(m_group, QStringLiteral("still served")).ok());
    }

    void aDroppedConnectionLeavesTheOthersServed()
    {
        m_members.takeAt(5).reset(); // its socket goes away without a close handshake
        QTRY_COMPARE(connectionsPerThread(), (QList<quint64>{2, 2, 1}));
        QVERIFY(m_members[1]->send(m_group, QStringLiteral("after the drop")).ok());
        // Earlier messages may still be arriving; wait for this one.
        QTRY_VERIFY(!m_members[4]->received.isEmpty() &&
                    m_members[4]->received.back().text() == "after the drop");
    }
};

QTEST_GUILESS_MAIN(TestGatewayThreads)
#include "tst_gateway_threads.moc"

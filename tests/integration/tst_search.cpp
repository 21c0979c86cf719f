// Search against a real natterd over WebSockets: who sees what, what matches, bad input, the
// index across a restart, and the page around a message (how a hit is opened).
#include "server_fixture.h"
#include "test_client.h"

#include <QtTest>
#include <memory>

using namespace natter;
using natter::test::ServerFixture;
using natter::test::TestClient;

class TestSearch : public QObject {
    Q_OBJECT
private:
    ServerFixture m_server;
    std::unique_ptr<TestClient> signedIn(const QString &name)
    {
        return TestClient::signedIn(m_server.url(), name);
    }

    static Result<proto::SearchReply> search(TestClient &client, const proto::SearchRequest &r)
    {
        return client::waitFor<proto::SearchReply>(
            [&](auto done) { client.client().search(r, done); });
    }
    static Result<proto::SearchReply> search(TestClient &client, const QByteArray &query,
                                             quint64 conversationId = 0)
    {
        proto::SearchRequest r;
        r.set_query(query.toStdString());
        r.set_conversation_id(conversationId);
        return search(client, r);
    }
    /// The texts hit, as the snippets show them (short messages: the whole text).
    static QStringList snippets(const Result<proto::SearchReply> &reply)
    {
        QStringList texts;
        if (!reply.ok()) {
            qWarning() << "search failed:" << reply.failure().message;
            return {QStringLiteral("<error>")};
        }
        for (const auto &hit : reply.value().hits())
            texts.append(QString::fromStdString(hit.snippet()));
        return texts;
    }

    static QStringList texts(std::initializer_list<const char *> utf8)
    {
        QStringList list;
        for (const char *text : utf8)
            list.append(QString::fromUtf8(text));
        return list;
    }

private slots:
    void initTestCase() { QVERIFY(m_server.start()); }

    void onlyTheCallersConversationsAreSearched()
    {
        auto alice = signedIn(QStringLiteral("alice"));
        auto bob = signedIn(QStringLiteral("bob"));
        auto carol = signedIn(QStringLiteral("carol"));
        auto dave = signedIn(QStringLiteral("dave"));
        QVERIFY(alice && bob && carol && dave);
        const auto ab = alice->createDirect(QStringLiteral("bob")).value().id();
        const auto cd = carol->createDirect(QStringLiteral("dave")).value().id();
        QVERIFY(alice->send(ab, QStringLiteral("the secret launch plan")).ok());
        QVERIFY(carol->send(cd, QStringLiteral("launch party on friday")).ok());

        QCOMPARE(snippets(search(*alice, "launch")), texts({"the secret launch plan"}));
        QCOMPARE(snippets(search(*bob, "launch")), texts({"the secret launch plan"}));
        QCOMPARE(snippets(search(*carol, "launch")), texts({"launch party on friday"}));
        // Naming someone else's conversation gets an error, not its messages.
        QCOMPARE(search(*carol, "launch", ab).failure().code, proto::NOT_A_MEMBER);

        // Who leaves a group no longer finds its messages.
        const auto group = alice->createGroup(QStringLiteral("team"),
                                              {QStringLiteral("bob"), QStringLiteral("carol")});
        QVERIFY(group.ok());
        QVERIFY(alice->send(group.value().id(), QStringLiteral("launch moved to monday")).ok());
        QCOMPARE(snippets(search(*carol, "launch")).size(), 2);
        proto::Envelope leave;
        leave.mutable_remove_members_request()->set_conversation_id(group.value().id());
        leave.mutable_remove_members_request()->add_usernames("carol");
        QVERIFY(alice->request(leave).ok());
        QCOMPARE(snippets(search(*carol, "launch")), texts({"launch party on friday"}));
    }

    void matchingIgnoresCaseAndAccentsAndFindsPartsOfWords_data()
    {
        QTest::addColumn<QByteArray>("query");
        QTest::addColumn<QStringList>("found");
        QTest::newRow("prefix") << QByteArray("deplo") << texts({"Deployment at 5"});
        QTest::newRow("inside a word") << QByteArray("PLOYM") << texts({"Deployment at 5"});
        QTest::newRow("accent") << QByteArray("creme brulee")
                                << texts({"Crème brûlée for dessert"});
        QTest::newRow("accent in query")
            << QByteArray("Crème") << texts({"Crème brûlée for dessert"});
        QTest::newRow("cjk two characters")
            << QByteArray("東京") << texts({"明日は東京タワーに行く"});
        QTest::newRow("cjk inside") << QByteArray("京タワ") << texts({"明日は東京タワーに行く"});
        QTest::newRow("quotes") << QByteArray("\"quoted\"")
                                << texts({"he said \"quoted\" (NEAR) x-ray a*b"});
        QTest::newRow("syntax words") << QByteArray("NEAR x-ray a*b (near)")
                                      << texts({"he said \"quoted\" (NEAR) x-ray a*b"});
        QTest::newRow("unbalanced")
            << QByteArray("\"quo") << texts({"he said \"quoted\" (NEAR) x-ray a*b"});
        QTest::newRow("minus is text")
            << QByteArray("-ray") << texts({"he said \"quoted\" (NEAR) x-ray a*b"});
        QTest::newRow("every term") << QByteArray("deployment dessert") << QStringList{};
    }
    void matchingIgnoresCaseAndAccentsAndFindsPartsOfWords()
    {
        QFETCH(QByteArray, query);
        QFETCH(QStringList, found);
        auto erin = signedIn(QStringLiteral("erin"));
        auto frank = signedIn(QStringLiteral("frank"));
        QVERIFY(erin && frank);
        const auto conv = erin->createDirect(QStringLiteral("frank")).value().id();
        if (erin->messages(conv, 0, 0, 1).value().messages_size() == 0) {
            for (const char *text :
                 {"Deployment at 5", "Crème brûlée for dessert", "明日は東京タワーに行く",
                  "he said \"quoted\" (NEAR) x-ray a*b"})
                QVERIFY(erin->send(conv, QString::fromUtf8(text)).ok());
        }
        QCOMPARE(snippets(search(*frank, query, conv)), found);
    }

    void newestFirstPagesHoldEveryHitOnce()
    {
        auto gina = signedIn(QStringLiteral("gina"));
        QVERIFY(gina);
        QList<quint64> conversations;
        for (const char *other : {"hank", "ivan", "jill"}) {
            QVERIFY(signedIn(QString::fromLatin1(other)));
            conversations.append(gina->createDirect(QString::fromLatin1(other)).value().id());
        }
        for (int i = 0; i < 25; ++i)
            QVERIFY(gina->send(conversations[i % 3], QStringLiteral("needle %1").arg(i)).ok());
        proto::SearchRequest r;
        r.set_query("needle");
        r.set_limit(4);
        QStringList all;
        QList<std::tuple<qint64, quint64, quint64>> keys; // newest first: time, conversation, seq
        do {
            const auto page = search(*gina, r);
            QVERIFY(page.ok());
            all += snippets(page);
            for (const auto &hit : page.value().hits())
                keys.append({hit.message().sent_at_ms(), hit.message().conversation_id(),
                             hit.message().seq()});
            r.set_cursor(page.value().next_cursor());
        } while (!r.cursor().empty());
        QCOMPARE(all.size(), 25);
        for (qsizetype i = 1; i < keys.size(); ++i)
            QVERIFY2(keys[i] < keys[i - 1], "newest first, each hit once");
        QStringList expected;
        for (int i = 0; i < 25; ++i)
            expected.append(QStringLiteral("needle %1").arg(i));
        all.sort();
        expected.sort();
        QCOMPARE(all, expected);
        QCOMPARE(snippets(search(*gina, "needle 24")), texts({"needle 24"}));
    }

    void badInputGetsTypedErrorsAndTheConnectionKeepsServing()
    {
        auto kim = signedIn(QStringLiteral("kim"));
        QVERIFY(kim && signedIn(QStringLiteral("lee")));
        const auto conv = kim->createDirect(QStringLiteral("lee")).value().id();
        QVERIFY(kim->send(conv, QStringLiteral("what? (really)")).ok());

        QCOMPARE(search(*kim, "").failure().code, proto::INVALID_ARGUMENT);
        QCOMPARE(search(*kim, " \t ").failure().code, proto::INVALID_ARGUMENT);
        QCOMPARE(search(*kim, QByteArray(10'000, 'a')).failure().code, proto::INVALID_ARGUMENT);
        QCOMPARE(search(*kim, "caf\xc3").failure().code, proto::INVALID_TEXT);
        QCOMPARE(snippets(search(*kim, "? ( ) ***")), QStringList{}); // no word to look for
        QCOMPARE(search(*kim, "what", 999'999).failure().code, proto::NOT_A_MEMBER);
        proto::SearchRequest r;
        r.set_query("what");
        r.set_cursor("\x08\x01garbage");
        QCOMPARE(search(*kim, r).failure().code, proto::INVALID_ARGUMENT);
        r.clear_cursor();
        r.set_from_username("nobody-here");
        QCOMPARE(search(*kim, r).failure().code, proto::USER_NOT_FOUND);
        r.clear_from_username();
        r.set_after_ms(2000);
        r.set_before_ms(1000);
        QCOMPARE(search(*kim, r).failure().code, proto::INVALID_ARGUMENT);
        r.set_before_ms(0);
        r.set_order(proto::SearchOrder(7));
        QCOMPARE(search(*kim, r).failure().code, proto::INVALID_ARGUMENT);

        // Still serving, and nothing was lost.
        QCOMPARE(snippets(search(*kim, "(really)")), texts({"what? (really)"}));
        QVERIFY(kim->send(conv, QStringLiteral("after all that")).ok());
    }

    void theIndexSurvivesARestart()
    {
        {
            auto mia = signedIn(QStringLiteral("mia"));
            QVERIFY(mia && signedIn(QStringLiteral("ned")));
            const auto conv = mia->createDirect(QStringLiteral("ned")).value().id();
            QVERIFY(mia->send(conv, QStringLiteral("remember the zebra")).ok());
        }
        QVERIFY(m_server.restart());
        auto ned = signedIn(QStringLiteral("ned"));
        QVERIFY(ned);
        QCOMPARE(snippets(search(*ned, "zebra")), texts({"remember the zebra"}));
    }

    void thePageAroundAMessageHoldsItAndItsNeighbours()
    {
        auto olga = signedIn(QStringLiteral("olga"));
        QVERIFY(olga && signedIn(QStringLiteral("pete")));
        const auto conv = olga->createDirect(QStringLiteral("pete")).value().id();
        for (int i = 1; i <= 60; ++i)
            QVERIFY(olga->send(conv, QStringLiteral("m%1").arg(i)).ok());
        auto around = [&](quint64 seq, quint32 limit) {
            return client::waitFor<proto::MessagesReply>(
                [&](auto done) { olga->client().messagesAround(conv, seq, limit, done); });
        };
        auto seqs = [](const proto::MessagesReply &page) {
            return QPair<quint64, quint64>(page.messages(0).seq(),
                                           page.messages(page.messages_size() - 1).seq());
        };
        const auto middle = around(30, 10);
        QVERIFY(middle.ok());
        QCOMPARE(seqs(middle.value()), (QPair<quint64, quint64>(25, 34)));
        QVERIFY(middle.value().has_more() && middle.value().has_more_after());
        const auto start = around(1, 10);
        QCOMPARE(seqs(start.value()), (QPair<quint64, quint64>(1, 10)));
        QVERIFY(!start.value().has_more() && start.value().has_more_after());
        const auto end = around(59, 10);
        QCOMPARE(seqs(end.value()), (QPair<quint64, quint64>(51, 60)));
        QVERIFY(end.value().has_more() && !end.value().has_more_after());

        proto::Envelope both;
        both.mutable_get_messages_request()->set_conversation_id(conv);
        both.mutable_get_messages_request()->set_around_seq(5);
        both.mutable_get_messages_request()->set_before_seq(9);
        QCOMPARE(olga->request(both).failure().code, proto::INVALID_ARGUMENT);
        auto quinn = signedIn(QStringLiteral("quinn"));
        const auto outsider = client::waitFor<proto::MessagesReply>(
            [&](auto done) { quinn->client().messagesAround(conv, 5, 10, done); });
        QCOMPARE(outsider.failure().code, proto::NOT_A_MEMBER);
    }
};

QTEST_GUILESS_MAIN(TestSearch)
#include "tst_search.moc"

// MessageSearch over a real shard file: the order and paging of hits, the work bound, the
// backlog of messages stored before the index existed, and the filters.
#include "sql_dump.h"
#include "storage/message_search.h"
#include "storage/search_index.h"
#include "storage/shard_store.h"

#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <functional>

using namespace natter;
using namespace natter::server::storage;

namespace {
struct HitKey {
    qint64 sentAtMs;
    quint64 conversationId;
    quint64 seq;
    auto operator<=>(const HitKey &) const = default;
};
} // namespace

class TestMessageSearch : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QSqlDatabase m_db;
    const ShardMap m_map{1};
    const UserRow alice{1, QStringLiteral("alice"), QStringLiteral("Alice")};
    const UserRow bob{2, QStringLiteral("bob"), QStringLiteral("Bob")};
    const UserRow carol{3, QStringLiteral("carol"), QStringLiteral("Carol")};
    qint64 m_now = 1'000'000;

    void open(const QString &name)
    {
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        m_db.setDatabaseName(m_dir.filePath(name + QStringLiteral(".sqlite")));
        QVERIFY(m_db.open());
        QString error;
        QVERIFY(configureConnection(m_db, &error));
    }

    void send(quint64 conversation, quint64 sender, const QString &text,
              const QList<proto::Attachment> &files = {})
    {
        static int n = 0;
        ShardStore store(m_db);
        const auto sent = store.appendBatch(
            {SendRequest{conversation, sender, QString::number(++n), text, {}, false, files}},
            ++m_now);
        QVERIFY2(sent.front().ok(), qPrintable(sent.front().failure().message));
    }

    TrigramStatistics *m_statistics = nullptr; // what search() uses; none: count every time

    Result<proto::SearchReply> search(quint64 user, const QString &query,
                                      const QByteArray &cursor = {}, int limit = 20,
                                      SearchParams params = {})
    {
        params.query = search::parseQuery(query);
        params.cursor = cursor;
        params.limit = limit;
        const std::vector<QSqlDatabase> shards{m_db};
        return MessageSearch(shards, m_map, m_statistics).run(user, params);
    }

    /// Every hit of the search, page by page; how many requests it took in `pages`.
    QList<HitKey> searchAll(quint64 user, const QString &query, int limit, int *pages = nullptr,
                            const SearchParams &params = {})
    {
        QList<HitKey> keys;
        QByteArray cursor;
        int requests = 0;
        do {
            const auto page = search(user, query, cursor, limit, params);
            if (!page.ok()) {
                qWarning() << page.failure().message;
                return {};
            }
            ++requests;
            for (const auto &hit : page.value().hits())
                keys.append({hit.message().sent_at_ms(), hit.message().conversation_id(),
                             hit.message().seq()});
            cursor = QByteArray::fromStdString(page.value().next_cursor());
        } while (!cursor.isEmpty() && requests < 1000);
        if (pages)
            *pages = requests;
        return keys;
    }

    /// Stores texts(seq) for seqs 1..count in conversation 10 and indexes them all.
    void storeIndexed(quint64 count, const std::function<QString(quint64)> &textOf)
    {
        ShardStore store(m_db);
        QList<SendRequest> batch;
        for (quint64 seq = 1; seq <= count; ++seq)
            batch.append(SendRequest{10, 1, QStringLiteral("t%1").arg(seq), textOf(seq), {}});
        for (const auto &sent : store.appendBatch(batch, ++m_now))
            QVERIFY(sent.ok());
        QCOMPARE(SearchIndex(m_db).indexPending(100'000).value(), 0u);
    }

    /// The seqs of every hit, page by page.
    QList<quint64> hitSeqs(const QString &query, int limit)
    {
        QList<quint64> seqs;
        for (const HitKey &key : searchAll(alice.id, query, limit))
            seqs.append(key.seq);
        return seqs;
    }

private slots:
    void init()
    {
        m_statistics = nullptr;
        static int n = 0;
        open(QStringLiteral("shard-%1").arg(++n));
        QString error;
        QVERIFY2(migrate(m_db, ShardStore::migrations(), &error), qPrintable(error));
        ShardStore store(m_db);
        QVERIFY(store.createConversation(10, proto::DIRECT, {}, {{alice, {}}, {bob, {}}}, 1).ok());
        QVERIFY(
            store.createConversation(11, proto::DIRECT, {}, {{alice, {}}, {carol, {}}}, 1).ok());
        QVERIFY(store.createConversation(12, proto::DIRECT, {}, {{bob, {}}, {carol, {}}}, 1).ok());
    }

    void hitsComeNewestFirstAcrossConversationsPageByPage()
    {
        for (int i = 0; i < 30; ++i) {
            send(i % 3 == 0 ? 10 : 11, 1, QStringLiteral("needle number %1").arg(i));
            send(12, 2, QStringLiteral("needle between bob and carol %1").arg(i));
            send(10, 2, QStringLiteral("hay %1").arg(i));
        }
        const QList<HitKey> keys = searchAll(alice.id, QStringLiteral("NEEDLE"), 7);
        QCOMPARE(keys.size(), 30); // none of conversation 12, which alice is not in
        for (qsizetype i = 1; i < keys.size(); ++i)
            QVERIFY2(keys[i] < keys[i - 1], "hits must come newest first, each once");
        QCOMPARE(
            QSet<quint64>({keys[0].conversationId, keys[1].conversationId, keys[2].conversationId}),
            QSet<quint64>({10, 11})); // needles 29, 28 in 11, 27 in 10: merged
        QCOMPARE(searchAll(carol.id, QStringLiteral("needle"), 50).size(), 20 + 30);

        const auto first = search(alice.id, QStringLiteral("number 29"));
        QCOMPARE(first.value().hits_size(), 1);
        const auto &hit = first.value().hits(0);
        QCOMPARE(hit.snippet(), "needle number 29");
        QCOMPARE(hit.ranges_size(), 2);
        QCOMPARE(hit.message().text(), ""); // the snippet carries it
        QCOMPARE(hit.message().sender_username(), "alice");
    }

    void pendingAndIndexedMessagesAreEachFoundOnce()
    {
        for (int i = 0; i < 10; ++i)
            send(10, 1, QStringLiteral("needle %1").arg(i));
        QSqlQuery count(m_db);
        QVERIFY(count.exec(QStringLiteral(
                    "SELECT COUNT(*) FROM search_index WHERE search_index MATCH 'eed'")) &&
                count.next());
        QCOMPARE(count.value(0).toInt(), 0); // pending: found by reading the messages
        QCOMPARE(searchAll(alice.id, QStringLiteral("needle"), 4).size(), 10);
        SearchIndex index(m_db);
        QCOMPARE(index.indexPending(6).value(), 1u); // six indexed, four still pending
        for (int i = 10; i < 15; ++i)
            send(10, 1, QStringLiteral("needle %1").arg(i));
        const QList<HitKey> mixed = searchAll(alice.id, QStringLiteral("needle"), 4);
        QCOMPARE(mixed.size(), 15);
        for (qsizetype i = 1; i < mixed.size(); ++i)
            QVERIFY(mixed[i] < mixed[i - 1]);
        QCOMPARE(index.indexPending(100).value(), 0u);
        QVERIFY(count.exec(QStringLiteral(
                    "SELECT COUNT(*) FROM search_index WHERE search_index MATCH 'eed'")) &&
                count.next());
        QCOMPARE(count.value(0).toInt(), 15);
        QCOMPARE(searchAll(alice.id, QStringLiteral("needle 1"), 20).size(), 6); // 1, 10-14
    }

    void indexingLeavesMergingToItsOwnBoundedJobs()
    {
        // Each indexing transaction writes a segment and merges nothing (a merge of hundreds
        // of pages inside it would hold the shard's commits back).
        SearchIndex index(m_db);
        const int segmentsBefore = index.segments().value();
        for (int i = 0; i < 5; ++i) {
            send(10, 1, QStringLiteral("merge me %1").arg(i));
            QCOMPARE(index.indexPending(100).value(), 0u);
        }
        QCOMPARE(index.segments().value(), segmentsBefore + 5);
        QSqlQuery config(m_db);
        QVERIFY(config.exec(QStringLiteral("SELECT v FROM search_index_config WHERE k = "
                                           "'automerge'")) &&
                config.next());
        QCOMPARE(config.value(0).toInt(), 0);
        // The merge job merges a level once it holds four segments (fewer for every search
        // to seek into than the eight natterd asked for before), a few pages at a time, until
        // nothing is left.
        int jobs = 0;
        while (index.merge(4).value())
            QVERIFY2(++jobs < 50, "merging must end");
        QVERIFY(jobs >= 1);
        QCOMPARE(index.segments().value(), segmentsBefore + 1);
        QVERIFY(config.exec(QStringLiteral("SELECT v FROM search_index_config WHERE k = "
                                           "'usermerge'")) &&
                config.next());
        QCOMPARE(config.value(0).toInt(), 4);
        QCOMPARE(searchAll(alice.id, QStringLiteral("merge me"), 5).size(), 5);
        QCOMPARE(searchAll(alice.id, QStringLiteral("me 4"), 20).size(), 1);
    }

    void oneRequestStopsAtTheWorkBoundAndTheCursorResumes()
    {
        ShardStore store(m_db);
        QList<SendRequest> batch;
        for (int i = 0; i < MessageSearch::kWorkBudget * 3 / 2; ++i)
            batch.append(
                SendRequest{10,
                            1,
                            QStringLiteral("f%1").arg(i),
                            i % 2000 == 0 ? QStringLiteral("zq here") : QStringLiteral("filler"),
                            {}});
        for (const auto &sent : store.appendBatch(batch, ++m_now))
            QVERIFY(sent.ok());
        // A two-letter term cannot use the trigram index: every message is examined.
        int pages = 0;
        const QList<HitKey> keys = searchAll(alice.id, QStringLiteral("zq"), 20, &pages);
        QCOMPARE(keys.size(), 3);
        QVERIFY2(pages >= 2, "one request must not examine every message");
        QCOMPARE(QSet<quint64>({keys[0].seq, keys[1].seq, keys[2].seq}),
                 QSet<quint64>({1, 2001, 4001}));
        // Once indexed (natterd does it right after each commit), the index finds the same
        // messages in one request.
        QCOMPARE(SearchIndex(m_db).indexPending(100'000).value(), 0u);
        QCOMPARE(searchAll(alice.id, QStringLiteral("zq here"), 20, &pages).size(), 3);
        QCOMPARE(pages, 1);
    }

    void aUserInManyConversationsGetsTheShardsCandidatesInOnePass()
    {
        // Alice is in ten more conversations (enough for one pass over the shard's index), and
        // the busiest has enough messages to sample the trigrams' counts from.
        ShardStore store(m_db);
        for (quint64 id = 20; id < 30; ++id)
            QVERIFY(store
                        .createConversation(id, proto::GROUP, QStringLiteral("room"),
                                            {{alice, proto::ADMIN}, {bob, {}}}, 1)
                        .ok());
        QVERIFY(store
                    .createConversation(30, proto::GROUP, QStringLiteral("not alice's"),
                                        {{bob, proto::ADMIN}, {carol, {}}}, 1)
                    .ok());
        QList<HitKey> expected;
        for (int i = 0; i < 18; ++i) {
            send(21 + quint64(i % 9), 2, QStringLiteral("the needle %1").arg(i));
            expected.append({m_now, 21 + quint64(i % 9), quint64(i / 9 + 1)});
            send(30, 2, QStringLiteral("a needle alice must not see %1").arg(i));
        }
        const qint64 lastIn21 = expected[9].sentAtMs;
        QList<SendRequest> chatter;
        for (int i = 0; i < 600; ++i)
            chatter.append(SendRequest{20,
                                       1,
                                       QStringLiteral("c%1").arg(i),
                                       QStringLiteral("the usual chatter %1").arg(i),
                                       {}});
        for (const auto &sent : store.appendBatch(chatter, ++m_now))
            QVERIFY(sent.ok());
        QCOMPARE(SearchIndex(m_db).indexPending(100'000).value(), 0u);
        // Not indexed yet, so read directly, each before its conversation's older messages
        // from the pass: one in the first conversation opened (where the shard's plan and
        // pass are made), one in a later one. A clock set back gives the second a time among
        // the older needles.
        const qint64 now = m_now;
        m_now = 1;
        send(21, 1, QStringLiteral("a needle sent with the clock set back"));
        expected.append({lastIn21, 21, 3});
        m_now = now;
        send(29, 1, QStringLiteral("one more needle"));
        expected.append({m_now, 29, 3});
        std::sort(expected.begin(), expected.end(), std::greater<>());

        int pages = 0;
        QCOMPARE(searchAll(alice.id, QStringLiteral("needle"), 40, &pages), expected);
        QCOMPARE(pages, 1);
        QCOMPARE(searchAll(alice.id, QStringLiteral("needle"), 4), expected); // page by page
        // 59, 159, ..., 559 and 590 to 599.
        QCOMPARE(searchAll(alice.id, QStringLiteral("usual chatter 59"), 20).size(), 16);
        QCOMPARE(searchAll(alice.id, QStringLiteral("nothing like it"), 20).size(), 0);
    }

    void aLongConversationIsReadWindowByWindowNewestFirst()
    {
        // A word in every message: each of the index's windows is the smallest (1,024 seqs;
        // a full one does not grow). Pages of 50 make the cursor resume inside them; a page
        // of 2,000 needs two windows in one request.
        QList<quint64> everySeq;
        for (quint64 seq = 5000; seq >= 1; --seq)
            everySeq.append(seq);
        storeIndexed(5000, [](quint64 seq) { return QStringLiteral("needle %1").arg(seq); });
        for (const int limit : {50, 2000})
            QCOMPARE(hitSeqs(QStringLiteral("needle"), limit), everySeq);
    }

    void aWindowWithMoreCandidatesThanItKeepsLosesNone()
    {
        // A word no recent text holds (the sample says: rare, so the first window spans the
        // whole conversation) in 5,000 older ones: more than a window keeps (one more than a
        // request examines), so the next request's window finds the rest.
        QList<quint64> ancient;
        for (quint64 seq = 5000; seq >= 1; --seq)
            ancient.append(seq);
        storeIndexed(6000, [](quint64 seq) {
            return seq <= 5000 ? QStringLiteral("ancient words %1").arg(seq)
                               : QStringLiteral("fresh talk %1").arg(seq);
        });
        for (const int limit : {500, 3000})
            QCOMPARE(hitSeqs(QStringLiteral("ancient"), limit), ancient);
    }

    void aLaterSearchChoosesItsTrigramsFromTheKeptSample()
    {
        ShardStore store(m_db);
        QList<SendRequest> chatter; // enough messages to sample the shares from
        for (int i = 0; i < 600; ++i)
            chatter.append(SendRequest{10,
                                       1,
                                       QStringLiteral("c%1").arg(i),
                                       QStringLiteral("deployment chatter %1").arg(i),
                                       {}});
        for (const auto &sent : store.appendBatch(chatter, ++m_now))
            QVERIFY(sent.ok());
        send(11, 3, QStringLiteral("the deployment of the rare widget"));
        QCOMPARE(SearchIndex(m_db).indexPending(100'000).value(), 0u);

        TrigramStatistics statistics;
        m_statistics = &statistics;
        const QList<HitKey> first = searchAll(alice.id, QStringLiteral("rare widget"), 20);
        QCOMPARE(first.size(), 1);
        QCOMPARE(statistics.taken(), 1);
        QCOMPARE(statistics.reused(), 0);
        QCOMPARE(searchAll(alice.id, QStringLiteral("rare widget"), 20), first);
        QCOMPARE(statistics.taken(), 1); // the shard's sample served again
        QCOMPARE(statistics.reused(), 1);
        // What the sample chooses changes the speed, never the hits.
        QCOMPARE(searchAll(alice.id, QStringLiteral("deployment"), 1000).size(), 601);
        m_statistics = nullptr;
        QCOMPARE(searchAll(alice.id, QStringLiteral("deployment"), 1000).size(), 601);
    }

    void messagesFromBeforeTheIndexAreFoundAndIndexedInTheBackground()
    {
        open(QStringLiteral("released-v3"));
        QString error;
        QVERIFY2(natter::test::loadSqlDump(m_db, QFINDTESTDATA("../data/migrations/shard_v3.sql"),
                                           &error),
                 qPrintable(error));
        QVERIFY2(migrate(m_db, ShardStore::migrations(), &error), qPrintable(error));
        SearchIndex index(m_db);
        QCOMPARE(index.backlog().value(), 6u); // five in the direct conversation, one in the group
        // Found before they are indexed (their conversations are read directly meanwhile)...
        QCOMPARE(searchAll(1, QStringLiteral("THEN"), 20).size(), 1);
        QCOMPARE(searchAll(1, QStringLiteral("budget"), 20).size(), 1); // a file's name
        QCOMPARE(index.indexBacklog(4).value(), 2u);
        QCOMPARE(searchAll(1, QStringLiteral("creme"), 20).size(), 1);
        QCOMPARE(index.indexBacklog(100).value(), 0u);
        // ... and after, through the index, once.
        QCOMPARE(searchAll(1, QStringLiteral("then"), 20).size(), 1);
        QCOMPARE(searchAll(1, QStringLiteral("ça va"), 20).size(), 1);
        QCOMPARE(searchAll(1, QStringLiteral("plan.pdf"), 20).size(), 1);
        QCOMPARE(searchAll(3, QStringLiteral("brûlée"), 20).size(), 1);
        QCOMPARE(searchAll(2, QStringLiteral("brulee"), 20).size(), 0); // ben is not in the group
        send(1, 1, QStringLiteral("and then more"));
        QCOMPARE(searchAll(2, QStringLiteral("then"), 20).size(), 2);
    }

    void filtersNarrowTheHits()
    {
        proto::Attachment file;
        file.set_blob_id(std::string(64, 'b'));
        file.set_file_name("Quarterly report.pdf");
        file.set_size(10);
        send(10, 1, QStringLiteral("report draft"));
        const qint64 middle = m_now + 1;
        send(10, 2, QStringLiteral("report final"), {file});
        send(11, 3, QStringLiteral("report for carol"));

        SearchParams params;
        params.senderId = bob.id;
        QCOMPARE(searchAll(alice.id, QStringLiteral("report"), 20, nullptr, params).size(), 1);
        params = {};
        params.withFiles = true;
        QCOMPARE(searchAll(alice.id, QStringLiteral("report"), 20, nullptr, params).size(), 1);
        // File names are searched too, and the snippet shows them.
        const auto byName = search(alice.id, QStringLiteral("quarterly"));
        QCOMPARE(byName.value().hits_size(), 1);
        QCOMPARE(byName.value().hits(0).snippet(), "report final Quarterly report.pdf");
        params = {};
        params.afterMs = middle;
        QCOMPARE(searchAll(alice.id, QStringLiteral("report"), 20, nullptr, params).size(), 2);
        params = {};
        params.beforeMs = middle;
        QCOMPARE(searchAll(alice.id, QStringLiteral("report"), 20, nullptr, params).size(), 1);
        params = {};
        params.conversationId = 11;
        QCOMPARE(searchAll(alice.id, QStringLiteral("report"), 20, nullptr, params).size(), 1);
        const auto outsider = search(bob.id, QStringLiteral("report"), {}, 20, params);
        QCOMPARE(outsider.failure().code, proto::NOT_A_MEMBER);
    }

    void relevancePutsWholeWordsFirst()
    {
        send(10, 1, QStringLiteral("we deploy on friday"));
        send(10, 1, QStringLiteral("redeployment notes"));
        send(10, 1, QStringLiteral("deployment plan"));
        SearchParams params;
        params.order = proto::RELEVANCE;
        params.query = search::parseQuery(u"deploy");
        params.limit = 2;
        const std::vector<QSqlDatabase> shards{m_db};
        const auto first = MessageSearch(shards, m_map).run(alice.id, params);
        QCOMPARE(first.value().hits_size(), 2);
        QCOMPARE(first.value().hits(0).snippet(), "we deploy on friday");
        QCOMPARE(first.value().hits(1).snippet(), "deployment plan");
        params.cursor = QByteArray::fromStdString(first.value().next_cursor());
        const auto second = MessageSearch(shards, m_map).run(alice.id, params);
        QCOMPARE(second.value().hits_size(), 1);
        QCOMPARE(second.value().hits(0).snippet(), "redeployment notes");
        QVERIFY(second.value().next_cursor().empty());
    }

    void aCursorFromElsewhereIsRefused()
    {
        send(10, 1, QStringLiteral("anything"));
        QCOMPARE(
            search(alice.id, QStringLiteral("any"), QByteArray("\xff\x01garbage")).failure().code,
            proto::INVALID_ARGUMENT);
    }
};

QTEST_GUILESS_MAIN(TestMessageSearch)
#include "tst_message_search.moc"

// Offline search over the desktop's cache: newest first, the shared matching rules, the index
// following what the cache keeps (eviction, removed conversations), and a cache from before
// search made searchable when it is opened.
#include "cache_search.h"
#include "local_cache.h"
#include "sql_dump.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace natter;
using namespace natter::client;

namespace {
proto::Message message(quint64 conv, quint64 seq, qint64 sentAtMs, const QString &text)
{
    proto::Message m;
    m.set_conversation_id(conv);
    m.set_seq(seq);
    m.set_sender_id(2);
    m.set_sender_username("ben");
    m.set_client_msg_id(QStringLiteral("id-%1-%2").arg(conv).arg(seq).toStdString());
    m.set_text(text.toStdString());
    m.set_sent_at_ms(sentAtMs);
    return m;
}

proto::Conversation conversation(quint64 id)
{
    proto::Conversation c;
    c.set_id(id);
    c.set_kind(proto::GROUP);
    c.set_title("room");
    return c;
}
} // namespace

class TestCacheSearch : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<LocalCache> m_cache;
    int m_n = 0;

    QList<CacheHit> find(const QString &query, quint64 conversationId = 0, int limit = 50)
    {
        return CacheSearch(m_cache->database())
            .search(search::parseQuery(query), conversationId, limit);
    }
    static QStringList texts(const QList<CacheHit> &hits)
    {
        QStringList list;
        for (const CacheHit &hit : hits)
            list.append(hit.snippet.text);
        return list;
    }

private slots:
    void init()
    {
        m_cache = std::make_unique<LocalCache>();
        QString error;
        QVERIFY2(m_cache->open(m_dir.filePath(QString::number(++m_n)), &error), qPrintable(error));
        QVERIFY(m_cache->upsertConversation(conversation(1)));
        QVERIFY(m_cache->upsertConversation(conversation(2)));
    }

    void newestFirstAcrossConversations()
    {
        // Stored out of time order (a history page arrives after newer messages), two in one
        // millisecond.
        QCOMPARE(m_cache->insertMessages({message(1, 10, 5000, QStringLiteral("Deploy at five")),
                                          message(2, 3, 5000, QStringLiteral("deploy twice")),
                                          message(2, 4, 9000, QStringLiteral("DÉPLOYÉ hier"))},
                                         1, false),
                 3);
        QCOMPARE(
            m_cache->insertMessages({message(1, 2, 1000, QStringLiteral("deploy old"))}, 1, false),
            1);
        const QList<CacheHit> hits = find(QStringLiteral("deplo"));
        QCOMPARE(hits.size(), 4);
        QCOMPARE(hits[0].snippet.text, QStringLiteral("DÉPLOYÉ hier"));
        QCOMPARE(hits[3].snippet.text, QStringLiteral("deploy old"));
        QCOMPARE(hits[0].senderUsername, QStringLiteral("ben"));
        QCOMPARE(hits[0].snippet.ranges, (QList<search::Range>{{0, 5}}));
        QCOMPARE(texts(find(QStringLiteral("deploy"), 1)),
                 (QStringList{QStringLiteral("Deploy at five"), QStringLiteral("deploy old")}));
        QCOMPARE(find(QStringLiteral("deplo"), 0, 2).size(), 2);
    }

    void shortAndCjkTermsAndFileNames()
    {
        proto::Message withFile = message(1, 1, 1000, QStringLiteral("see attached"));
        withFile.add_attachments()->set_file_name("Budget plan.pdf");
        QCOMPARE(m_cache->insertMessages(
                     {withFile, message(1, 2, 2000, QStringLiteral("明日は東京タワーに行く"))}, 1,
                     false),
                 2);
        QCOMPARE(texts(find(QStringLiteral("東京"))),
                 QStringList{QStringLiteral("明日は東京タワーに行く")});
        const QList<CacheHit> byName = find(QStringLiteral("budget"));
        QCOMPARE(byName.size(), 1);
        QCOMPARE(byName[0].fileCount, 1);
        QCOMPARE(byName[0].snippet.text, QStringLiteral("see attached Budget plan.pdf"));
        QVERIFY(find(QStringLiteral("\"see\" OR NEAR(")).isEmpty()); // text, not syntax
        QVERIFY(find(QStringLiteral("???")).isEmpty());
    }

    void theIndexForgetsWhatTheCacheDrops()
    {
        QList<proto::Message> many;
        for (quint64 seq = 1; seq <= 10; ++seq)
            many.append(message(1, seq, qint64(seq) * 1000, QStringLiteral("needle %1").arg(seq)));
        QCOMPARE(m_cache->insertMessages(many, 1, false), 10);
        QCOMPARE(
            m_cache->insertMessages({message(2, 1, 500, QStringLiteral("needle two"))}, 1, false),
            1);
        QVERIFY(m_cache->evict(CacheLimits{10, 4}));
        QCOMPARE(texts(find(QStringLiteral("needle"), 1)),
                 (QStringList{QStringLiteral("needle 10"), QStringLiteral("needle 9"),
                              QStringLiteral("needle 8"), QStringLiteral("needle 7")}));
        QVERIFY(m_cache->removeConversation(2));
        QVERIFY(find(QStringLiteral("two")).isEmpty());
        // Stored again (a history page): found again, once.
        QCOMPARE(
            m_cache->insertMessages({message(1, 3, 3000, QStringLiteral("needle 3"))}, 1, false),
            1);
        QCOMPARE(find(QStringLiteral("needle 3")).size(), 1);
    }

    void largeCachesChooseTrigramsFromASampleAndMissNothing()
    {
        // Small limits stand in for a large cache: the newest 50 documents are the sample and
        // a conversation of more than 100 goes through the index even for Ctrl+F.
        QList<proto::Message> many;
        for (quint64 seq = 1; seq <= 300; ++seq)
            many.append(message(1, seq, qint64(seq) * 1000,
                                seq == 5     ? QStringLiteral("the needle in the old part")
                                : seq == 290 ? QStringLiteral("a newer needle")
                                             : QStringLiteral("the common words %1").arg(seq)));
        QCOMPARE(m_cache->insertMessages(many, 1, false), 300);
        QCOMPARE(m_cache->insertMessages({message(2, 1, 2500, QStringLiteral("needle elsewhere"))},
                                         1, false),
                 1);
        CacheSearch sampled(m_cache->database(), 50, 100);
        auto found = [&](const QString &query, quint64 conversationId) {
            return texts(sampled.search(search::parseQuery(query), conversationId, 50));
        };
        QCOMPARE(found(QStringLiteral("NEEDLE"), 0),
                 (QStringList{QStringLiteral("a newer needle"),
                              QStringLiteral("the needle in the old part"),
                              QStringLiteral("needle elsewhere")}));
        QCOMPARE(found(QStringLiteral("needle the"), 1),
                 QStringList{QStringLiteral("the needle in the old part")});
        // 29, 129, 229 and 291 to 299 (290 is a needle).
        QCOMPARE(found(QStringLiteral("words 29"), 1).size(), 12);
    }

    void aCacheFromBeforeSearchIsIndexedWhenOpened()
    {
        QTemporaryDir released;
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v5"));
            db.setDatabaseName(released.filePath(QStringLiteral("cache.sqlite")));
            QVERIFY(db.open());
            QString error;
            QVERIFY2(natter::test::loadSqlDump(db, QFINDTESTDATA("../data/migrations/cache_v5.sql"),
                                               &error),
                     qPrintable(error));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v5"));
        m_cache = std::make_unique<LocalCache>();
        QString error;
        QVERIFY2(m_cache->open(released.path(), &error), qPrintable(error));
        QCOMPARE(texts(find(QStringLiteral("ca va"))),
                 QStringList{QStringLiteral("hi ann, ça va ?")});
        QCOMPARE(texts(find(QStringLiteral("plan"))),
                 QStringList{QStringLiteral("the plan Budget plan.pdf")});
        QCOMPARE(m_cache->messages(1, 0, 50).size(), 3);
        // The released file ends with the schema a new one gets.
        LocalCache fresh;
        QVERIFY(fresh.open(m_dir.filePath(QStringLiteral("fresh")), &error));
        QCOMPARE(natter::test::schemaOf(m_cache->database()),
                 natter::test::schemaOf(fresh.database()));
    }
};

QTEST_GUILESS_MAIN(TestCacheSearch)
#include "tst_cache_search.moc"

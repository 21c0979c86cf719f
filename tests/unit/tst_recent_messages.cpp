#include "storage/recent_messages.h"

#include <QtTest>

using namespace natter;
using natter::server::storage::RecentMessages;

namespace {
proto::Message message(quint64 conversation, quint64 seq)
{
    proto::Message m;
    m.set_conversation_id(conversation);
    m.set_seq(seq);
    m.set_text(QStringLiteral("m%1").arg(seq).toStdString());
    return m;
}
QList<proto::Message> range(quint64 conversation, quint64 from, quint64 to)
{
    QList<proto::Message> list;
    for (quint64 seq = from; seq <= to; ++seq)
        list.append(message(conversation, seq));
    return list;
}
} // namespace

class TestRecentMessages : public QObject {
    Q_OBJECT
private slots:
    void missThenFillThenServe()
    {
        RecentMessages cache(10);
        bool member = false;
        QVERIFY(!cache.newest(1, 7, 20, &member));
        QCOMPARE(cache.misses(), 1u);
        cache.fill(1, range(1, 1, 30), /*startReached=*/true, {7, 8});
        auto page = cache.newest(1, 7, 20, &member);
        QVERIFY(page && member);
        QCOMPARE(page->messages.size(), 20);
        QCOMPARE(page->messages.front().seq(), 11u);
        QVERIFY(page->hasMore);
        page = cache.newest(1, 7, 50, &member); // all 30, and nothing before them
        QCOMPARE(page->messages.size(), 30);
        QVERIFY(!page->hasMore);
        QCOMPARE(cache.hits(), 2u);
        QVERIFY(cache.newest(1, 9, 20, &member) && !member); // not a member: the caller refuses
    }

    void commitsExtendAndTrim()
    {
        RecentMessages cache(10);
        bool member = false;
        cache.fill(1, range(1, 1, 49), true, {7});
        cache.append(message(1, 50));
        cache.append(message(1, 50)); // already there: ignored
        QCOMPARE(cache.newest(1, 7, 50, &member)->messages.back().seq(), 50u);
        QVERIFY(!cache.newest(1, 7, 50, &member)->hasMore);
        cache.append(message(1, 51)); // the oldest leaves: older ones now exist before
        auto page = cache.newest(1, 7, 50, &member);
        QCOMPARE(page->messages.front().seq(), 2u);
        QVERIFY(page->hasMore);
        QVERIFY(!cache.newest(1, 7, 51, &member)); // more than kept: the database answers
        cache.append(message(1, 53));              // a gap cannot be trusted: the entry goes
        QVERIFY(!cache.newest(1, 7, 10, &member));
        cache.append(message(2, 1)); // not cached: nothing happens
        QVERIFY(!cache.newest(2, 7, 10, &member));
    }

    void emptyConversationAndInvalidation()
    {
        RecentMessages cache(10);
        bool member = false;
        cache.fill(3, {}, true, {7});
        auto page = cache.newest(3, 7, 50, &member);
        QVERIFY(page && page->messages.isEmpty() && !page->hasMore);
        cache.append(message(3, 1));
        QCOMPARE(cache.newest(3, 7, 50, &member)->messages.size(), 1);
        cache.invalidate(3); // members changed
        QVERIFY(!cache.newest(3, 7, 50, &member));
    }

    void boundedByConversations()
    {
        RecentMessages cache(2);
        bool member = false;
        for (quint64 id = 1; id <= 3; ++id)
            cache.fill(id, range(id, 1, 5), true, {7});
        QCOMPARE(cache.size(), 2);
        QVERIFY(!cache.newest(1, 7, 5, &member)); // least recently used went first
        QVERIFY(cache.newest(3, 7, 5, &member));
    }
};

QTEST_GUILESS_MAIN(TestRecentMessages)
#include "tst_recent_messages.moc"

#include "cache_worker.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace natter;
using client::CacheWorker;
using client::LocalCache;

namespace {
proto::Conversation conversation(quint64 id, const QString &title)
{
    proto::Conversation c;
    c.set_id(id);
    c.set_kind(proto::GROUP);
    c.set_title(title.toStdString());
    return c;
}

proto::Message message(quint64 conversationId, quint64 seq)
{
    proto::Message m;
    m.set_conversation_id(conversationId);
    m.set_seq(seq);
    m.set_sender_id(2);
    m.set_sender_username("bob");
    m.set_client_msg_id(QStringLiteral("m%1").arg(seq).toStdString());
    m.set_text("hello");
    m.set_sent_at_ms(qint64(seq) * 1000);
    return m;
}
} // namespace

/// The desktop cache's thread: jobs in posting order off the caller's thread, results back
/// on it, dropped when their receiver is gone, and nothing posted lost at shutdown.
class TestCacheWorker : public QObject {
    Q_OBJECT
private slots:
    void opensOnItsOwnThreadAndSaysSo()
    {
        QTemporaryDir dir;
        CacheWorker worker(dir.path());
        QSignalSpy opened(&worker, &CacheWorker::opened);
        QTRY_COMPARE(opened.count(), 1);
        QCOMPARE(opened.at(0).at(0).toBool(), true);
        QThread *cacheThread =
            worker.readBlocking([](LocalCache &) { return QThread::currentThread(); });
        QVERIFY(cacheThread != QThread::currentThread()); // the caller never runs the SQL
    }

    void aCacheThatCannotOpenSaysWhy()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly)); // a file where the folder should be
        CacheWorker worker(blocker.fileName());
        QSignalSpy opened(&worker, &CacheWorker::opened);
        QTRY_COMPARE(opened.count(), 1);
        QCOMPARE(opened.at(0).at(0).toBool(), false);
        QVERIFY(opened.at(0).at(1).toString().contains(blocker.fileName()));
    }

    void aReadSeesEveryWritePostedBeforeIt()
    {
        QTemporaryDir dir;
        CacheWorker worker(dir.path());
        QList<quint64> seen;
        QObject receiver;
        for (quint64 seq = 1; seq <= 20; ++seq) {
            worker.write([seq](LocalCache &cache) {
                if (seq == 1)
                    cache.upsertConversation(conversation(7, QStringLiteral("Team")));
                cache.insertMessages({message(7, seq)}, 1, true);
            });
            worker.read(
                &receiver, [](LocalCache &cache) { return cache.maxSeq(7); },
                [&seen](quint64 newest) { seen.append(newest); });
        }
        worker.settle();
        QList<quint64> expected;
        for (quint64 seq = 1; seq <= 20; ++seq)
            expected.append(seq);
        QCOMPARE(seen, expected); // each read after its write, results in posting order
    }

    void aResultForAReceiverThatIsGoneIsDropped()
    {
        QTemporaryDir dir;
        CacheWorker worker(dir.path());
        int delivered = 0;
        auto gone = std::make_unique<QObject>();
        QObject stays;
        worker.read(
            gone.get(), [](LocalCache &cache) { return cache.isOpen(); },
            [&delivered](bool) { ++delivered; });
        worker.read(
            &stays, [](LocalCache &cache) { return cache.isOpen(); },
            [&delivered](bool) { delivered += 10; }); // the sentinel
        gone.reset();                                 // before its result is delivered
        worker.settle();
        QCOMPARE(delivered, 10);
    }

    void writesPostedBeforeShutdownAreKept()
    {
        QTemporaryDir dir;
        {
            CacheWorker worker(dir.path());
            worker.write([](LocalCache &cache) {
                cache.upsertConversation(conversation(9, QStringLiteral("Kept")));
            });
            for (quint64 seq = 1; seq <= 50; ++seq)
                worker.write(
                    [seq](LocalCache &cache) { cache.insertMessages({message(9, seq)}, 1, true); });
        } // the last write may not have run yet: destruction runs it
        CacheWorker again(dir.path());
        QCOMPARE(again.readBlocking([](LocalCache &cache) { return cache.maxSeq(9); }), 50u);
    }
};

QTEST_GUILESS_MAIN(TestCacheWorker)
#include "tst_cache_worker.moc"

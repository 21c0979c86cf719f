// A real Shard's search indexing: a few stored messages wait for the next ones (an FTS5
// transaction costs about as much for one message as for a hundred), kIndexFrom of them are
// indexed between commits, and what a stop left pending is indexed at the next start.
#include "storage/recent_messages.h"
#include "storage/search_index.h"
#include "storage/shard.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <future>

using namespace natter;
using namespace natter::server::storage;

namespace {
/// Runs `work` on the shard's thread after every job posted before it, and waits for it.
template <typename T> T onShard(Shard &shard, std::function<T(QSqlDatabase &)> work)
{
    std::promise<T> result;
    shard.post([&](QSqlDatabase &db) { result.set_value(work(db)); });
    return result.get_future().get();
}
} // namespace

class TestShardIndexing : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    int m_sent = 0;

    QString path() const { return m_dir.filePath(QStringLiteral("shard.sqlite")); }

    /// Stores `count` messages, one commit each (each waits for its ack).
    void send(Shard &shard, int count)
    {
        for (int i = 0; i < count; ++i) {
            std::promise<bool> stored;
            ++m_sent;
            shard.send(SendRequest{7, 1, QStringLiteral("m%1").arg(m_sent),
                                   QStringLiteral("needle %1").arg(m_sent), QString()},
                       [&stored](const Result<SendOutcome> &r) { stored.set_value(r.ok()); });
            QVERIFY(stored.get_future().get());
        }
    }
    /// Messages in the index, once the jobs queued so far (indexing, merging) have run.
    static int indexed(Shard &shard)
    {
        return onShard<int>(shard, [](QSqlDatabase &db) {
            QSqlQuery q(db);
            return q.exec(QStringLiteral("SELECT COUNT(*) FROM search_index WHERE search_index "
                                         "MATCH 'eed'")) &&
                           q.next()
                       ? q.value(0).toInt()
                       : -1;
        });
    }

private slots:
    void aFewWaitEnoughAreIndexedAndAStopLeavesTheRestToTheNextStart()
    {
        RecentMessages cache(10);
        {
            Shard shard(0, path(), nullptr, &cache);
            QString error;
            QVERIFY2(shard.start(&error), qPrintable(error));
            const UserRow ann{1, QStringLiteral("ann"), QStringLiteral("Ann")};
            const UserRow ben{2, QStringLiteral("ben"), QStringLiteral("Ben")};
            QVERIFY(onShard<bool>(shard, [&](QSqlDatabase &db) {
                return ShardStore(db)
                    .createConversation(7, proto::DIRECT, {}, {{ann, {}}, {ben, {}}}, 1)
                    .ok();
            }));
            send(shard, int(Shard::kIndexFrom) - 1);
            QCOMPARE(indexed(shard), 0); // waiting: searches read them directly
            // The commit acknowledges before it queues the indexing: ask until that ran.
            send(shard, 1);
            QTRY_COMPARE(indexed(shard), int(Shard::kIndexFrom));
            send(shard, 5);
            QCOMPARE(indexed(shard), int(Shard::kIndexFrom));
            shard.stop();
        }
        Shard again(0, path(), nullptr, &cache);
        QString error;
        QVERIFY2(again.start(&error), qPrintable(error));
        again.indexSearchBacklog(); // what natterd's start does: also what the last run left
        // That job queues the indexing behind whatever is queued by then: ask until it ran.
        QTRY_COMPARE(indexed(again), int(Shard::kIndexFrom) + 5);
        again.stop();
    }
};

QTEST_GUILESS_MAIN(TestShardIndexing)
#include "tst_shard_indexing.moc"

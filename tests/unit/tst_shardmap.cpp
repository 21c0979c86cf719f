#include "storage/shard_map.h"

#include <QtTest>

using natter::server::storage::ShardMap;

class TestShardMap : public QObject {
    Q_OBJECT
private slots:
    void stableAndInRange()
    {
        const ShardMap map(4);
        for (quint64 id = 1; id < 1000; ++id) {
            const int shard = map.physicalShard(id);
            QVERIFY(shard >= 0 && shard < 4);
            QCOMPARE(map.physicalShard(id), shard);
            QCOMPARE(ShardMap::logicalShard(id) % 4, shard);
        }
    }

    void sequentialIdsSpreadEvenly()
    {
        QList<int> counts(ShardMap::kLogicalShards, 0);
        const int n = 64'000;
        for (quint64 id = 1; id <= quint64(n); ++id)
            ++counts[ShardMap::logicalShard(id)];
        for (int count : counts) {
            QVERIFY2(count > 800 && count < 1200, qPrintable(QString::number(count)));
        }
    }

    void physicalCountIsBounded()
    {
        QCOMPARE(ShardMap(0).physicalShards(), 1);
        QCOMPARE(ShardMap(500).physicalShards(), ShardMap::kLogicalShards);
        const ShardMap single(1);
        QCOMPARE(single.physicalShard(123456), 0);
    }
};

QTEST_GUILESS_MAIN(TestShardMap)
#include "tst_shardmap.moc"

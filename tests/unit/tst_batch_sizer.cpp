// Background batches on a shard's writer thread aim at a bounded time each, so the sends
// queued behind one wait that long at most (the 2,000-message batches they replace held group
// commits back by up to 180 ms).
#include "storage/batch_sizer.h"

#include <QtTest>

using natter::server::storage::BatchSizer;

class TestBatchSizer : public QObject {
    Q_OBJECT
private slots:
    void batchesFollowThePaceTowardsTheTargetTime()
    {
        BatchSizer sizer(256);
        QCOMPARE(sizer.size(), 256);
        // 100 µs a message: 150 fit in 15 ms; halving is as far as one batch moves it.
        sizer.took(256, 25'600);
        QCOMPARE(sizer.size(), 150);
        sizer.took(150, 15'000);
        QCOMPARE(sizer.size(), 150); // on target: it stays
        // Cheap messages: it grows, at most doubling each time, up to the largest batch.
        sizer.took(150, 150);
        QCOMPARE(sizer.size(), 300);
        for (int i = 0; i < 10; ++i)
            sizer.took(sizer.size(), sizer.size());
        QCOMPARE(sizer.size(), BatchSizer::kLargest);
        // A very slow batch halves it, never below the smallest.
        for (int i = 0; i < 20; ++i)
            sizer.took(sizer.size(), 1'000'000);
        QCOMPARE(sizer.size(), BatchSizer::kSmallest);
        sizer.took(0, 5); // nothing done: nothing learnt
        QCOMPARE(sizer.size(), BatchSizer::kSmallest);
    }
};

QTEST_APPLESS_MAIN(TestBatchSizer)
#include "tst_batch_sizer.moc"

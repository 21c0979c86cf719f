// TrigramStatistics: a trigram's share is counted once, remembered per shard for its maximum
// age (an injected clock), counted again after it, and the memory it takes is bounded.
#include "storage/trigram_statistics.h"

#include <QtTest>

using namespace natter::server::storage;

class TestTrigramStatistics : public QObject {
    Q_OBJECT
private:
    qint64 m_nowMs = 5'000;
    int m_counts = 0;
    std::unique_ptr<TrigramStatistics> m_statistics;

    std::optional<double> share(int shard, const QString &trigram, double counted)
    {
        return m_statistics->share(shard, trigram, [&]() -> std::optional<double> {
            ++m_counts;
            return counted;
        });
    }

private slots:
    void init()
    {
        m_counts = 0;
        m_statistics = std::make_unique<TrigramStatistics>([this] { return m_nowMs; });
    }

    void aShareIsCountedOncePerShardUntilItIsOld()
    {
        QCOMPARE(share(0, QStringLiteral("dep"), 0.25), 0.25);
        QCOMPARE(share(0, QStringLiteral("dep"), 0.75), 0.25); // remembered
        QCOMPARE(share(1, QStringLiteral("dep"), 0.5), 0.5);   // another shard: its own
        QCOMPARE(m_counts, 2);
        m_nowMs += TrigramStatistics::kMaxAgeMs - 1;
        QCOMPARE(share(0, QStringLiteral("dep"), 0.75), 0.25);
        m_nowMs += 1;
        QCOMPARE(share(0, QStringLiteral("dep"), 0.75), 0.75); // old: counted again
        QCOMPARE(m_counts, 3);
        QCOMPARE(m_statistics->counted(), 3);
        QCOMPARE(m_statistics->remembered(), 2);
    }

    void aShareThatCannotBeCountedIsNotRemembered()
    {
        const auto cannot = [] { return std::optional<double>(); };
        QCOMPARE(m_statistics->share(0, QStringLiteral("oy"), cannot), std::nullopt);
        QCOMPARE(share(0, QStringLiteral("oy"), 0.1), 0.1);
        QCOMPARE(m_statistics->counted(), 1);
    }

    void theSharesKeptAreBounded()
    {
        for (int i = 0; i < TrigramStatistics::kMaxEntries; ++i)
            QVERIFY(share(0, QString::number(i), 0.5));
        QCOMPARE(share(0, QStringLiteral("0"), 0.9), 0.5);   // all of them still kept
        QCOMPARE(share(0, QStringLiteral("new"), 0.5), 0.5); // full: the others are dropped
        QCOMPARE(share(0, QStringLiteral("0"), 0.9), 0.9);
    }
};

QTEST_GUILESS_MAIN(TestTrigramStatistics)
#include "tst_trigram_statistics.moc"

// TrigramStatistics: a shard's sample is taken once, kept for its maximum age (an injected
// clock), taken again after it; each shard has its own; a failed take keeps nothing.
#include "storage/trigram_statistics.h"

#include <QtTest>

using namespace natter;
using namespace natter::server::storage;

class TestTrigramStatistics : public QObject {
    Q_OBJECT
private:
    qint64 m_nowMs = 5'000;
    int m_takes = 0;
    std::unique_ptr<TrigramStatistics> m_statistics;

    /// The shard's sample; a new one would be of `texts` copies of "deploy".
    qint64 textsIn(int shard, int texts)
    {
        const auto sample = m_statistics->sample(shard, [&] {
            ++m_takes;
            search::TrigramSample taken;
            for (int i = 0; i < texts; ++i)
                taken.add(u"deploy");
            return std::optional<search::TrigramSample>(taken);
        });
        return sample ? sample->textsWith(u"plo") : -1;
    }

private slots:
    void init()
    {
        m_takes = 0;
        m_statistics = std::make_unique<TrigramStatistics>([this] { return m_nowMs; });
    }

    void aSampleIsTakenOncePerShardUntilItIsOld()
    {
        QCOMPARE(textsIn(0, 3), 3);
        QCOMPARE(textsIn(0, 7), 3); // kept
        QCOMPARE(textsIn(1, 5), 5); // another shard: its own
        QCOMPARE(m_takes, 2);
        m_nowMs += TrigramStatistics::kMaxAgeMs - 1;
        QCOMPARE(textsIn(0, 7), 3);
        m_nowMs += 1;
        QCOMPARE(textsIn(0, 7), 7); // old: taken again
        QCOMPARE(m_takes, 3);
        QCOMPARE(m_statistics->taken(), 3);
        QCOMPARE(m_statistics->reused(), 2);
    }

    void aSampleThatCannotBeTakenIsNotKept()
    {
        const auto cannot = [] { return std::optional<search::TrigramSample>(); };
        QVERIFY(!m_statistics->sample(0, cannot));
        QCOMPARE(textsIn(0, 2), 2);
        QCOMPARE(m_statistics->taken(), 1);
    }
};

QTEST_GUILESS_MAIN(TestTrigramStatistics)
#include "tst_trigram_statistics.moc"

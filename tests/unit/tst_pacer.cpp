// natter-bench's Pacer: an open loop sends one at a time; a pacer far behind its schedule
// sends once and moves the schedule back instead of sending everything overdue in a burst;
// stop() ends it. No timing is asserted beyond "not all at once".
#include "pacer.h"

#include "now.h"

#include <QtTest>

using namespace natter::bench;

class TestPacer : public QObject {
    Q_OBJECT
private slots:
    void sendsFollowTheScheduleOneByOne()
    {
        int fired = 0;
        Pacer pacer(1000, nowNs(), 0.5, [&] { ++fired; });
        QTRY_VERIFY(fired >= 5);
        pacer.stop();
        QCOMPARE(pacer.lagNs().size(), size_t(fired));
    }

    void aPacerFarBehindSendsOnceAndMovesItsScheduleBack()
    {
        // A second behind at 100/s: 100 sends overdue.
        constexpr qint64 kSecondNs = 1'000'000'000;
        int fired = 0;
        Pacer pacer(100, nowNs() - kSecondNs, 0, [&] { ++fired; });
        QTRY_VERIFY(fired >= 3);
        pacer.stop();
        QVERIFY2(fired < 50, "the overdue sends went out in a burst");
        QVERIFY(pacer.lagNs().front() >= kSecondNs);
        QVERIFY(pacer.lagNs()[1] < kSecondNs / 2); // the rest keep their spacing from then
    }

    void nothingIsSentAfterStop()
    {
        int fired = 0;
        int sentinel = 0;
        {
            Pacer pacer(1000, nowNs(), 0, [&] { ++fired; });
            QTRY_VERIFY(fired >= 1);
            pacer.stop();
            const int atStop = fired;
            // A later timer of the same event loop runs after any send the stopped pacer
            // could still make.
            QTimer::singleShot(20, this, [&] { sentinel = 1; });
            QTRY_COMPARE(sentinel, 1);
            QCOMPARE(fired, atStop);
        }
    }
};

QTEST_GUILESS_MAIN(TestPacer)
#include "tst_pacer.moc"

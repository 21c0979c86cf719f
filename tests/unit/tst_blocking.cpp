// client::waitFor: a reply that comes after the wait gave up must find nothing of the wait
// (it used to write into the returned function's stack frame).
#include "blocking.h"

#include <QtTest>

using natter::Result;
using natter::client::waitFor;

class TestBlocking : public QObject {
    Q_OBJECT
private slots:
    void answerInTime()
    {
        const auto r = waitFor<int>([](auto done) { QTimer::singleShot(0, [done] { done(42); }); });
        QVERIFY(r.ok());
        QCOMPARE(r.value(), 42);
    }

    void answerAtOnce()
    {
        const auto r = waitFor<int>([](auto done) { done(7); });
        QCOMPARE(r.value(), 7);
    }

    void lateAnswerAfterTheTimeout()
    {
        std::function<void(Result<int>)> late;
        const auto r = waitFor<int>([&](auto done) { late = done; }, 1);
        QCOMPARE(r.failure().code, natter::proto::TIMEOUT);
        // The request outlived the wait; its answer comes now, and again from a deeper stack
        // that reuses the old frame.
        late(1);
        const auto again = waitFor<int>([&](auto done) {
            late(2); // must not end this wait (it did, through the reused frame)
            QTimer::singleShot(0, [done] { done(3); });
        });
        QCOMPARE(again.value(), 3);
        late = nullptr; // the last holder of the wait's state
    }
};

QTEST_GUILESS_MAIN(TestBlocking)
#include "tst_blocking.moc"

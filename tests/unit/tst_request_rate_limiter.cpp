#include "gateway/request_rate_limiter.h"

#include <QtTest>

using natter::server::gateway::RequestRateLimiter;

class TestRequestRateLimiter : public QObject {
    Q_OBJECT
private slots:
    void burstThenSteadyRatePerUserAndType()
    {
        qint64 now = 5'000;
        RequestRateLimiter limiter([&now] { return now; });
        const RequestRateLimiter::Rate rate{2, 3}; // 3 at once, then 2 a second
        for (int i = 0; i < 3; ++i)
            QCOMPARE(limiter.take(1, 40, rate), 0);
        QCOMPARE(limiter.take(1, 40, rate), 500); // one token takes half a second
        QCOMPARE(limiter.take(2, 40, rate), 0);   // another user
        QCOMPARE(limiter.take(1, 41, rate), 0);   // another request type
        now += 500;
        QCOMPARE(limiter.take(1, 40, rate), 0);
        QCOMPARE(limiter.take(1, 40, rate), 500);
        now += 60'000; // refills no further than the burst
        for (int i = 0; i < 3; ++i)
            QCOMPARE(limiter.take(1, 40, rate), 0);
        QVERIFY(limiter.take(1, 40, rate) > 0);
    }
};

QTEST_GUILESS_MAIN(TestRequestRateLimiter)
#include "tst_request_rate_limiter.moc"

#include "services/attempt_limiter.h"

#include <QtTest>

using natter::server::services::AttemptLimiter;

class TestAttemptLimiter : public QObject {
    Q_OBJECT
private:
    qint64 m_now = 1'000'000;
    AttemptLimiter limiter(AttemptLimiter::Policy policy = {})
    {
        return AttemptLimiter(policy, [this] { return m_now; });
    }

private slots:
    void locksOutAfterTheFreeFailuresWithGrowingWaits()
    {
        auto l = limiter({3, 1000, 8000, 60'000, 100});
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(l.retryAfterMs(QStringLiteral("alice")), 0);
            l.failed(QStringLiteral("alice"));
        }
        QCOMPARE(l.retryAfterMs(QStringLiteral("alice")), 0);
        l.failed(QStringLiteral("alice")); // the 4th: locked 1 s
        QCOMPARE(l.retryAfterMs(QStringLiteral("alice")), 1000);
        QCOMPARE(l.retryAfterMs(QStringLiteral("bob")), 0);
        m_now += 1000;
        l.failed(QStringLiteral("alice")); // 2 s
        QCOMPARE(l.retryAfterMs(QStringLiteral("alice")), 2000);
        m_now += 2000;
        l.failed(QStringLiteral("alice"));
        l.failed(QStringLiteral("alice"));
        l.failed(QStringLiteral("alice")); // capped at 8 s
        QCOMPARE(l.retryAfterMs(QStringLiteral("alice")), 8000);
        l.succeeded(QStringLiteral("alice"));
        QCOMPARE(l.retryAfterMs(QStringLiteral("alice")), 0);
    }

    void quietKeysAreForgotten()
    {
        auto l = limiter({1, 1000, 8000, 60'000, 100});
        l.failed(QStringLiteral("k"));
        l.failed(QStringLiteral("k"));
        QVERIFY(l.retryAfterMs(QStringLiteral("k")) > 0);
        m_now += 61'000;
        l.failed(QStringLiteral("k")); // a fresh start: the first failure is free again
        QCOMPARE(l.retryAfterMs(QStringLiteral("k")), 0);
    }

    void memoryIsBounded()
    {
        auto l = limiter({0, 1000, 8000, 60'000, 10});
        for (int i = 0; i < 25; ++i)
            l.failed(QString::number(i));
        QVERIFY(l.retryAfterMs(QString::number(24)) > 0);
        QCOMPARE(l.retryAfterMs(QString::number(0)), 0); // dropped to stay within 10 keys
    }
};

QTEST_GUILESS_MAIN(TestAttemptLimiter)
#include "tst_attempt_limiter.moc"

#include "gateway/connection_limiter.h"

#include <QtTest>

using natter::server::gateway::ConnectionLimiter;
using Verdict = ConnectionLimiter::Verdict;

class TestConnectionLimiter : public QObject {
    Q_OBJECT
private slots:
    void capsPerAddressAndInTotal()
    {
        ConnectionLimiter limiter(3, 2);
        const QHostAddress a(QStringLiteral("10.0.0.1"));
        const QHostAddress b(QStringLiteral("10.0.0.2"));
        const QHostAddress c(QStringLiteral("10.0.0.3"));
        QCOMPARE(limiter.admit(a), Verdict::Admitted);
        QCOMPARE(limiter.admit(a), Verdict::Admitted);
        QCOMPARE(limiter.admit(a), Verdict::TooManyFromAddress);
        QCOMPARE(limiter.admit(b), Verdict::Admitted);
        QCOMPARE(limiter.admit(c), Verdict::TooManyInTotal);
        QCOMPARE(limiter.open(), 3);
        QCOMPARE(limiter.refused(), 2u);

        limiter.release(a);
        QCOMPARE(limiter.admit(c), Verdict::Admitted);
        QCOMPARE(limiter.admit(a), Verdict::TooManyInTotal);
    }

    void releaseOfAnUnknownAddressChangesNothing()
    {
        ConnectionLimiter limiter(1, 1);
        limiter.release(QHostAddress(QStringLiteral("10.0.0.9")));
        QCOMPARE(limiter.open(), 0);
        QCOMPARE(limiter.admit(QHostAddress(QStringLiteral("10.0.0.1"))), Verdict::Admitted);
    }
    void ipv6CountsPerSlash64()
    {
        QCOMPARE(ConnectionLimiter::keyOf(QHostAddress(QStringLiteral("2001:db8:1:2:aaaa::1"))),
                 QHostAddress(QStringLiteral("2001:db8:1:2::")));
        QCOMPARE(ConnectionLimiter::keyOf(QHostAddress(QStringLiteral("::ffff:10.1.2.3"))),
                 QHostAddress(QStringLiteral("10.1.2.3")));
        ConnectionLimiter limiter(10, 1);
        QCOMPARE(
            limiter.admit(ConnectionLimiter::keyOf(QHostAddress(QStringLiteral("2001:db8::1")))),
            Verdict::Admitted);
        QCOMPARE(
            limiter.admit(ConnectionLimiter::keyOf(QHostAddress(QStringLiteral("2001:db8::2")))),
            Verdict::TooManyFromAddress);
    }
};

QTEST_GUILESS_MAIN(TestConnectionLimiter)
#include "tst_connection_limiter.moc"

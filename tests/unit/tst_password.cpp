#include "services/account_service.h"
#include "services/password_hasher.h"

#include <QtTest>
#include <optional>
#include <sodium.h>

using natter::Result;
using natter::server::services::AccountService;
using natter::server::services::PasswordHasher;

class TestPassword : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(sodium_init() >= 0); }

    void hashIsArgon2idWithOwaspParameters()
    {
        const auto hash = PasswordHasher::hashNow("correct horse");
        QVERIFY(hash.ok());
        QVERIFY2(hash.value().startsWith("$argon2id$v=19$m=19456,t=2,"), hash.value().constData());
    }

    void verifyAcceptsOnlyTheRightPassword()
    {
        const QByteArray hash = PasswordHasher::hashNow("correct horse").value();
        QVERIFY(PasswordHasher::verifyNow(hash, "correct horse"));
        QVERIFY(!PasswordHasher::verifyNow(hash, "correct horsf"));
        QVERIFY(!PasswordHasher::verifyNow(hash, ""));
    }

    void saltsDiffer()
    {
        QVERIFY(PasswordHasher::hashNow("same").value() != PasswordHasher::hashNow("same").value());
    }

    void asyncVerifyRunsOffThread()
    {
        PasswordHasher hasher;
        QObject context;
        std::optional<bool> result;
        const QByteArray hash = PasswordHasher::hashNow("pw pw pw pw").value();
        QVERIFY(hasher.tryReserve());
        hasher.verify(hash, "pw pw pw pw", &context, [&](bool ok) { result = ok; });
        QTRY_VERIFY(result.has_value());
        QVERIFY(*result);
        result.reset();
        // An unknown user (empty hash) never verifies, though the work is still done.
        QVERIFY(hasher.tryReserve());
        hasher.verify({}, "natter-decoy-password", &context, [&](bool ok) { result = ok; });
        QTRY_VERIFY(result.has_value());
        QVERIFY(!*result);
    }

    void theQueueIsBoundedAndWorkOfGoneRequestersIsSkipped()
    {
        PasswordHasher hasher(2);
        QObject context;
        QVERIFY(hasher.tryReserve());
        QVERIFY(hasher.tryReserve());
        QVERIFY(!hasher.tryReserve()); // full: AccountService answers SERVER_BUSY
        QVERIFY(hasher.busy());

        // Each place is used by one hash or verification and given back with its answer. The
        // requester's connection closed: the right password is not even checked.
        auto gone = std::make_shared<std::atomic_bool>(true);
        const QByteArray hash = PasswordHasher::hashNow("pw pw pw pw").value();
        std::optional<bool> matched;
        hasher.verify(
            hash, "pw pw pw pw", &context, [&](bool ok) { matched = ok; }, gone);
        std::optional<Result<QByteArray>> hashed;
        hasher.hash(
            "another one", &context, [&](Result<QByteArray> r) { hashed = r; }, gone);
        QTRY_VERIFY(matched.has_value() && hashed.has_value());
        QVERIFY(!*matched);
        QVERIFY(!hashed->ok());
        QVERIFY(!hasher.busy());
        QVERIFY(hasher.tryReserve());
        hasher.release();
    }

    void afterStopNothingIsDeliveredAndNothingRuns()
    {
        // natterd stops the hasher before the services that get its answers go: work not
        // started is dropped, work running finishes first, nothing is answered afterwards.
        auto context = std::make_unique<QObject>();
        PasswordHasher hasher(64, /*threads=*/1); // one runs, the others wait in the queue
        const QByteArray hash = PasswordHasher::hashNow("pw pw pw pw").value();
        int answered = 0;
        constexpr int kQueued = 12;
        for (int i = 0; i < kQueued; ++i) {
            QVERIFY(hasher.tryReserve());
            hasher.verify(hash, "pw pw pw pw", context.get(), [&](bool) { ++answered; });
        }
        hasher.stop();
        QVERIFY(!hasher.busy());
        // After stop: answered at once, as a failure, through no pool.
        std::optional<bool> late;
        std::optional<Result<QByteArray>> lateHash;
        QVERIFY(hasher.tryReserve());
        hasher.verify(hash, "pw pw pw pw", context.get(), [&](bool ok) { late = ok; });
        QVERIFY(hasher.tryReserve());
        hasher.hash("more", context.get(), [&](Result<QByteArray> r) { lateHash = r; });
        QCOMPARE(late, std::optional<bool>(false));
        QVERIFY(lateHash && !lateHash->ok());
        QVERIFY(!hasher.busy());
        // What finished before stop() returned was posted before this sentinel.
        bool sentinel = false;
        QTimer::singleShot(0, context.get(), [&] { sentinel = true; });
        QTRY_VERIFY(sentinel);
        QVERIFY2(answered <= 1, qPrintable(QString::number(answered))); // the queued ones dropped
        const int before = answered;
        context.reset(); // the receiver goes, as AccountService does at shutdown
        QCoreApplication::processEvents();
        QCOMPARE(answered, before);
    }

    void tokenHashIsStableAndNotTheToken()
    {
        const QByteArray token(32, 'x');
        QCOMPARE(AccountService::hashToken(token), AccountService::hashToken(token));
        QVERIFY(AccountService::hashToken(token) != token);
        QCOMPARE(AccountService::hashToken(token).size(), 32);
    }
};

QTEST_GUILESS_MAIN(TestPassword)
#include "tst_password.moc"

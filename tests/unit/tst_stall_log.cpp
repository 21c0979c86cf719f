// What kept a natterd thread busy over 100 ms reaches the log, named, and only that: a
// database job, its wait in the queue, an event. Clocks are fakes that the work itself moves
// forward, so nothing here sleeps.
#include "storage/sql_worker.h"
#include "support/stall_log.h"
#include "support/timed_application.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <future>
#include <pthread.h>

using namespace natter::server;
using namespace natter::server::storage;

namespace {
/// Tells slow work from the rest: the fake clock moves only when the work says so.
struct FakeClock {
    std::atomic<qint64> ms{1'000};
    StallLog::Clock clock()
    {
        return [this] { return ms.load(); };
    }
};

QRegularExpression line(const char *pattern)
{
    return QRegularExpression(QString::fromLatin1(pattern));
}

class Slow : public QObject {
public:
    explicit Slow(FakeClock &clock)
        : m_clock(clock)
    {}
    bool event(QEvent *e) override
    {
        if (e->type() == QEvent::User)
            m_clock.ms += 250; // what a handler that blocks for a quarter second looks like
        return QObject::event(e);
    }

private:
    FakeClock &m_clock;
};
} // namespace

class TestStallLog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { pthread_setname_np(pthread_self(), "tst-main"); }

    void slowWorkIsLoggedWithItsThreadAndWhatItWas()
    {
        FakeClock fake;
        StallLog stalls(fake.clock());
        QTest::failOnWarning(line("took 100 ms")); // the bound itself is not slow
        stalls.report("database job", "group commit", 100);
        QTest::ignoreMessage(QtWarningMsg,
                             line("^thread tst-main: database job \"group commit\" took 340 ms$"));
        stalls.report("database job", "group commit", 340);
    }

    void repeatsAreQuietedThenCounted()
    {
        FakeClock fake;
        StallLog stalls(fake.clock());
        QTest::ignoreMessage(QtWarningMsg, line("queue wait \"search\" took 150 ms$"));
        stalls.report("queue wait", "search", 150);
        QTest::failOnWarning(line("took 160 ms|took 170 ms"));
        stalls.report("queue wait", "search", 160);
        stalls.report("queue wait", "search", 170);
        // Another kind on the same thread has its own quiet time.
        QTest::ignoreMessage(QtWarningMsg, line("event \"QTimer\" took 120 ms$"));
        stalls.report("event", "QTimer", 120);
        fake.ms += StallLog::kQuietMs;
        QTest::ignoreMessage(
            QtWarningMsg,
            line("queue wait \"search\" took 180 ms \\(and 2 more over 100 ms since the last such "
                 "line\\)$"));
        stalls.report("queue wait", "search", 180);
    }

    void aSlowDatabaseJobAndTheWaitBehindItAreLogged()
    {
        QTemporaryDir dir;
        FakeClock fake;
        StallLog stalls(fake.clock());
        static const MigrationList none;
        SqlWorker worker(QStringLiteral("tst"), dir.filePath(QStringLiteral("t.sqlite")), none,
                         stalls);
        QString error;
        QVERIFY2(worker.start(&error), qPrintable(error));
        QTest::ignoreMessage(QtWarningMsg,
                             line("^thread sql-tst: database job \"group commit\" took 400 ms "
                                  "\\(\\d+ ms of it on the CPU\\)$"));
        QTest::ignoreMessage(
            QtWarningMsg, line("^thread sql-tst: queue wait \"a request's write\" took 400 ms$"));
        std::atomic<bool> ran{false};
        std::promise<void> bothPosted;
        worker.post(
            [&, posted = bothPosted.get_future().share()](QSqlDatabase &) {
                posted.wait();
                fake.ms += 400;
            },
            "group commit");
        worker.post([&](QSqlDatabase &) { ran = true; }); // waits behind it
        bothPosted.set_value();
        worker.stop();
        QVERIFY(ran);
    }

    void aSlowEventIsLoggedWithItsReceiversClass()
    {
        FakeClock fake;
        StallLog stalls(fake.clock());
        int argc = 1;
        char name[] = "tst_stall_log";
        char *argv[] = {name, nullptr};
        TimedApplication app(argc, argv, stalls);
        Slow slow(fake);
        QTest::ignoreMessage(QtWarningMsg,
                             line("^thread tst-main: event \"QObject\" took 250 ms$"));
        QCoreApplication::postEvent(&slow, new QEvent(QEvent::User));
        QCoreApplication::sendPostedEvents(&slow);
        QTest::failOnWarning(line("took"));
        QCoreApplication::postEvent(&slow, new QEvent(QEvent::Type(QEvent::User + 1))); // quick
        QCoreApplication::sendPostedEvents(&slow);
        app.stopTiming(); // natterd is stopping: nothing is timed any more
        QCoreApplication::postEvent(&slow, new QEvent(QEvent::User));
        QCoreApplication::sendPostedEvents(&slow);
    }
};

QTEST_APPLESS_MAIN(TestStallLog)
#include "tst_stall_log.moc"

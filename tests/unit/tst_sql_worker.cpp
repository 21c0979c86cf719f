// The storage thread's scheduling: its own jobs (commits) go ahead of reads done on behalf of
// users, and users' reads take turns, so that one user's burst of reads cannot starve sends or
// other users (issue: 200 pipelined conversation lists stalled everyone's sends for 7 s).
#include "storage/sql_worker.h"

#include <QStringList>
#include <QTemporaryDir>
#include <QtTest>

#include <future>
#include <mutex>

using natter::server::storage::SqlWorker;

namespace {

const natter::sql::MigrationList kNoMigrations;

/// What ran, in order, from the worker thread.
class Trace {
public:
    SqlWorker::Job record(QString what)
    {
        return [this, what](QSqlDatabase &) {
            std::lock_guard lock(m_mutex);
            m_ran.append(what);
        };
    }
    QStringList ran()
    {
        std::lock_guard lock(m_mutex);
        return m_ran;
    }

private:
    std::mutex m_mutex;
    QStringList m_ran;
};

/// A job that holds the worker until released, so the test can queue work behind it.
class Gate {
public:
    SqlWorker::Job job(Trace &trace, QString what)
    {
        return [this, &trace, what](QSqlDatabase &db) {
            m_entered.set_value();
            m_release.get_future().wait();
            trace.record(what)(db);
        };
    }
    void waitUntilHeld() { m_entered.get_future().wait(); }
    void release() { m_release.set_value(); }

private:
    std::promise<void> m_entered;
    std::promise<void> m_release;
};

} // namespace

class TestSqlWorker : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    int m_count = 0;

    std::unique_ptr<SqlWorker> started()
    {
        const int n = ++m_count;
        auto worker = std::make_unique<SqlWorker>(
            QStringLiteral("test-%1").arg(n), m_dir.filePath(QStringLiteral("w%1.sqlite").arg(n)),
            kNoMigrations);
        QString error;
        if (!worker->start(&error))
            qWarning() << "cannot start:" << error;
        return worker;
    }

private slots:
    void ownJobsWaitForAFewReadsAtMost()
    {
        auto worker = started();
        Trace trace;
        Gate gate;
        worker->post(gate.job(trace, QStringLiteral("gate")));
        gate.waitUntilHeld();
        for (int i = 0; i < 50; ++i)
            worker->postRead(1, trace.record(QStringLiteral("a%1").arg(i)));
        worker->post(trace.record(QStringLiteral("commit")));
        gate.release();
        worker->stop();
        const QStringList ran = trace.ran();
        QCOMPARE(ran.size(), 52);
        // Posted after 50 reads, it runs after the first few.
        QCOMPARE(ran.indexOf(QStringLiteral("commit")), 1 + SqlWorker::kReadsBetweenOwnJobs);
        QCOMPARE(ran.at(SqlWorker::kReadsBetweenOwnJobs),
                 QStringLiteral("a%1").arg(SqlWorker::kReadsBetweenOwnJobs - 1));
    }

    void usersTakeTurns()
    {
        auto worker = started();
        Trace trace;
        Gate gate;
        worker->post(gate.job(trace, QStringLiteral("gate")));
        gate.waitUntilHeld();
        for (int i = 0; i < 50; ++i)
            worker->postRead(1, trace.record(QStringLiteral("a%1").arg(i)));
        worker->postRead(2, trace.record(QStringLiteral("b0")));
        worker->postRead(2, trace.record(QStringLiteral("b1")));
        gate.release();
        worker->stop();
        const QStringList ran = trace.ran();
        QCOMPARE(ran.size(), 53);
        // The late user waits one read of the busy one per read of its own; each user's reads
        // keep their order.
        QCOMPARE(ran.mid(0, 6),
                 (QStringList{QStringLiteral("gate"), QStringLiteral("a0"), QStringLiteral("b0"),
                              QStringLiteral("a1"), QStringLiteral("b1"), QStringLiteral("a2")}));
        for (int i = 3; i < 50; ++i)
            QCOMPARE(ran.at(i + 3), QStringLiteral("a%1").arg(i));
    }

    void readsAreNotStarvedByCommits()
    {
        // While commits keep coming, reads still get their turns between them.
        auto worker = started();
        Trace trace;
        Gate gate;
        worker->post(gate.job(trace, QStringLiteral("gate")));
        gate.waitUntilHeld();
        for (int i = 0; i < 20; ++i)
            worker->postRead(1, trace.record(QStringLiteral("a%1").arg(i)));
        for (int i = 0; i < 3; ++i)
            worker->post(trace.record(QStringLiteral("c%1").arg(i)));
        gate.release();
        worker->stop();
        const QStringList ran = trace.ran();
        QCOMPARE(ran.size(), 24);
        QCOMPARE(ran.indexOf(QStringLiteral("c0")), 1 + SqlWorker::kReadsBetweenOwnJobs);
        QCOMPARE(ran.indexOf(QStringLiteral("a19")), 23); // every read ran
    }

    void aCommitWaitsForAFewReadsAtMost()
    {
        auto worker = started();
        Trace trace;
        Gate gate;
        Gate slowRead;
        worker->post(gate.job(trace, QStringLiteral("gate")));
        gate.waitUntilHeld();
        worker->postRead(1, slowRead.job(trace, QStringLiteral("a0")));
        for (int i = 1; i < 20; ++i)
            worker->postRead(1, trace.record(QStringLiteral("a%1").arg(i)));
        gate.release();
        slowRead.waitUntilHeld();
        worker->post(trace.record(QStringLiteral("commit"))); // arrives while a read runs
        slowRead.release();
        worker->stop();
        const QStringList ran = trace.ran();
        QCOMPARE(ran.size(), 22);
        QCOMPARE(ran.indexOf(QStringLiteral("commit")), 1 + SqlWorker::kReadsBetweenOwnJobs);
    }

    void aReadNeverOvertakesAnEarlierOwnJob()
    {
        // A send's inbox update is posted before its ack; a conversation list asked for after
        // the ack must see it.
        auto worker = started();
        Trace trace;
        Gate gate;
        worker->post(gate.job(trace, QStringLiteral("gate")));
        gate.waitUntilHeld();
        worker->postRead(1, trace.record(QStringLiteral("a0"))); // before the write
        worker->post(trace.record(QStringLiteral("write")));
        worker->postRead(2, trace.record(QStringLiteral("b0"))); // after it
        worker->postRead(1, trace.record(QStringLiteral("a1")));
        gate.release();
        worker->stop();
        QCOMPARE(trace.ran(),
                 (QStringList{QStringLiteral("gate"), QStringLiteral("a0"), QStringLiteral("write"),
                              QStringLiteral("b0"), QStringLiteral("a1")}));
    }

    void stopRunsEveryQueuedJob()
    {
        auto worker = started();
        Trace trace;
        Gate gate;
        worker->post(gate.job(trace, QStringLiteral("gate")));
        gate.waitUntilHeld();
        for (quint64 user = 1; user <= 10; ++user)
            for (int i = 0; i < 10; ++i)
                worker->postRead(user, trace.record(QStringLiteral("r")));
        worker->post(trace.record(QStringLiteral("w")));
        gate.release();
        worker->stop();
        QCOMPARE(trace.ran().size(), 102);
    }
};

QTEST_GUILESS_MAIN(TestSqlWorker)
#include "tst_sql_worker.moc"

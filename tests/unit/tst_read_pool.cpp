// ReadPool: its threads read every shard read-only under SCHED_IDLE (so a search never holds a
// core a shard writer wants) with disk reads in the best-effort class, and a full queue
// refuses a job rather than growing.
#include "storage/read_pool.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <sched.h>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>

using namespace natter::server::storage;

class TestReadPool : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QStringList m_paths;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        for (int shard = 0; shard < 2; ++shard) {
            const QString path = m_dir.filePath(QStringLiteral("shard-%1.sqlite").arg(shard));
            const QString name = QStringLiteral("writer-%1").arg(shard);
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
                db.setDatabaseName(path);
                QVERIFY(db.open());
                QSqlQuery q(db);
                QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode=WAL")));
                QVERIFY(q.exec(QStringLiteral("CREATE TABLE t (shard INTEGER)")));
                QVERIFY(q.exec(QStringLiteral("INSERT INTO t VALUES (%1)").arg(shard)));
            }
            QSqlDatabase::removeDatabase(name);
            m_paths.append(path);
        }
    }

    void aJobReadsEveryShardOnAnIdlePriorityThread()
    {
        // Before the pool: its destructor runs the job, which writes these.
        std::atomic<int> policy = -1;
        std::atomic<int> ioPriority = -1;
        std::atomic<int> shardsRead = 0;
        std::atomic<bool> writeRefused = false;
        ReadPool pool(m_paths, 1, 4);
        QString error;
        QVERIFY2(pool.start(&error), qPrintable(error));
        QVERIFY(pool.post([&](const std::vector<QSqlDatabase> &shards) {
            for (int i = 0; i < int(shards.size()); ++i) {
                QSqlQuery q(shards[size_t(i)]);
                if (q.exec(QStringLiteral("SELECT shard FROM t")) && q.next() &&
                    q.value(0).toInt() == i)
                    ++shardsRead;
            }
            writeRefused = !QSqlQuery(shards.front()).exec(QStringLiteral("DELETE FROM t"));
            ioPriority = int(syscall(SYS_ioprio_get, ReadPool::kIoprioWhoProcess, 0));
            policy = sched_getscheduler(0);
        }));
        QTRY_COMPARE(policy.load(), SCHED_IDLE);
        QCOMPARE(ioPriority.load(), ReadPool::kSearchIoPriority); // not the idle I/O class
        QCOMPARE(shardsRead.load(), 2);
        QVERIFY(writeRefused.load());
    }

    void aFullQueueRefusesTheNextJob()
    {
        std::atomic<bool> release = false;
        std::atomic<bool> running = false;
        std::atomic<int> ran = 0;
        ReadPool pool(m_paths, 1, 2);
        // Whatever fails below, the held job ends before the pool joins its thread.
        const auto letGo = qScopeGuard([&] { release = true; });
        QString error;
        QVERIFY2(pool.start(&error), qPrintable(error));
        QVERIFY(pool.post([&](const std::vector<QSqlDatabase> &) {
            running = true;
            while (!release) // held until the queue has been filled and tried
                std::this_thread::yield();
            ++ran;
        }));
        QTRY_VERIFY(running.load());
        const auto count = [&](const std::vector<QSqlDatabase> &) { ++ran; };
        QVERIFY(pool.post(count));
        QVERIFY(pool.post(count));
        QVERIFY(!pool.post(count)); // two are waiting: the limit
        release = true;
        QTRY_COMPARE(ran.load(), 3);
        QVERIFY(pool.post(count)); // room again
        QTRY_COMPARE(ran.load(), 4);
    }
};

QTEST_GUILESS_MAIN(TestReadPool)
#include "tst_read_pool.moc"

// ReadPool: its threads read every shard read-only under SCHED_IDLE (so a search never holds a
// core a shard writer wants), and a full queue refuses a job rather than growing.
#include "storage/read_pool.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <sched.h>
#include <thread>

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
        ReadPool pool(m_paths, 1, 4);
        QString error;
        QVERIFY2(pool.start(&error), qPrintable(error));
        std::atomic<int> policy = -1;
        std::atomic<int> shardsRead = 0;
        std::atomic<bool> writeRefused = false;
        QVERIFY(pool.post([&](const std::vector<QSqlDatabase> &shards) {
            for (int i = 0; i < int(shards.size()); ++i) {
                QSqlQuery q(shards[size_t(i)]);
                if (q.exec(QStringLiteral("SELECT shard FROM t")) && q.next() &&
                    q.value(0).toInt() == i)
                    ++shardsRead;
            }
            writeRefused = !QSqlQuery(shards.front()).exec(QStringLiteral("DELETE FROM t"));
            policy = sched_getscheduler(0);
        }));
        QTRY_COMPARE(policy.load(), SCHED_IDLE);
        QCOMPARE(shardsRead.load(), 2);
        QVERIFY(writeRefused.load());
    }

    void aFullQueueRefusesTheNextJob()
    {
        ReadPool pool(m_paths, 1, 2);
        QString error;
        QVERIFY2(pool.start(&error), qPrintable(error));
        std::atomic<bool> release = false;
        std::atomic<bool> running = false;
        std::atomic<int> ran = 0;
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

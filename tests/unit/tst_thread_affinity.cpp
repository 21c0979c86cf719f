// The checks behind the debug-build thread assertions (common/thread_affinity.h and
// sql::isConnectionThread): they must tell the owning thread from any other.
#include "sqlite.h"
#include "thread_affinity.h"

#include <QSqlDatabase>
#include <QThread>
#include <QtTest>
#include <memory>

using namespace natter;

namespace {
/// Runs `work` on a thread of its own and waits for it.
template <typename Work> void onOtherThread(Work work)
{
    std::unique_ptr<QThread> thread(QThread::create(work));
    thread->start();
    thread->wait();
}
} // namespace

class TestThreadAffinity : public QObject {
    Q_OBJECT
private slots:
    void affinityIsTheConstructingThreadUntilRebound()
    {
        ThreadAffinity affinity;
        QVERIFY(affinity.isCurrent());
        bool elsewhere = true;
        bool afterRebind = false;
        onOtherThread([&] {
            elsewhere = affinity.isCurrent();
            affinity.rebindToCurrentThread();
            afterRebind = affinity.isCurrent();
        });
        QVERIFY(!elsewhere);
        QVERIFY(afterRebind);
        QVERIFY(!affinity.isCurrent()); // bound to the other thread now
    }

    void objectsAreCheckedAgainstTheirOwnThread()
    {
        QObject object;
        QVERIFY(onThreadOf(&object));
        bool elsewhere = true;
        onOtherThread([&] { elsewhere = onThreadOf(&object); });
        QVERIFY(!elsewhere);
    }

    void aConnectionBelongsToTheThreadThatOpenedIt()
    {
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("main"));
            db.setDatabaseName(QStringLiteral(":memory:"));
            QVERIFY(db.open());
            QVERIFY(sql::isConnectionThread(db));
            bool elsewhere = true;
            onOtherThread([&] { elsewhere = sql::isConnectionThread(db); });
            QVERIFY(!elsewhere);
        }
        QSqlDatabase::removeDatabase(QStringLiteral("main"));
        QVERIFY(!sql::isConnectionThread(QSqlDatabase())); // no driver: no thread of its own
    }
};

QTEST_GUILESS_MAIN(TestThreadAffinity)
#include "tst_thread_affinity.moc"

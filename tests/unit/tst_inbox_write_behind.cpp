// InboxWriteBehind on a real users database: commits that arrive while a batch waits join it,
// what waits stays one entry per conversation and sender, and the newest activity wins.
#include "storage/inbox_write_behind.h"
#include "storage/sql_worker.h"
#include "storage/user_store.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <future>

using namespace natter::server::storage;

class TestInboxWriteBehind : public QObject {
    Q_OBJECT
private:
    /// Runs `work` on the worker's thread after every job posted before, and waits for it.
    template <typename T>
    static T onWorker(SqlWorker &worker, std::function<T(QSqlDatabase &)> work)
    {
        std::promise<T> result;
        worker.post([&](QSqlDatabase &db) { result.set_value(work(db)); });
        return result.get_future().get();
    }
    static qint64 activity(SqlWorker &worker, quint64 userId, quint64 conversationId)
    {
        return onWorker<qint64>(worker, [=](QSqlDatabase &db) {
            QSqlQuery q(db);
            q.prepare(QStringLiteral("SELECT last_activity_ms FROM inbox WHERE user_id = ? AND "
                                     "conversation_id = ?"));
            q.addBindValue(userId);
            q.addBindValue(conversationId);
            return q.exec() && q.next() ? q.value(0).toLongLong() : qint64(-1);
        });
    }

private slots:
    void commitsWhileABatchWaitsJoinItAndStayBounded()
    {
        QTemporaryDir dir;
        SqlWorker users(QStringLiteral("users"), dir.filePath(QStringLiteral("users.sqlite")),
                        UserStore::migrations());
        QString error;
        QVERIFY2(users.start(&error), qPrintable(error));
        QVERIFY(onWorker<bool>(users, [](QSqlDatabase &db) {
            QSqlQuery q(db);
            // User 2 has conversation 10 as a message request: replying in it accepts it.
            return q.exec(QStringLiteral("INSERT INTO inbox (user_id, conversation_id, "
                                         "last_activity_ms, request) VALUES (1, 10, 0, 0), "
                                         "(2, 10, 0, 1), (1, 11, 0, 0), (3, 11, 0, 0)"));
        }));
        InboxWriteBehind inbox(users);

        // The users thread is busy: what the shards commit meanwhile waits, one entry per
        // conversation and sender however many messages they were.
        std::promise<void> gate;
        bool gateOpen = false;
        const auto openGate = [&] {
            if (!std::exchange(gateOpen, true))
                gate.set_value();
        };
        // Also when a check fails early: the worker's last jobs run while `inbox` still exists.
        const auto stopWorker = qScopeGuard([&] {
            openGate();
            users.stop();
        });
        users.post([opened = gate.get_future().share()](QSqlDatabase &) { opened.wait(); });
        for (qint64 t = 1; t <= 1000; ++t)
            inbox.add({InboxEntry{10, 100 + t, 1, false}, InboxEntry{11, 50, 3, false}});
        inbox.add({InboxEntry{10, 5, 2, false}}); // another sender: its own entry
        QCOMPARE(inbox.waiting(), 3);
        openGate();

        QCOMPARE(activity(users, 1, 10), qint64(1100)); // the newest of the thousand
        QCOMPARE(activity(users, 2, 10), qint64(1100));
        QCOMPARE(activity(users, 3, 11), qint64(50));
        QCOMPARE(inbox.waiting(), 0);
        // Sender 2's own entry was kept beside sender 1's newer ones: their request is accepted.
        QCOMPARE(onWorker<int>(users,
                               [](QSqlDatabase &db) {
                                   QSqlQuery q(db);
                                   return q.exec(QStringLiteral(
                                              "SELECT request FROM inbox WHERE user_id = 2 "
                                              "AND conversation_id = 10")) &&
                                                  q.next()
                                              ? q.value(0).toInt()
                                              : -1;
                               }),
                 0);

        // After a batch, the next commit queues the next one.
        inbox.add({InboxEntry{11, 2000, 1, false}});
        QCOMPARE(activity(users, 1, 11), qint64(2000));
    }
};

QTEST_GUILESS_MAIN(TestInboxWriteBehind)
#include "tst_inbox_write_behind.moc"

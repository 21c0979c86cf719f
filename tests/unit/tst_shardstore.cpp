#include "storage/shard_store.h"
#include "storage/sql_worker.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace natter;
using namespace natter::server::storage;

class TestShardStore : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QSqlDatabase m_db;
    const UserRow alice{1, QStringLiteral("alice"), QStringLiteral("Alice")};
    const UserRow bob{2, QStringLiteral("bob"), QStringLiteral("Bob")};
    const UserRow carol{3, QStringLiteral("carol"), QStringLiteral("Carol")};

    static SendRequest message(quint64 conv, quint64 sender, const QString &id, const QString &text)
    {
        return SendRequest{conv, sender, id, text};
    }

private slots:
    void init()
    {
        static int n = 0;
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QString::number(++n));
        m_db.setDatabaseName(m_dir.filePath(QStringLiteral("shard-%1.sqlite").arg(n)));
        QVERIFY(m_db.open());
        QString error;
        QVERIFY(configureConnection(m_db, &error));
        QVERIFY2(migrate(m_db, ShardStore::migrations(), &error), qPrintable(error));
        ShardStore store(m_db);
        QVERIFY(store
                    .createConversation(10, proto::DIRECT, QString(),
                                        {{alice, proto::MEMBER}, {bob, proto::MEMBER}}, 1)
                    .ok());
    }

    void seqsAreGaplessAndIdempotent()
    {
        ShardStore store(m_db);
        const auto results =
            store.appendBatch({message(10, 1, QStringLiteral("a"), QStringLiteral("one")),
                               message(10, 2, QStringLiteral("b"), QStringLiteral("two")),
                               message(10, 1, QStringLiteral("a"), QStringLiteral("one again"))},
                              100);
        QCOMPARE(results.size(), 3);
        QCOMPARE(results[0].value().message.seq(), 1u);
        QCOMPARE(results[1].value().message.seq(), 2u);
        QVERIFY(results[2].value().duplicate);
        QCOMPARE(results[2].value().message.seq(), 1u);
        QCOMPARE(QString::fromStdString(results[2].value().message.text()), QStringLiteral("one"));
        QCOMPARE(results[0].value().memberIds.size(), 2);
        const auto page = store.messages(10, 1, 0, 0, 50);
        QCOMPARE(page.value().first.size(), 2);
    }

    void failedBatchLeavesNoHole()
    {
        // A trigger makes one message of the batch fail inside the transaction, as a full disk
        // would: nothing of the batch may be stored and no seq may be used up.
        QSqlQuery q(m_db);
        QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER boom BEFORE INSERT ON messages WHEN "
                                      "NEW.text = 'boom' BEGIN SELECT RAISE(ABORT, 'disk "
                                      "full'); END")));
        ShardStore store(m_db);
        QVERIFY(
            store.appendBatch({message(10, 1, QStringLiteral("x1"), QStringLiteral("first"))}, 1)
                .front()
                .ok());
        const auto failed =
            store.appendBatch({message(10, 1, QStringLiteral("x2"), QStringLiteral("second")),
                               message(10, 2, QStringLiteral("x3"), QStringLiteral("boom"))},
                              2);
        QCOMPARE(failed.size(), 2);
        for (const auto &r : failed) {
            QVERIFY(!r.ok());
            QCOMPARE(r.failure().code, proto::STORAGE_ERROR);
        }
        const auto next =
            store.appendBatch({message(10, 1, QStringLiteral("x2"), QStringLiteral("second"))}, 3);
        QCOMPARE(next.front().value().message.seq(), 2u);
        QVERIFY(!next.front().value().duplicate);
        QCOMPARE(store.messages(10, 1, 0, 0, 50).value().first.size(), 2);
    }

    void nonMembersAreRefused()
    {
        ShardStore store(m_db);
        const auto sent =
            store.appendBatch({message(10, 3, QStringLiteral("c"), QStringLiteral("hi")),
                               message(10, 1, QStringLiteral("d"), QStringLiteral("ok"))},
                              1);
        QCOMPARE(sent[0].failure().code, proto::NOT_A_MEMBER);
        QCOMPARE(sent[1].value().message.seq(), 1u); // the batch's other message is unaffected
        QCOMPARE(store.messages(10, 3, 0, 0, 10).failure().code, proto::NOT_A_MEMBER);
        QCOMPARE(store.messages(99, 1, 0, 0, 10).failure().code, proto::CONVERSATION_NOT_FOUND);
    }

    void readPositionMovesForwardOnly()
    {
        ShardStore store(m_db);
        QList<SendRequest> batch;
        for (int i = 0; i < 5; ++i)
            batch.append(message(10, 2, QString::number(i), QStringLiteral("m")));
        (void)store.appendBatch(batch, 1);
        QCOMPARE(store.summary(10, 1).value().unread_count(), 5u);
        QCOMPARE(store.markRead(10, 1, 3).value().unreadCount, 2u);
        QCOMPARE(store.markRead(10, 1, 1).value().readSeq, 3u);
        QCOMPARE(store.markRead(10, 1, 99).value().readSeq, 5u); // capped at the last message
        QCOMPARE(store.summary(10, 1).value().unread_count(), 0u);
        QCOMPARE(store.summary(10, 2).value().unread_count(), 0u); // own messages are read
    }

    void directTitleIsTheOtherPerson()
    {
        ShardStore store(m_db);
        QCOMPARE(QString::fromStdString(store.conversation(10, 1).value().title()),
                 QStringLiteral("Bob"));
        QCOMPARE(QString::fromStdString(store.conversation(10, 2).value().title()),
                 QStringLiteral("Alice"));
    }

    void onlyAdminsChangeGroupMembers()
    {
        ShardStore store(m_db);
        QVERIFY(store
                    .createConversation(20, proto::GROUP, QStringLiteral("Team"),
                                        {{alice, proto::ADMIN}, {bob, proto::MEMBER}}, 1)
                    .ok());
        QCOMPARE(store.changeMembers(20, 2, {carol}, {}, 100).failure().code, proto::NOT_ADMIN);
        const auto added = store.changeMembers(20, 1, {carol}, {}, 100);
        QVERIFY(added.ok());
        QCOMPARE(added.value().addedIds, QList<quint64>{3});
        QCOMPARE(added.value().conversation.members_size(), 3);
        QCOMPARE(store.changeMembers(20, 1, {}, {2, 3}, 2).value().removedIds.size(), 2);
        QCOMPARE(store.conversation(20, 2).failure().code, proto::NOT_A_MEMBER);
        QCOMPARE(store.changeMembers(20, 1, {bob, carol}, {}, 2).failure().code,
                 proto::GROUP_TOO_LARGE);
        QCOMPARE(store.changeMembers(10, 1, {carol}, {}, 100).failure().code, proto::NOT_A_GROUP);
    }
};

QTEST_GUILESS_MAIN(TestShardStore)
#include "tst_shardstore.moc"

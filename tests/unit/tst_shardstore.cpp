#include "storage/push_job_store.h"
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
        return SendRequest{conv, sender, id, text, {}};
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
        // A retry in a later batch is answered the same way and uses up no seq.
        const auto later =
            store.appendBatch({message(10, 2, QStringLiteral("b"), QStringLiteral("two again")),
                               message(10, 2, QStringLiteral("c"), QStringLiteral("three"))},
                              200);
        QVERIFY(later[0].value().duplicate);
        QCOMPARE(later[0].value().message.seq(), 2u);
        QVERIFY(!later[1].value().duplicate);
        QCOMPARE(later[1].value().message.seq(), 3u);
        const auto page = store.messages(10, 1, 0, 0, 50);
        QCOMPARE(page.value().first.size(), 3);
    }

    void timesNeverGoBackWithinAConversation()
    {
        // The clock stepped back between two sends (NTP): history and search order by time.
        ShardStore store(m_db);
        const auto first = store.appendBatch(
            {message(10, 1, QStringLiteral("t1"), QStringLiteral("first"))}, 5000);
        const auto second = store.appendBatch(
            {message(10, 2, QStringLiteral("t2"), QStringLiteral("second"))}, 4000);
        QCOMPARE(first.front().value().message.sent_at_ms(), 5000);
        QCOMPARE(second.front().value().message.sent_at_ms(), 5000);
        const auto page = store.messages(10, 1, 0, 0, 50);
        QCOMPARE(page.value().first.back().sent_at_ms(), 5000);
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

    void sendsToACachedConversationTakeItsMembersFromTheCache()
    {
        // On the shard thread the cached member set is exact (membership changes drop it),
        // so the send path trusts it instead of querying: shown here by a cached set that
        // lacks bob, who the database still lists.
        RecentMessages recent(10);
        recent.fill(10, {}, true, {alice.id});
        ShardStore store(m_db, nullptr, &recent);
        auto request = message(10, alice.id, QStringLiteral("e"), QStringLiteral("hi"));
        request.senderUsername = alice.username;
        const auto sent = store.appendBatch(
            {request, message(10, bob.id, QStringLiteral("f"), QStringLiteral("refused"))}, 1);
        QCOMPARE(sent[0].value().memberIds, QList<quint64>{alice.id});
        QCOMPARE(sent[0].value().message.sender_username(), "alice");
        QCOMPARE(sent[1].failure().code, proto::NOT_A_MEMBER);
        recent.invalidate(10); // as a membership change does: the database decides again
        const auto again =
            store.appendBatch({message(10, bob.id, QStringLiteral("g"), QStringLiteral("ok"))}, 2);
        QVERIFY(again[0].ok());
        QCOMPARE(again[0].value().memberIds.size(), 2);
        QCOMPARE(again[0].value().message.sender_username(), "bob");
    }

    void readPositionMovesForwardOnly()
    {
        ShardStore store(m_db);
        QList<SendRequest> batch;
        for (int i = 0; i < 5; ++i)
            batch.append(message(10, 2, QString::number(i), QStringLiteral("m")));
        (void)store.appendBatch(batch, 1);
        QCOMPARE(store.summary(10, 1).value().unread_count(), 5u);
        QCOMPARE(store.moveCursors(10, 1, 0, 3, 1).value().unreadCount, 2u);
        QCOMPARE(store.moveCursors(10, 1, 0, 1, 2).value().readSeq, 3u);
        QCOMPARE(store.moveCursors(10, 1, 0, 99, 3).value().readSeq,
                 5u); // capped at the last message
        QCOMPARE(store.summary(10, 1).value().unread_count(), 0u);
        QCOMPARE(store.summary(10, 2).value().unread_count(), 0u); // own messages are read
    }

    void receiptMovesAreCommittedTogether()
    {
        ShardStore store(m_db);
        QList<SendRequest> batch;
        for (int i = 0; i < 3; ++i)
            batch.append(message(10, 2, QString::number(i), QStringLiteral("m")));
        (void)store.appendBatch(batch, 1);
        // One transaction: each move gets its own answer; a stranger's is refused alone.
        const auto moved =
            store.moveCursorsBatch({CursorMove{10, alice.id, 2, 0}, CursorMove{10, carol.id, 3, 0},
                                    CursorMove{10, alice.id, 0, 1}},
                                   5);
        QCOMPARE(moved.size(), 3);
        QCOMPARE(moved[0].value().deliveredSeq, 2u);
        QCOMPARE(moved[1].failure().code, proto::NOT_A_MEMBER);
        QCOMPARE(moved[2].value().readSeq, 1u);
        QCOMPARE(moved[2].value().deliveredSeq, 2u); // the batch's earlier move is seen
        QCOMPARE(moved[2].value().unreadCount, 2u);

        // A statement failing inside the batch (a full disk) stores none of it.
        QSqlQuery q(m_db);
        QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER full BEFORE UPDATE ON members WHEN "
                                      "NEW.read_seq = 3 BEGIN SELECT RAISE(ABORT, 'disk full'); "
                                      "END")));
        const auto failed = store.moveCursorsBatch(
            {CursorMove{10, alice.id, 3, 0}, CursorMove{10, alice.id, 0, 3}}, 6);
        QCOMPARE(failed.size(), 2);
        for (const auto &r : failed) {
            QCOMPARE(r.failure().code, proto::STORAGE_ERROR);
            QVERIFY2(r.failure().message.contains(QLatin1String("retry")),
                     qPrintable(r.failure().message));
        }
        const auto after = store.moveCursors(10, alice.id, 0, 0, 7).value();
        QCOMPARE(after.deliveredSeq, 2u); // the first move of the failed batch was rolled back
        QCOMPARE(after.readSeq, 1u);
    }

    void receiptCursorsMoveForwardOnly()
    {
        ShardStore store(m_db);
        QList<SendRequest> batch;
        for (int i = 0; i < 4; ++i)
            batch.append(message(10, 2, QString::number(i), QStringLiteral("m")));
        (void)store.appendBatch(batch, 1);
        auto delivered = store.moveCursors(10, 1, 3, 0, 50).value();
        QVERIFY(delivered.moved);
        QCOMPARE(delivered.deliveredSeq, 3u);
        QCOMPARE(delivered.readSeq, 0u);
        QCOMPARE(delivered.memberIds.size(), 2);
        QVERIFY(!store.moveCursors(10, 1, 2, 0, 60).value().moved); // backwards: ignored
        auto read = store.moveCursors(10, 1, 0, 4, 70).value();
        QCOMPARE(read.readSeq, 4u);
        QCOMPARE(read.deliveredSeq, 4u); // reading implies delivery
        QCOMPARE(read.readAtMs, 70);
        const auto conv = store.conversation(10, 2).value();
        for (const auto &member : conv.members()) {
            if (member.user().id() == 1) {
                QCOMPARE(member.read_seq(), 4u);
                QCOMPARE(member.delivered_seq(), 4u);
                QCOMPARE(member.read_at_ms(), 70);
            } else {
                QCOMPARE(member.read_seq(), 4u); // the sender read their own messages
            }
        }
        QCOMPARE(store.moveCursors(10, 3, 1, 1, 80).failure().code, proto::NOT_A_MEMBER);
    }

    void offlineMembersGetPushJobsThatReadingCancels()
    {
        OnlineUsers online;
        online.set(1, true);
        ShardStore store(m_db, &online);
        QVERIFY(store
                    .createConversation(
                        20, proto::GROUP, QStringLiteral("Design"),
                        {{alice, proto::ADMIN}, {bob, proto::MEMBER}, {carol, proto::MEMBER}}, 1)
                    .ok());
        QList<SendRequest> batch;
        for (int i = 0; i < 3; ++i)
            batch.append(message(20, 1, QString::number(i), QStringLiteral("hello %1").arg(i)));
        (void)store.appendBatch(batch, 5);
        PushJobStore jobs(m_db);
        // Bob and Carol are offline: one coalesced notification each, for all three messages.
        auto due = jobs.due(10, 100).value();
        QCOMPARE(due.size(), 2);
        QCOMPARE(due[0].jobIds.size(), 3);
        QCOMPARE(due[0].lastSeq, 3u);
        QCOMPARE(due[0].title, QStringLiteral("Design"));
        QVERIFY(due[0].isGroup);
        QCOMPARE(due[0].senderName, QStringLiteral("Alice"));
        QCOMPARE(due[0].lastText, QStringLiteral("hello 2"));
        QCOMPARE(due[0].unreadCount, 3u);

        // Bob reads two of them: those two are cancelled, the third stays due.
        QVERIFY(store.moveCursors(20, 2, 0, 2, 11).ok());
        due = jobs.due(12, 100).value();
        QCOMPARE(due.size(), 2);
        const PushWork bobWork = due[0].userId == 2 ? due[0] : due[1];
        const PushWork carolWork = due[0].userId == 3 ? due[0] : due[1];
        QCOMPARE(bobWork.jobIds.size(), 1);

        // Carol's fail until dead; Bob's is delivered.
        QVERIFY(jobs.failed(carolWork.jobIds, 20, 2, QStringLiteral("503"), 12).ok());
        QCOMPARE(jobs.due(13, 100).value().size(), 1); // not due again before 20
        QVERIFY(jobs.finish(bobWork.jobIds, PushState::Delivered, 13).ok());
        QCOMPARE(jobs.due(20, 100).value().size(), 1);
        QVERIFY(jobs.failed(carolWork.jobIds, 30, 2, QStringLiteral("503"), 20).ok());
        QVERIFY(jobs.due(1000, 100).value().isEmpty());
        const auto stats = jobs.stats().value();
        QCOMPARE(stats[int(PushState::Delivered)], 1u);
        QCOMPARE(stats[int(PushState::Cancelled)], 2u);
        QCOMPARE(stats[int(PushState::Dead)], 3u);
        QCOMPARE(stats[int(PushState::Queued)] + stats[int(PushState::Retrying)], 0u);
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

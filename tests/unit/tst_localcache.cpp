#include "local_cache.h"
#include "sql_dump.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace natter;
using namespace natter::client;

namespace {
proto::Message message(quint64 conv, quint64 seq, quint64 sender, const QString &text)
{
    proto::Message m;
    m.set_conversation_id(conv);
    m.set_seq(seq);
    m.set_sender_id(sender);
    m.set_sender_username(sender == 1 ? "me" : "other");
    m.set_client_msg_id(QStringLiteral("id-%1-%2").arg(conv).arg(seq).toStdString());
    m.set_text(text.toStdString());
    m.set_sent_at_ms(qint64(seq) * 1000);
    return m;
}

proto::Conversation conversation(quint64 id, const char *title)
{
    proto::Conversation c;
    c.set_id(id);
    c.set_kind(proto::DIRECT);
    c.set_title(title);
    return c;
}
} // namespace

class TestLocalCache : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<LocalCache> m_cache;
    int m_n = 0;

    /// The schema of the cache file in `dir`, read over a connection of its own.
    static QStringList schemaIn(const QString &dir)
    {
        QStringList schema;
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
            db.setDatabaseName(QDir(dir).filePath(QStringLiteral("cache.sqlite")));
            if (db.open())
                schema = natter::test::schemaOf(db);
        }
        QSqlDatabase::removeDatabase(QStringLiteral("peek"));
        return schema;
    }

private slots:
    void init()
    {
        m_cache = std::make_unique<LocalCache>();
        QString error;
        QVERIFY2(m_cache->open(m_dir.filePath(QString::number(++m_n)), &error), qPrintable(error));
        m_cache->upsertConversation(conversation(7, "Bob"));
    }

    void releasedCacheMigratesWithItsData()
    {
        // A cache the first release (schema version 1) left, frozen in tests/data/migrations:
        // opened by this release with every row, the unsent message included.
        QTemporaryDir released;
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
            db.setDatabaseName(released.filePath(QStringLiteral("cache.sqlite")));
            QVERIFY(db.open());
            QString error;
            QVERIFY2(natter::test::loadSqlDump(db, QFINDTESTDATA("../data/migrations/cache_v1.sql"),
                                               &error),
                     qPrintable(error));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v1"));
        {
            LocalCache cache;
            QString error;
            QVERIFY2(cache.open(released.path(), &error), qPrintable(error));
            const auto conversations = cache.conversations();
            QCOMPARE(conversations.size(), 1);
            QCOMPARE(conversations.front().title, QStringLiteral("ben"));
            QCOMPARE(conversations.front().unreadCount, 1u);
            // Step 3 drops cached messages (they came without their files) to fetch them
            // again; the list keeps its preview meanwhile.
            QVERIFY(cache.messages(1, 0, 50).isEmpty());
            QCOMPARE(conversations.front().lastText, QStringLiteral("see you at 3"));
            const auto members = cache.members(1);
            QCOMPARE(members.size(), 2);
            QCOMPARE(members.back().readSeq, 0u); // receipts came with version 2
            const auto outbox = cache.outbox();
            QCOMPARE(outbox.size(), 1);
            QCOMPARE(outbox.front().text, QStringLiteral("written offline"));
        }
        QTemporaryDir fresh;
        {
            LocalCache cache;
            QString error;
            QVERIFY2(cache.open(fresh.path(), &error), qPrintable(error));
        }
        QCOMPARE(schemaIn(released.path()), schemaIn(fresh.path()));
    }

    void cacheVersion2MigratesAndKeepsFiles()
    {
        // Version 2 (receipt cursors), frozen: step 3 gives messages their files.
        QTemporaryDir released;
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v2"));
            db.setDatabaseName(released.filePath(QStringLiteral("cache.sqlite")));
            QVERIFY(db.open());
            QString error;
            QVERIFY2(natter::test::loadSqlDump(db, QFINDTESTDATA("../data/migrations/cache_v2.sql"),
                                               &error),
                     qPrintable(error));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v2"));
        {
            LocalCache cache;
            QString error;
            QVERIFY2(cache.open(released.path(), &error), qPrintable(error));
            QCOMPARE(cache.members(1).back().readSeq, 2u);
            // Cached without their files: dropped, to be fetched again with them; the
            // conversation and the unsent message stay.
            QVERIFY(cache.messages(1, 0, 50).isEmpty());
            QCOMPARE(cache.conversation(1)->lastSeq, 3u);
            QCOMPARE(cache.outbox().size(), 1);
            proto::Message withFile = message(1, 4, 2, QStringLiteral("the plan"));
            proto::Attachment *file = withFile.add_attachments();
            file->set_blob_id(std::string(64, 'b'));
            file->set_file_name("plan.pdf");
            file->set_size(2048);
            file->set_mime_type("application/pdf");
            QCOMPARE(cache.insertMessages({withFile}, 1, true), 1);
            const auto rows = cache.messagesFrom(1, 4);
            QCOMPARE(rows.size(), 1);
            QCOMPARE(rows.front().attachments.size(), 1);
            QCOMPARE(rows.front().attachments.front().file_name(), "plan.pdf");
            QCOMPARE(rows.front().attachments.front().size(), 2048u);
        }
        QTemporaryDir fresh;
        {
            LocalCache cache;
            QString error;
            QVERIFY2(cache.open(fresh.path(), &error), qPrintable(error));
        }
        QCOMPARE(schemaIn(released.path()), schemaIn(fresh.path()));
    }

    void aFailedWriteRollsBackWholeAndSaysSo()
    {
        // A write that fails half-way (here a trigger; in life a full disk) leaves nothing
        // behind: not the conversation without its members, not a message without its preview.
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("fail"));
            db.setDatabaseName(QDir(m_dir.filePath(QString::number(m_n)))
                                   .filePath(QStringLiteral("cache.sqlite")));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER refuse_member BEFORE INSERT ON members "
                                          "WHEN NEW.user_id = 666 BEGIN SELECT RAISE(ABORT, "
                                          "'disk full'); END")));
            QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER refuse_preview BEFORE UPDATE OF "
                                          "last_text ON conversations WHEN NEW.last_text = "
                                          "'boom' BEGIN SELECT RAISE(ABORT, 'disk full'); END")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("fail"));

        proto::Conversation c = conversation(9, "Doomed");
        for (quint64 user : {1, 666}) {
            auto *member = c.add_members();
            member->mutable_user()->set_id(user);
            member->mutable_user()->set_username(user == 1 ? "me" : "ghost");
        }
        QVERIFY(!m_cache->upsertConversation(c));
        QVERIFY(!m_cache->conversation(9)); // the conversation row went with the failed member
        QVERIFY(m_cache->members(9).isEmpty());

        QVERIFY(m_cache->upsertConversation(conversation(7, "Bob")));
        QCOMPARE(m_cache->insertMessages({message(7, 1, 2, QStringLiteral("boom"))}, 1, true), -1);
        QCOMPARE(m_cache->messages(7, 0, 10).size(), 0); // the message went with its preview
        QCOMPARE(m_cache->conversation(7)->unreadCount, 0u);
        QCOMPARE(m_cache->insertMessages({message(7, 1, 2, QStringLiteral("fine"))}, 1, true), 1);
    }

    void theLogIsCheckpointedOffTheCallingThread()
    {
        // Writes go to the write-ahead log; copying it back (with an fsync) is the background
        // checkpointer's job, never a write's on this thread.
        QVERIFY(m_cache->upsertConversation(conversation(7, "Bob")));
        QList<proto::Message> batch;
        for (quint64 seq = 1; seq <= 2000; ++seq)
            batch.append(message(7, seq, 2, QString(200, QLatin1Char('x'))));
        QCOMPARE(m_cache->insertMessages(batch, 1, true), 2000);
        QTRY_VERIFY(m_cache->checkpointedFrames() > 0);
        QCOMPARE(m_cache->messages(7, 0, 5000).size(), 2000);
    }

    void messagesAreDeduplicatedAndOrdered()
    {
        QCOMPARE(m_cache->insertMessages(
                     {message(7, 2, 2, QStringLiteral("b")), message(7, 1, 2, QStringLiteral("a"))},
                     1, true),
                 2);
        QCOMPARE(m_cache->insertMessages({message(7, 2, 2, QStringLiteral("b"))}, 1, true), 0);
        const auto rows = m_cache->messages(7, 0, 10);
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[0].seq, 1u);
        QCOMPARE(rows[1].text, QStringLiteral("b"));
        const auto row = m_cache->conversation(7);
        QCOMPARE(row->unreadCount, 2u);
        QCOMPARE(row->lastText, QStringLiteral("b"));
        QCOMPARE(m_cache->maxSeq(7), 2u);
        QCOMPARE(m_cache->minSeq(7), 1u);
    }

    void outboxSurvivesReopenAndConfirms()
    {
        const MessageRow pending =
            m_cache->addPending(7, QStringLiteral("hello"), 1, QStringLiteral("me"), 5000).value();
        QCOMPARE(pending.status, MessageRow::Status::Pending);
        QVERIFY(m_cache->addPending(7, QStringLiteral("second"), 1, QStringLiteral("me"), 5001));
        // Restart: a new cache object on the same folder still has both, in order.
        m_cache = std::make_unique<LocalCache>();
        QString error;
        QVERIFY(m_cache->open(m_dir.filePath(QString::number(m_n)), &error));
        auto outbox = m_cache->outbox(7);
        QCOMPARE(outbox.size(), 2);
        QCOMPARE(outbox[0].text, QStringLiteral("hello"));

        proto::Message stored = message(7, 1, 1, QStringLiteral("hello"));
        stored.set_client_msg_id(pending.clientMsgId.toStdString());
        m_cache->confirmSent(pending.clientMsgId, stored);
        QCOMPARE(m_cache->outbox(7).size(), 1);
        QCOMPARE(m_cache->messages(7, 0, 10).size(), 1);
        QCOMPARE(m_cache->conversation(7)->unreadCount, 0u); // own messages are not unread

        m_cache->markFailed(outbox[1].clientMsgId, QStringLiteral("too long"));
        QCOMPARE(m_cache->outbox(7)[0].status, MessageRow::Status::Failed);
        QCOMPARE(m_cache->outbox(7)[0].error, QStringLiteral("too long"));
        m_cache->retry(outbox[1].clientMsgId);
        QCOMPARE(m_cache->outbox(7)[0].status, MessageRow::Status::Pending);
        m_cache->discard(outbox[1].clientMsgId);
        QVERIFY(m_cache->outbox().isEmpty());
    }

    void evictionKeepsNewestAndNeverTheOutbox()
    {
        m_cache->upsertConversation(conversation(8, "Carol"));
        QList<proto::Message> batch;
        for (quint64 seq = 1; seq <= 20; ++seq)
            batch.append(message(7, seq, 2, QStringLiteral("m%1").arg(seq)));
        batch.append(message(8, 1, 2, QStringLiteral("old conversation")));
        m_cache->insertMessages(batch, 1, false);
        QVERIFY(m_cache->addPending(8, QStringLiteral("unsent"), 1, QStringLiteral("me"), 1));

        m_cache->evict(CacheLimits{1, 5});
        const auto kept = m_cache->messages(7, 0, 100);
        QCOMPARE(kept.size(), 5);
        QCOMPARE(kept.front().seq, 16u);
        QCOMPARE(m_cache->messages(8, 0, 100).size(), 0); // the less active conversation
        QCOMPARE(m_cache->outbox(8).size(), 1);           // but never its pending message
        QVERIFY(m_cache->conversation(8).has_value());
    }

    void receiptCursorsNeverGoBackFromAnOlderSnapshot()
    {
        proto::Conversation c = conversation(9, "Group");
        c.set_kind(proto::GROUP);
        for (quint64 user : {1u, 2u, 3u}) {
            auto *m = c.add_members();
            m->mutable_user()->set_id(user);
            m->mutable_user()->set_username(QStringLiteral("u%1").arg(user).toStdString());
            m->set_read_seq(3);
            m->set_delivered_seq(3);
        }
        m_cache->upsertConversation(c);
        QVERIFY(m_cache->setMemberCursors(9, 2, 6, 5, 500));   // a ReceiptEvent
        QVERIFY(!m_cache->setMemberCursors(9, 42, 6, 5, 500)); // not a cached member
        // A conversation list reply built before that event arrives after it; user 3 left.
        c.mutable_members()->RemoveLast();
        m_cache->upsertConversation(c);
        const QList<MemberRow> members = m_cache->members(9);
        QCOMPARE(members.size(), 2);
        for (const MemberRow &m : members) {
            if (m.userId == 2) {
                QCOMPARE(m.readSeq, 5u);
                QCOMPARE(m.deliveredSeq, 6u);
                QCOMPARE(m.readAtMs, 500);
            }
        }
    }

    void readPositionAndRemoval()
    {
        m_cache->insertMessages({message(7, 1, 2, QStringLiteral("a"))}, 1, true);
        m_cache->setReadPosition(7, 1, 0);
        QCOMPARE(m_cache->conversation(7)->unreadCount, 0u);
        m_cache->setReadPosition(7, 0, 0); // never backwards
        QCOMPARE(m_cache->conversation(7)->readSeq, 1u);
        m_cache->removeConversation(7);
        QVERIFY(!m_cache->conversation(7).has_value());
        QVERIFY(m_cache->messages(7, 0, 10).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLocalCache)
#include "tst_localcache.moc"

#include "sql_dump.h"
#include "storage/media_store.h"
#include "storage/search_index.h"
#include "storage/shard_store.h"
#include "storage/sql_util.h"
#include "storage/sql_worker.h"
#include "storage/user_store.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace natter::server::storage;
using natter::test::loadSqlDump;
using natter::test::schemaOf;

namespace {
// Version 1 and 2 of a small schema, as the code of two releases would carry them.
const MigrationList kV1 = {
    {1,
     [](QSqlDatabase &db, QString *e) {
         return execAll(
             db, {QStringLiteral("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")}, e);
     }},
};
const MigrationList kV2 = {
    kV1[0],
    {2,
     [](QSqlDatabase &db, QString *e) {
         return execAll(db,
                        {QStringLiteral("ALTER TABLE notes ADD COLUMN pinned INTEGER NOT NULL "
                                        "DEFAULT 0")},
                        e);
     }},
};
const MigrationList kBrokenV2 = {
    kV1[0],
    {2,
     [](QSqlDatabase &db, QString *e) {
         return execAll(
             db, {QStringLiteral("CREATE TABLE extra (x)"), QStringLiteral("THIS IS NOT SQL")}, e);
     }},
};
} // namespace

class TestMigrations : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QSqlDatabase open(const QString &name)
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_dir.filePath(name + QStringLiteral(".sqlite")));
        if (!db.open())
            qFatal("cannot open test database");
        QString error;
        if (!configureConnection(db, &error))
            qFatal("cannot configure test database");
        return db;
    }

    /// The schema a new file gets from `migrations`.
    QStringList freshSchema(const MigrationList &migrations)
    {
        auto db = open(QStringLiteral("fresh-%1").arg(++m_fresh));
        QString error;
        if (!migrate(db, migrations, &error))
            return {error};
        return natter::test::schemaOf(db);
    }
    int m_fresh = 0;

private slots:
    void oldToNewKeepsData()
    {
        auto db = open(QStringLiteral("upgrade"));
        QString error;
        QVERIFY2(migrate(db, kV1, &error), qPrintable(error));
        QCOMPARE(schemaVersion(db), 1);
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO notes (body) VALUES ('kept')")));

        QVERIFY2(migrate(db, kV2, &error), qPrintable(error));
        QCOMPARE(schemaVersion(db), 2);
        QVERIFY(q.exec(QStringLiteral("SELECT body, pinned FROM notes")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("kept"));
        QCOMPARE(q.value(1).toInt(), 0);
        // Running again is a no-op.
        QVERIFY(migrate(db, kV2, &error));
        QCOMPARE(schemaVersion(db), 2);
    }

    void newerDatabaseIsRefusedUntouched()
    {
        auto db = open(QStringLiteral("newer"));
        QString error;
        QVERIFY(migrate(db, kV2, &error));
        QVERIFY(!migrate(db, kV1, &error));
        QVERIFY2(error.contains(QStringLiteral("newer")), qPrintable(error));
        QCOMPARE(schemaVersion(db), 2);
    }

    void failedStepRollsBack()
    {
        auto db = open(QStringLiteral("broken"));
        QString error;
        QVERIFY(migrate(db, kV1, &error));
        QVERIFY(!migrate(db, kBrokenV2, &error));
        QCOMPARE(schemaVersion(db), 1);
        QSqlQuery q(db);
        QVERIFY(!q.exec(QStringLiteral("SELECT * FROM extra"))); // the step's DDL was undone
    }

    void storeSchemasApplyToNewFiles()
    {
        auto users = open(QStringLiteral("users"));
        auto shard = open(QStringLiteral("shard"));
        QString error;
        QVERIFY2(migrate(users, UserStore::migrations(), &error), qPrintable(error));
        QVERIFY2(migrate(shard, ShardStore::migrations(), &error), qPrintable(error));
        QCOMPARE(schemaVersion(users), UserStore::migrations().back().version);
        QCOMPARE(schemaVersion(shard), ShardStore::migrations().back().version);
        auto media = open(QStringLiteral("media"));
        QVERIFY2(migrate(media, MediaStore::migrations(), &error), qPrintable(error));
        QCOMPARE(schemaVersion(media), MediaStore::migrations().back().version);
    }

    // Golden fixtures: a database of each released version, frozen in tests/data/migrations,
    // migrates to the current version with its data, to the schema a new file gets. Editing a
    // released step (or taking its DDL from live code that changed) fails here.
    void releasedShardMigratesWithItsData()
    {
        auto db = open(QStringLiteral("shard-v1"));
        QString error;
        QVERIFY2(loadSqlDump(db, QFINDTESTDATA("../data/migrations/shard_v1.sql"), &error),
                 qPrintable(error));
        QCOMPARE(schemaVersion(db), 1);
        QVERIFY2(migrate(db, ShardStore::migrations(), &error), qPrintable(error));
        QCOMPARE(schemaOf(db), freshSchema(ShardStore::migrations()));

        ShardStore store(db);
        const auto page = store.messages(1, 2, 0, 0, 50);
        QVERIFY(page.ok());
        QCOMPARE(page.value().first.size(), 3);
        QCOMPARE(QString::fromStdString(page.value().first[1].text()),
                 QStringLiteral("hi ann, ça va ?"));
        QCOMPARE(page.value().first[1].sender_username(), "ben");
        // Step 2 started the delivered cursors at the read ones.
        const auto ann = store.summary(1, 1);
        QVERIFY(ann.ok());
        QCOMPARE(ann.value().read_seq(), 2u);
        QCOMPARE(ann.value().unread_count(), 0u); // seq 3 is her own
        const auto ben = store.summary(1, 2);
        QCOMPARE(ben.value().read_seq(), 1u);
        QCOMPARE(ben.value().unread_count(), 1u); // ann's seq 3 (2 is his own)
        QVERIFY(store.pushJobs().enqueue(1, 3, {2}, 1700000005000).ok());
    }

    void shardVersion2MigratesWithItsData()
    {
        auto db = open(QStringLiteral("shard-v2"));
        QString error;
        QVERIFY2(loadSqlDump(db, QFINDTESTDATA("../data/migrations/shard_v2.sql"), &error),
                 qPrintable(error));
        QCOMPARE(schemaVersion(db), 2);
        QVERIFY2(migrate(db, ShardStore::migrations(), &error), qPrintable(error));
        QCOMPARE(schemaOf(db), freshSchema(ShardStore::migrations()));

        ShardStore store(db);
        const auto page = store.messages(1, 2, 0, 0, 50);
        QVERIFY(page.ok());
        QCOMPARE(page.value().first.size(), 4);
        QCOMPARE(page.value().first[3].text(), "at 3 then");
        QCOMPARE(page.value().first[3].attachments_size(), 0); // step 3: messages had no files
        const auto ann = store.summary(1, 1);
        QCOMPARE(ann.value().read_seq(), 2u);
        QCOMPARE(ann.value().unread_count(), 1u); // ben's seq 4
        // A message with a file goes into the migrated shard and comes back with it.
        natter::proto::Attachment file;
        file.set_blob_id(std::string(64, 'a'));
        file.set_file_name("plan.pdf");
        file.set_size(10);
        file.set_mime_type("application/pdf");
        SendRequest request{1,
                            1,
                            QStringLiteral("ann-3"),
                            QStringLiteral("the plan"),
                            QStringLiteral("ann"),
                            false,
                            {file}};
        const auto stored = store.appendBatch({request}, 1700000005000);
        QCOMPARE(stored.size(), 1);
        QVERIFY(stored.front().ok());
        const auto after = store.messages(1, 1, 0, 4, 50);
        QCOMPARE(after.value().first.size(), 1);
        QCOMPARE(after.value().first[0].attachments(0).file_name(), "plan.pdf");
    }

    void shardVersion3MigratesWithItsData()
    {
        auto db = open(QStringLiteral("shard-v3"));
        QString error;
        QVERIFY2(loadSqlDump(db, QFINDTESTDATA("../data/migrations/shard_v3.sql"), &error),
                 qPrintable(error));
        QCOMPARE(schemaVersion(db), 3);
        QVERIFY2(migrate(db, ShardStore::migrations(), &error), qPrintable(error));
        QCOMPARE(schemaOf(db), freshSchema(ShardStore::migrations()));
        ShardStore store(db);
        const auto page = store.messages(1, 2, 0, 0, 50);
        QCOMPARE(page.value().first.size(), 5);
        QCOMPARE(page.value().first[4].attachments(0).file_name(), "Budget plan.pdf");
        // Step 4: what was stored before waits to be indexed for search (MessageSearch reads
        // it directly meanwhile; see tst_message_search).
        QCOMPARE(SearchIndex(db).backlog().value(), 6u);
    }

    void releasedMediaDatabaseMigratesWithItsData()
    {
        auto db = open(QStringLiteral("media-v1"));
        QString error;
        QVERIFY2(loadSqlDump(db, QFINDTESTDATA("../data/migrations/media_v1.sql"), &error),
                 qPrintable(error));
        QCOMPARE(schemaVersion(db), 1);
        QVERIFY2(migrate(db, MediaStore::migrations(), &error), qPrintable(error));
        QCOMPARE(schemaOf(db), freshSchema(MediaStore::migrations()));

        MediaStore store(db, m_dir.path());
        const auto pdf = store.access(1, QString(64, QLatin1Char('a')));
        QVERIFY2(pdf.ok(), qPrintable(pdf.failure().message));
        QCOMPARE(pdf.value().blob.size, 4096u);
        QCOMPARE(pdf.value().blob.mimeType, QStringLiteral("application/pdf"));
        QCOMPARE(pdf.value().blob.pixels,
                 QSize(0, 0)); // step 2: files stored before are no pictures
        QVERIFY(pdf.value().uploadedByCaller);
        QCOMPARE(pdf.value().conversations, QList<quint64>{7});
    }

    void releasedUsersDatabaseMigratesWithItsData()
    {
        auto db = open(QStringLiteral("users-v1"));
        QString error;
        QVERIFY2(loadSqlDump(db, QFINDTESTDATA("../data/migrations/users_v1.sql"), &error),
                 qPrintable(error));
        QVERIFY2(migrate(db, UserStore::migrations(), &error), qPrintable(error));
        QCOMPARE(schemaOf(db), freshSchema(UserStore::migrations()));

        UserStore store(db);
        const auto ann = store.accounts().credentials(QStringLiteral("ann"));
        QVERIFY(ann.ok());
        QCOMPARE(ann.value().user.id, 1u);
        QVERIFY(ann.value().passwordHash.startsWith("$argon2id$v=19$"));
        const auto session = store.sessions().session(QByteArray(32, '\x01'), 1800000000000);
        QVERIFY(session.ok());
        QCOMPARE(session.value().user.username, QStringLiteral("ann"));
        const auto inbox = store.inbox().page(2, std::nullopt, 10);
        QVERIFY(inbox.ok());
        QCOMPARE(inbox.value().size(), 1);
        QCOMPARE(inbox.value().front().conversationId, 1u);
        QVERIFY(!inbox.value().front().request); // conversations from before requests existed
        QCOMPARE(store.accounts().isAdmin(1).value(), false);
        QCOMPARE(store.accounts().accountSettings(2).value().push_previews(), true);
        QCOMPARE(store.inbox().directConversation(2, 1, 1800000000000).value().conversationId, 1u);
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"

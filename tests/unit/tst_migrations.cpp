#include "storage/shard_store.h"
#include "storage/sql_util.h"
#include "storage/sql_worker.h"
#include "storage/user_store.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace natter::server::storage;

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
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"

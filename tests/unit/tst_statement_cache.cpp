// Prepared statements borrowed from the per-connection cache: reused, re-bound, reset when the
// borrow ends, not kept when preparing failed, and dropped with their connection.
#include "sqlite.h"
#include "statement_cache.h"

#include <QSqlError>
#include <QTemporaryDir>
#include <QtTest>

using natter::sql::forgetStatements;
using natter::sql::Statement;

class TestStatementCache : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    QSqlDatabase open(const QString &name)
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_dir.filePath(QStringLiteral("cache.sqlite")));
        QString error;
        if (!db.open() || !natter::sql::configureConnection(db, &error))
            qWarning() << "cannot open" << error << db.lastError().text();
        return db;
    }
    static void close(QSqlDatabase &db)
    {
        const QString name = db.connectionName();
        forgetStatements(name);
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }
    static QString nameOf(QSqlDatabase &db, qint64 id)
    {
        Statement q(db, QStringLiteral("SELECT name FROM people WHERE id = ?"));
        q->addBindValue(id);
        if (!q->exec() || !q->next())
            return QStringLiteral("<none>");
        return q->value(0).toString();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        auto db = open(QStringLiteral("setup"));
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT)")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO people VALUES (1, 'ada'), (2, 'bob')")));
        q.finish();
        close(db);
    }

    void reusedAndReboundOnEachBorrow()
    {
        auto db = open(QStringLiteral("reuse"));
        const QSqlQuery *first = nullptr;
        {
            Statement q(db, QStringLiteral("SELECT name FROM people WHERE id = ?"));
            first = &*q;
        }
        {
            Statement q(db, QStringLiteral("SELECT name FROM people WHERE id = ?"));
            QCOMPARE(&*q, first); // prepared once, borrowed again
        }
        QCOMPARE(nameOf(db, 1), QStringLiteral("ada"));
        QCOMPARE(nameOf(db, 2), QStringLiteral("bob")); // new values, not appended to the old
        QCOMPARE(nameOf(db, 3), QStringLiteral("<none>"));
        close(db);
    }

    void endOfBorrowReleasesTheReadSnapshot()
    {
        auto reader = open(QStringLiteral("reader"));
        auto writer = open(QStringLiteral("writer"));
        {
            // Stops after the first of two rows: an un-reset statement keeps reading.
            Statement q(reader, QStringLiteral("SELECT name FROM people ORDER BY id"));
            QVERIFY(q->exec());
            QVERIFY(q->next());
        }
        QSqlQuery w(writer);
        QVERIFY(w.exec(QStringLiteral("INSERT INTO people VALUES (3, 'cy')")));
        // A checkpoint can empty the WAL only when no connection still reads an old snapshot.
        QVERIFY(w.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        QVERIFY(w.next());
        QCOMPARE(w.value(0).toInt(), 0); // not busy
        w.finish();
        QCOMPARE(nameOf(reader, 3), QStringLiteral("cy"));
        close(writer);
        close(reader);
    }

    void failedPrepareIsNotKept()
    {
        auto db = open(QStringLiteral("failed"));
        const QString sql = QStringLiteral("SELECT title FROM books WHERE id = ?");
        {
            Statement q(db, sql);
            q->addBindValue(1);
            QVERIFY(!q->exec());
            QVERIFY(q->lastError().isValid());
        }
        QSqlQuery(db).exec(QStringLiteral("CREATE TABLE books (id INTEGER PRIMARY KEY, title)"));
        QSqlQuery(db).exec(QStringLiteral("INSERT INTO books VALUES (1, 'SICP')"));
        Statement q(db, sql);
        q->addBindValue(1);
        QVERIFY2(q->exec(), qPrintable(q->lastError().text()));
        QVERIFY(q->next());
        QCOMPARE(q->value(0).toString(), QStringLiteral("SICP"));
    }

    void aConnectionOpenedAgainUnderTheSameNameWorks()
    {
        auto db = open(QStringLiteral("again"));
        QCOMPARE(nameOf(db, 1), QStringLiteral("ada"));
        close(db);
        db = open(QStringLiteral("again"));
        QCOMPARE(nameOf(db, 2), QStringLiteral("bob"));
        // Even without forgetStatements(): the new connection has a new driver.
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("again"));
        db = open(QStringLiteral("again"));
        QCOMPARE(nameOf(db, 1), QStringLiteral("ada"));
        close(db);
    }
};

QTEST_GUILESS_MAIN(TestStatementCache)
#include "tst_statement_cache.moc"

#include "storage/sql_worker.h"
#include "storage/user_store.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace natter;
using namespace natter::server::storage;

class TestUserStore : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QSqlDatabase m_db;

private slots:
    void init()
    {
        static int n = 0;
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QString::number(++n));
        m_db.setDatabaseName(m_dir.filePath(QStringLiteral("users-%1.sqlite").arg(n)));
        QVERIFY(m_db.open());
        QString error;
        QVERIFY(configureConnection(m_db, &error));
        QVERIFY2(migrate(m_db, UserStore::migrations(), &error), qPrintable(error));
    }

    void usernamesAreUniqueIgnoringCase()
    {
        UserStore store(m_db);
        QVERIFY(
            store.accounts().createUser(QStringLiteral("Alice"), QStringLiteral("A"), "h", 1).ok());
        const auto again =
            store.accounts().createUser(QStringLiteral("aLiCe"), QStringLiteral("B"), "h", 2);
        QVERIFY(!again.ok());
        QCOMPARE(again.failure().code, proto::USERNAME_TAKEN);
        QCOMPARE(store.accounts().credentials(QStringLiteral("ALICE")).value().user.username,
                 QStringLiteral("Alice"));
    }

    void sessionsExpire()
    {
        UserStore store(m_db);
        const auto user =
            store.accounts().createUser(QStringLiteral("bob"), QStringLiteral("Bob"), "h", 1);
        QVERIFY(user.ok());
        QVERIFY(store.sessions()
                    .createSession(user.value().id, "token-hash", QStringLiteral("cli"), 1000, 5000)
                    .ok());
        QVERIFY(store.sessions().session("token-hash", 4999).ok());
        const auto expired = store.sessions().session("token-hash", 5000);
        QVERIFY(!expired.ok());
        QCOMPARE(expired.failure().code, proto::INVALID_TOKEN);
        QVERIFY(expired.failure().message.contains(QStringLiteral("expired")));
    }

    void revokedSessionIsRefused()
    {
        UserStore store(m_db);
        const auto user =
            store.accounts().createUser(QStringLiteral("carol"), QStringLiteral("C"), "h", 1);
        QVERIFY(store.sessions().createSession(user.value().id, "t1", QString(), 1, 1e12).ok());
        QVERIFY(store.sessions().createSession(user.value().id, "t2", QString(), 1, 1e12).ok());
        QVERIFY(store.sessions().revokeSession("t1").ok());
        QCOMPARE(store.sessions().session("t1", 2).failure().code, proto::INVALID_TOKEN);
        QVERIFY(store.sessions().session("t2", 2).ok()); // other devices stay signed in
        QCOMPARE(store.sessions().session("unknown", 2).failure().code, proto::INVALID_TOKEN);
    }

    void endedSessionsArePrunedAndAdminsListThem()
    {
        UserStore store(m_db);
        const auto user =
            store.accounts().createUser(QStringLiteral("dora"), QStringLiteral("D"), "h", 1);
        QVERIFY(
            store.sessions()
                .createSession(user.value().id, "live-session", QStringLiteral("laptop"), 1, 5000)
                .ok());
        QVERIFY(store.sessions()
                    .createSession(user.value().id, "old-session", QString(), 1, 2000)
                    .ok());
        QVERIFY(store.sessions()
                    .createSession(user.value().id, "gone-session", QString(), 1, 5000)
                    .ok());
        QVERIFY(store.sessions().revokeSession("gone-session").ok());

        const auto listed = store.sessions().sessionsOf(QStringLiteral("DORA"), 3000);
        QVERIFY(listed.ok());
        QCOMPARE(listed.value().size(), 1);
        QCOMPARE(listed.value()[0].deviceName, QStringLiteral("laptop"));
        QVERIFY(listed.value()[0].id != 0);

        QCOMPARE(store.sessions().pruneSessions(3000).value(), 2);
        QCOMPARE(store.sessions().pruneSessions(3000).value(), 0);
        QVERIFY(store.sessions().session("live-session", 3000).ok());
        QCOMPARE(store.sessions().sessionsOf(QStringLiteral("nobody"), 3000).failure().code,
                 proto::USER_NOT_FOUND);
    }

    void adminRightsAreStoredOnTheAccount()
    {
        UserStore store(m_db);
        const auto user =
            store.accounts().createUser(QStringLiteral("erin"), QStringLiteral("E"), "h", 1);
        QCOMPARE(store.accounts().isAdmin(user.value().id).value(), false);
        QVERIFY(store.accounts().setAdmin(QStringLiteral("ERIN"), true).ok());
        QCOMPARE(store.accounts().isAdmin(user.value().id).value(), true);
        QVERIFY(store.accounts().setAdmin(QStringLiteral("erin"), false).ok());
        QCOMPARE(store.accounts().isAdmin(user.value().id).value(), false);
        QCOMPARE(store.accounts().setAdmin(QStringLiteral("frank"), true).failure().code,
                 proto::USER_NOT_FOUND);
    }

    void directPairIsUniqueInEitherOrder()
    {
        UserStore store(m_db);
        const auto first = store.inbox().directConversation(3, 9, 1);
        QVERIFY(first.ok() && first.value().created);
        const auto second = store.inbox().directConversation(9, 3, 2);
        QVERIFY(second.ok());
        QVERIFY(!second.value().created);
        QCOMPARE(second.value().conversationId, first.value().conversationId);
        QVERIFY(store.inbox().directConversation(3, 4, 3).value().conversationId !=
                first.value().conversationId);
    }

    void inboxPagesByActivity()
    {
        UserStore store(m_db);
        for (quint64 conv = 1; conv <= 5; ++conv)
            QVERIFY(store.inbox().addToInbox({1, 2}, conv, qint64(conv) * 10).ok());
        QVERIFY(store.inbox().touchInbox({InboxEntry{2, 100}}).ok());
        QVERIFY(store.inbox().touchInbox({InboxEntry{2, 50}}).ok()); // never moves backwards
        const auto page1 = store.inbox().page(1, std::nullopt, 2);
        QCOMPARE(page1.value().size(), 2);
        QCOMPARE(page1.value()[0].conversationId, 2u);
        QCOMPARE(page1.value()[0].lastActivityMs, 100);
        QCOMPARE(page1.value()[1].conversationId, 5u);
        const auto page2 = store.inbox().page(1, page1.value().back(), 10);
        QCOMPARE(page2.value().size(), 3);
        QCOMPARE(page2.value()[0].conversationId, 4u);
        QVERIFY(store.inbox().removeFromInbox({1}, 4).ok());
        QCOMPARE(store.inbox().page(1, std::nullopt, 10).value().size(), 4);
        QCOMPARE(store.inbox().page(2, std::nullopt, 10).value().size(), 5);
    }

    void digestRecipientsAreWalkedByCursor()
    {
        UserStore store(m_db);
        QList<quint64> ids;
        for (int i = 0; i < 5; ++i) {
            const auto user =
                store.accounts().createUser(QStringLiteral("d%1").arg(i), QString(), "h", 1);
            ids.append(user.value().id);
            proto::AccountSettings settings;
            settings.set_email(QStringLiteral("d%1@example.test").arg(i).toStdString());
            settings.set_email_digest(i != 3); // d3 unsubscribed
            QVERIFY(store.accounts().setAccountSettings(ids.back(), settings).ok());
            QVERIFY(store.accounts().setLastSeen(ids.back(), 100).ok());
        }
        // Pages of two in id order; the cursor goes past users that stay eligible.
        const auto first = store.pushTargets().digestRecipients(1000, 0, 2).value();
        QCOMPARE(first.size(), 2);
        QCOMPARE(first[0].user.id, ids[0]);
        const auto second =
            store.pushTargets().digestRecipients(1000, first.back().user.id, 2).value();
        QCOMPARE(second.size(), 2);
        QCOMPARE(second[0].user.id, ids[2]);
        QCOMPARE(second[1].user.id, ids[4]); // not the unsubscribed d3
        QVERIFY(store.pushTargets().digestRecipients(1000, ids[4], 2).value().isEmpty());
        // One digest per absence.
        QVERIFY(store.pushTargets().recordDigest(ids[0], 200).ok());
        QCOMPARE(store.pushTargets().digestRecipients(1000, 0, 10).value().size(), 3);
        QVERIFY(store.pushTargets().digestRecipients(50, 0, 10).value().isEmpty()); // not away long
                                                                                    // enough
        QCOMPARE(store.pushTargets().digestsSent().value(), 1u);
    }
};

QTEST_GUILESS_MAIN(TestUserStore)
#include "tst_userstore.moc"

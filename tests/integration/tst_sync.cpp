#include "conversation_list_model.h"
#include "message_list_model.h"
#include "server_fixture.h"
#include "sync_engine.h"
#include "test_client.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QtTest>

using namespace natter;
using namespace natter::client;
using natter::test::ServerFixture;
using natter::test::TestClient;

namespace {
/// One signed-in device: client, local cache in its own folder, sync engine and models.
struct Device {
    explicit Device(const QString &cacheDir)
        : client(QStringLiteral("tst_sync"))
        , cache(cacheDir)
        , cacheOpen(cacheIsOpen())
        , engine(client, cache)
        , conversations(cache, engine)
        , messages(cache, engine)
        , conversationsTester(&conversations,
                              QAbstractItemModelTester::FailureReportingMode::QtTest)
        , messagesTester(&messages, QAbstractItemModelTester::FailureReportingMode::QtTest)
    {}
    bool cacheIsOpen()
    {
        return cache.readBlocking([](LocalCache &c) { return c.isOpen(); });
    }
    bool connect(const QUrl &url) { return connectAndWait(client, url).ok(); }
    QList<MessageRow> cached(quint64 conv)
    {
        return cache.readBlocking([conv](LocalCache &c) { return c.messages(conv, 0, 1000); });
    }
    QList<MessageRow> outbox()
    {
        return cache.readBlocking([](LocalCache &c) { return c.outbox(); });
    }

    Client client;
    CacheWorker cache;
    bool cacheOpen;
    SyncEngine engine;
    ConversationListModel conversations;
    MessageListModel messages;
    QAbstractItemModelTester conversationsTester;
    QAbstractItemModelTester messagesTester;
};

QStringList texts(const QList<MessageRow> &rows)
{
    QStringList result;
    for (const MessageRow &row : rows)
        result.append(row.text);
    return result;
}
} // namespace

class TestSync : public QObject {
    Q_OBJECT
private:
    ServerFixture m_server;
    QTemporaryDir m_dirs;
    QString m_aliceToken;
    QString m_bobToken;
    quint64 m_conversation = 0;

    std::unique_ptr<Device> device(const QString &name, const QString &token)
    {
        auto d = std::make_unique<Device>(m_dirs.filePath(name));
        d->client.setToken(token);
        return d;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_server.start());
        TestClient alice;
        TestClient bob;
        QVERIFY(alice.connectTo(m_server.url()) && bob.connectTo(m_server.url()));
        m_aliceToken =
            QString::fromStdString(alice.registerUser(QStringLiteral("alice")).value().token());
        m_bobToken =
            QString::fromStdString(bob.registerUser(QStringLiteral("bob")).value().token());
        m_conversation = alice.createDirect(QStringLiteral("bob")).value().id();
    }

    void liveMessagesAndGapsLandOnceInOrder()
    {
        auto alice = device(QStringLiteral("alice-1"), m_aliceToken);
        auto bob = device(QStringLiteral("bob-1"), m_bobToken);
        QVERIFY(alice->connect(m_server.url()) && bob->connect(m_server.url()));
        QTRY_VERIFY(bob->engine.isSynced());
        QTRY_COMPARE(bob->conversations.rowCount(), 1);
        bob->messages.setConversation(m_conversation, bob->client.user().id());

        for (int i = 1; i <= 5; ++i)
            alice->engine.send(m_conversation, QStringLiteral("live %1").arg(i));
        QTRY_COMPARE(bob->cached(m_conversation).size(), 5);
        QCOMPARE(texts(bob->cached(m_conversation)).last(), QStringLiteral("live 5"));
        QTRY_COMPARE(bob->messages.rowCount(), 5);
        QTRY_COMPARE(
            bob->conversations.data(bob->conversations.index(0), ConversationListModel::UnreadRole)
                .toULongLong(),
            5u);

        // Bob goes offline and misses three messages; reconnecting fills the gap in order.
        bob->client.close();
        QTRY_COMPARE(bob->client.connection().state(), Connection::State::Disconnected);
        for (int i = 6; i <= 8; ++i)
            alice->engine.send(m_conversation, QStringLiteral("missed %1").arg(i));
        QTRY_VERIFY(alice->outbox().isEmpty());
        QVERIFY(bob->connect(m_server.url()));
        QTRY_COMPARE(bob->cached(m_conversation).size(), 8);
        const auto rows = bob->cached(m_conversation);
        for (int i = 0; i < rows.size(); ++i)
            QCOMPARE(rows[i].seq, quint64(i + 1));
        QTRY_COMPARE(bob->messages.rowCount(), 8);

        bob->engine.markRead(m_conversation);
        QTRY_COMPARE(
            bob->conversations.data(bob->conversations.index(0), ConversationListModel::UnreadRole)
                .toULongLong(),
            0u);
        // Not only cleared on this device: the server took the read position.
        auto otherDevice = TestClient::signedIn(m_server.url(), QStringLiteral("bob"));
        QVERIFY(otherDevice);
        const auto readOnServer = [&] {
            const auto list = otherDevice->conversations();
            return list.ok() && list.value().conversations_size() == 1 &&
                   list.value().conversations(0).read_seq() == 8 &&
                   list.value().conversations(0).unread_count() == 0;
        };
        QTRY_VERIFY(readOnServer());
    }

    void outboxSendsAfterServerAndClientRestart()
    {
        const QString aliceDir = QStringLiteral("alice-2");
        auto bob = device(QStringLiteral("bob-2"), m_bobToken);
        QVERIFY(bob->connect(m_server.url()));
        QTRY_VERIFY(bob->engine.isSynced());
        // Synced means the list is; the conversation's messages (one page) may still be coming.
        QTRY_VERIFY(!bob->cached(m_conversation).isEmpty());
        const int before = int(bob->cached(m_conversation).size());
        {
            auto alice = device(aliceDir, m_aliceToken);
            QVERIFY(alice->connect(m_server.url()));
            QTRY_VERIFY(alice->engine.isSynced());
            alice->messages.setConversation(m_conversation, alice->client.user().id());
            // Synced covers the list; the conversation's page comes after it. Wait for all of
            // it, or rows still arriving would be counted as the pending ones.
            QTRY_COMPARE(alice->messages.rowCount(), before);
            const int shown = alice->messages.rowCount();
            QCOMPARE(m_server.stop(), 0);
            QTRY_VERIFY(alice->client.connection().state() != Connection::State::Ready);
            for (int i = 1; i <= 3; ++i)
                alice->engine.send(m_conversation, QStringLiteral("offline %1").arg(i));
            alice->cache.settle();
            QCOMPARE(alice->outbox().size(), 3);
            QCOMPARE(alice->messages.rowCount(), shown + 3); // shown at once, as pending
            const QModelIndex last = alice->messages.index(alice->messages.rowCount() - 1);
            QCOMPARE(last.data(MessageListModel::StatusRole).toInt(),
                     int(MessageRow::Status::Pending));
        } // alice quits with three unsent messages

        QVERIFY(m_server.restart(/*samePort=*/true));
        auto alice = device(aliceDir, m_aliceToken); // the client starts again
        QCOMPARE(alice->outbox().size(), 3);
        QVERIFY(alice->connect(m_server.url()));
        QTRY_VERIFY_WITH_TIMEOUT(alice->outbox().isEmpty(), 10'000);

        bob->client.connection().setAutoReconnect(true);
        QTRY_COMPARE_WITH_TIMEOUT(bob->cached(m_conversation).size(), before + 3, 20'000);
        const QStringList got = texts(bob->cached(m_conversation)).mid(before);
        QCOMPARE(got, (QStringList{QStringLiteral("offline 1"), QStringLiteral("offline 2"),
                                   QStringLiteral("offline 3")}));
        // Exactly once on the server too.
        TestClient check;
        check.client().setToken(m_bobToken);
        QVERIFY(check.connectTo(m_server.url()));
        QCOMPARE(check.messages(m_conversation, 0, 0, 200).value().messages_size(), before + 3);
    }

    void filesInTheOutboxGoAfterARestart()
    {
        const QString aliceDir = QStringLiteral("alice-files");
        const QString path = m_dirs.filePath(QStringLiteral("agenda.txt"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(QByteArray(250 * 1024, 'a')) > 0);
        file.close();
        {
            auto alice = device(aliceDir, m_aliceToken);
            QVERIFY(alice->connect(m_server.url()));
            QTRY_VERIFY(alice->engine.isSynced());
            QCOMPARE(m_server.stop(), 0);
            QTRY_VERIFY(alice->client.connection().state() != Connection::State::Ready);
            alice->engine.send(m_conversation, QStringLiteral("with the agenda"), {path});
            alice->cache.settle();
            QCOMPARE(alice->outbox().size(), 1);
        } // quits before the file went anywhere
        QVERIFY(m_server.restart(/*samePort=*/true));
        auto alice = device(aliceDir, m_aliceToken);
        QCOMPARE(alice->outbox().value(0).localFiles, QStringList{path});
        QVERIFY(alice->connect(m_server.url()));
        QTRY_VERIFY_WITH_TIMEOUT(alice->outbox().isEmpty(), 20'000);
        const auto sent = alice->cached(m_conversation).last();
        QCOMPARE(sent.text, QStringLiteral("with the agenda"));
        QCOMPARE(sent.attachments.size(), 1);
        TestClient check;
        check.client().setToken(m_bobToken);
        QVERIFY(check.connectTo(m_server.url()));
        const auto page = check.messages(m_conversation, 0, 0, 1).value();
        QCOMPARE(page.messages(0).text(), "with the agenda");
        QCOMPARE(page.messages(0).attachments(0).file_name(), "agenda.txt");
        QCOMPARE(page.messages(0).attachments(0).size(), quint64(250 * 1024));
    }

    void aFileThatIsGoneFailsTheMessageAndSaysWhy()
    {
        auto alice = device(QStringLiteral("alice-gone"), m_aliceToken);
        QVERIFY(alice->connect(m_server.url()));
        QTRY_VERIFY(alice->engine.isSynced());
        alice->engine.send(m_conversation, QStringLiteral("lost"),
                           {m_dirs.filePath(QStringLiteral("never-there.pdf"))});
        QTRY_COMPARE(alice->outbox().value(0).status, MessageRow::Status::Failed);
        QVERIFY(alice->outbox().value(0).error.contains(QStringLiteral("never-there.pdf")));
        alice->engine.discard(alice->outbox().value(0).clientMsgId);
        QTRY_VERIFY(alice->outbox().isEmpty());
    }

    void permanentErrorsMarkFailed()
    {
        auto alice = device(QStringLiteral("alice-3"), m_aliceToken);
        QVERIFY(alice->connect(m_server.url()));
        QTRY_VERIFY(alice->engine.isSynced());
        alice->messages.setConversation(m_conversation, alice->client.user().id());
        const QString tooLong(int(alice->client.connection().limits().maxTextBytes) + 1,
                              QLatin1Char('x'));
        alice->engine.send(m_conversation, tooLong);
        QTRY_COMPARE(alice->outbox().value(0).status, MessageRow::Status::Failed);
        const MessageRow row = alice->outbox().value(0);
        QVERIFY(row.error.contains(QStringLiteral("limit")));
        auto lastStatus = [&] {
            const QModelIndex last = alice->messages.index(alice->messages.rowCount() - 1);
            return last.data(MessageListModel::StatusRole).toInt();
        };
        QTRY_COMPARE(lastStatus(), int(MessageRow::Status::Failed));
        // Later messages are not held up by the failed one.
        alice->engine.send(m_conversation, QStringLiteral("short one"));
        QTRY_COMPARE(alice->outbox().size(), 1);
        alice->engine.discard(row.clientMsgId);
        QVERIFY(alice->outbox().isEmpty()); // read after the discard
    }

    void scrollBackLoadsOlderPagesFromTheServer()
    {
        TestClient writer;
        writer.client().setToken(m_aliceToken);
        QVERIFY(writer.connectTo(m_server.url()));
        for (int i = 0; i < 120; ++i)
            QVERIFY(writer.send(m_conversation, QStringLiteral("history %1").arg(i)).ok());
        const quint64 total = writer.messages(m_conversation, 0, 0, 1).value().messages(0).seq();

        auto bob = device(QStringLiteral("bob-3"), m_bobToken); // a new device: empty cache
        QVERIFY(bob->connect(m_server.url()));
        QTRY_VERIFY(bob->engine.isSynced());
        QTRY_COMPARE(bob->cached(m_conversation).size(), MessageListModel::kPageSize);
        // Opening shows the newest page first (QAbstractItemModelTester fetches more by itself
        // right after, so the count is taken when the rows come in).
        int firstShown = -1;
        QObject probe;
        connect(&bob->messages, &QAbstractItemModel::modelReset, &probe, [&] {
            if (firstShown < 0 && bob->messages.rowCount() > 0)
                firstShown = bob->messages.rowCount();
        });
        bob->messages.setConversation(m_conversation, bob->client.user().id());
        QTRY_COMPARE(firstShown, MessageListModel::kPageSize);
        // (The tester fetching by itself: wait for each page.)
        for (;;) {
            QTRY_VERIFY(!bob->engine.isLoadingOlder(m_conversation));
            bob->cache.settle(); // the page the fetch asked for is in the model
            if (!bob->messages.canFetchMore({}))
                break;
            bob->messages.fetchMore({});
        }
        QCOMPARE(quint64(bob->messages.rowCount()), total);
        for (int i = 0; i < bob->messages.rowCount(); ++i)
            QCOMPARE(bob->messages.index(i).data(MessageListModel::SeqRole).toULongLong(),
                     quint64(i + 1));
    }

    void aViewIsToldToAskAgainOnlyWhenItWasTurnedAway()
    {
        // canFetchMore() says no while the model reads; settled() then invites the view to
        // ask again, but only after such a refusal (else a view at the top would ask in a loop
        // whenever asking cannot help, e.g. offline).
        auto alice = device(QStringLiteral("alice-5"), m_aliceToken);
        alice->messages.setConversation(m_conversation, 1);
        QSignalSpy settled(&alice->messages, &MessageListModel::settled);
        QVERIFY(!alice->messages.canFetchMore({})); // reading: no
        alice->cache.settle();
        QCOMPARE(settled.count(), 1);
        emit alice->engine.messagesChanged(m_conversation); // read again, nobody turned away
        alice->cache.settle();
        QCOMPARE(settled.count(), 1);
    }

    void aNewMessageMovesOneRowWithoutAReset()
    {
        auto writer = TestClient::signedIn(m_server.url(), QStringLiteral("bob"));
        QVERIFY(writer);
        const quint64 group =
            writer->createGroup(QStringLiteral("Lunch"), {QStringLiteral("alice")}).value().id();
        auto alice = device(QStringLiteral("alice-4"), m_aliceToken);
        QVERIFY(alice->connect(m_server.url()));
        QTRY_VERIFY(alice->engine.isSynced());
        QTRY_COMPARE(alice->conversations.rowCount(), 2);
        QTRY_COMPARE(alice->conversations.rowOf(group), 0); // the newest activity first
        // A selection (a persistent index) on the direct conversation, now second.
        const QPersistentModelIndex selected = alice->conversations.index(1);
        QCOMPARE(selected.data(ConversationListModel::IdRole).toULongLong(), m_conversation);
        QSignalSpy resets(&alice->conversations, &QAbstractItemModel::modelReset);
        QSignalSpy moves(&alice->conversations, &QAbstractItemModel::rowsMoved);

        QVERIFY(writer->send(m_conversation, QStringLiteral("back to the top")).ok());
        QTRY_COMPARE(alice->conversations.rowOf(m_conversation), 0);
        QCOMPARE(selected.row(), 0); // the selection went along
        QCOMPARE(alice->conversations.index(0).data(ConversationListModel::PreviewRole).toString(),
                 QStringLiteral("back to the top"));
        QCOMPARE(moves.count(), 1);
        QCOMPARE(resets.count(), 0); // one row moved; the list was not rebuilt
    }
};

QTEST_GUILESS_MAIN(TestSync)
#include "tst_sync.moc"

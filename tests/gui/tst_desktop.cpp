#include "desktop_harness.h"

#include "conversation_view.h"
#include "desktop_client.h"
#include "main_window.h"
#include "message_info_dialog.h"
#include "message_list_model.h"
#include "new_conversation_dialog.h"
#include "notifier.h"
#include "server_fixture.h"
#include "sign_in_dialog.h"
#include "test_client.h"
#include "token_store.h"

#include <QAction>
#include <QApplication>
#include <QCryptographicHash>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using namespace natter;
using namespace natter::app;
using client::MessageListModel;
using client::MessageRow;
using natter::test::Desktop;
using natter::test::ServerFixture;
using natter::test::signIn;
using natter::test::TestClient;

class TestDesktop : public QObject {
    Q_OBJECT
private:
    ServerFixture m_server;
    QTemporaryDir m_profiles;
    std::unique_ptr<Desktop> m_alice;
    std::unique_ptr<Desktop> m_bob;
    std::unique_ptr<Desktop> m_carol;

    std::unique_ptr<Desktop> desktop(const QString &name)
    {
        auto d = std::make_unique<Desktop>(m_profiles.filePath(name), m_server.url());
        d->client.start();
        return d;
    }

private slots:
    void initTestCase() { QVERIFY(m_server.start()); }

    void signUpTwoUsers()
    {
        m_alice = desktop(QStringLiteral("alice"));
        signIn(*m_alice, QStringLiteral("alice"), QStringLiteral("alice-password"), true);
        QTRY_VERIFY_WITH_TIMEOUT(m_alice->window(), 10'000);
        m_bob = desktop(QStringLiteral("bob"));
        signIn(*m_bob, QStringLiteral("bob"), QStringLiteral("bob-password"), true);
        QTRY_VERIFY_WITH_TIMEOUT(m_bob->window(), 10'000);
        QTRY_COMPARE(m_alice->find<QLabel>("connectionStatus")->text(),
                     QStringLiteral("Connected"));
    }

    void wrongPasswordIsShownInTheDialog()
    {
        m_carol = desktop(QStringLiteral("carol"));
        signIn(*m_carol, QStringLiteral("alice"), QStringLiteral("not her password"), false);
        auto *error =
            m_carol->client.signInDialog()->findChild<QLabel *>(QStringLiteral("errorLabel"));
        QTRY_COMPARE_WITH_TIMEOUT(error->text(), QStringLiteral("Wrong username or password."),
                                  10'000);
        QVERIFY(!m_carol->window());
        // The same dialog then creates carol's account.
        signIn(*m_carol, QStringLiteral("carol"), QStringLiteral("carol-password"), true);
        QTRY_VERIFY_WITH_TIMEOUT(m_carol->window(), 10'000);
    }

    void directMessageWithUnreadBadge()
    {
        m_alice->window()->activateWindow(); // shortcuts go to the active window
        QVERIFY(QTest::qWaitForWindowActive(m_alice->window()));
        QTest::keyClick(m_alice->window(), Qt::Key_N, Qt::ControlModifier);
        NewConversationDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_alice->window()->findChild<NewConversationDialog *>()));
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("directUsernameEdit")),
                         QStringLiteral("bob"));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("createButton")),
                          Qt::LeftButton);
        QTRY_VERIFY(m_alice->window()->currentConversation() != 0);
        QCOMPARE(m_alice->find<QLabel>("conversationTitle")->text(), QStringLiteral("bob"));

        m_alice->type(QStringLiteral("hello bob"));
        QTRY_COMPARE(m_alice->messageTexts(), QStringList{QStringLiteral("hello bob")});

        // Bob's list shows the conversation with an unread badge, and he is notified.
        QTRY_VERIFY(m_bob->conversationRow(QStringLiteral("alice")) >= 0);
        const QModelIndex row = m_bob->conversations()->model()->index(
            m_bob->conversationRow(QStringLiteral("alice")), 0);
        QTRY_COMPARE(row.data(client::ConversationListModel::UnreadRole).toULongLong(), 1u);
        QTRY_COMPARE(m_bob->notifier.shown.size(), 1);
        QCOMPARE(m_bob->notifier.shown[0].body, QStringLiteral("hello bob"));
        QVERIFY(m_bob->window()->windowTitle().contains(QStringLiteral("(1)")));

        // Bob's client has it: Alice's glyph shows delivered, not yet read.
        auto delivery = [this] {
            return MessageListModel::Delivery(
                m_alice->messageModel()->index(0, 0).data(MessageListModel::DeliveryRole).toInt());
        };
        QTRY_COMPARE(delivery(), MessageListModel::Delivery::Delivered);
        // Alice is a stranger to Bob: a message request, so neither sees the other online
        // until he accepts (here from his phone; replying accepts too).
        TestClient phone;
        QVERIFY(phone.connectTo(m_server.url()));
        QVERIFY(phone.login(QStringLiteral("bob"), QStringLiteral("bob-password")).ok());
        QVERIFY(phone.conversations().value().conversations(0).is_request());
        QVERIFY(phone.acceptRequest(m_alice->window()->currentConversation()).ok());
        QTRY_COMPARE(m_alice->find<QLabel>("conversationStatus")->text(), QStringLiteral("online"));

        m_bob->window()->activateWindow(); // read means shown in the active window
        QVERIFY(QTest::qWaitForWindowActive(m_bob->window()));
        m_bob->open(QStringLiteral("alice"));
        QTRY_COMPARE(m_bob->messageTexts(), QStringList{QStringLiteral("hello bob")});
        // Bob's window shows it: read.
        QTRY_COMPARE(delivery(), MessageListModel::Delivery::Read);
    }

    void typingIndicatorAppearsAndGoes()
    {
        auto *status = m_alice->find<QLabel>("conversationStatus");
        QTest::keyClicks(m_bob->find<QPlainTextEdit>("composer"), QStringLiteral("on my way"));
        QTRY_COMPARE(status->text(), QStringLiteral("bob is typing…"));
        // Bob clears his text instead of sending: the indicator goes at once. (Sending ends it
        // too: tst_presence.)
        auto *composer = m_bob->find<QPlainTextEdit>("composer");
        QTest::keyClick(composer, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(composer, Qt::Key_Delete);
        QTRY_COMPARE(status->text(), QStringLiteral("online"));
    }

    void aMessageThisDeviceCannotKeepComesBack()
    {
        // The cache refuses this one text (as a full disk would): it is not sent, and what
        // the user wrote is back in the composer with a reason in the status bar.
        const QString cacheFile =
            QDir(DesktopClient::cacheDirIn(m_profiles.filePath(QStringLiteral("alice")),
                                           m_server.url().toString(), QStringLiteral("alice")))
                .filePath(QStringLiteral("cache.sqlite"));
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("full"));
            db.setDatabaseName(cacheFile);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE TRIGGER refuse_outbox BEFORE INSERT ON outbox "
                                          "WHEN NEW.text = 'cannot keep this' BEGIN SELECT "
                                          "RAISE(ABORT, 'disk full'); END")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("full"));
        const int before = m_alice->messageModel()->rowCount();
        m_alice->type(QStringLiteral("cannot keep this"));
        auto *composer = m_alice->find<QPlainTextEdit>("composer");
        QTRY_COMPARE(composer->toPlainText(), QStringLiteral("cannot keep this"));
        QVERIFY(m_alice->window()->statusBar()->currentMessage().startsWith(
            QStringLiteral("Not sent")));
        QCOMPARE(m_alice->messageModel()->rowCount(), before); // nothing pretends to be sent
        composer->clear();
    }

    void messageInfoAndHiddenLastSeen()
    {
        // Message info for Alice's first message, from its menu, from her client's own data:
        // Bob read it.
        QCOMPARE(m_alice->messageTexts().value(0), QStringLiteral("hello bob"));
        QVERIFY(m_alice->chooseFromMessageMenu(0, QStringLiteral("Message info…")));
        MessageInfoDialog *info = nullptr;
        QTRY_VERIFY((info = m_alice->window()->findChild<MessageInfoDialog *>()));
        auto *list = info->findChild<QTreeWidget *>(QStringLiteral("receiptList"));
        QVERIFY(list);
        QCOMPARE(list->topLevelItemCount(), 1);
        QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("bob"));
        QVERIFY(list->topLevelItem(0)->text(1).startsWith(QStringLiteral("Read")));
        info->close();

        // Alice hides her last-seen time from the Settings menu: stored on the server (and
        // shown checked in her next window: signOutAndBackIn).
        auto *hide = m_alice->window()->findChild<QAction *>(QStringLiteral("hideLastSeenAction"));
        QVERIFY(hide);
        hide->trigger();
        TestClient check;
        QVERIFY(check.connectTo(m_server.url()));
        QVERIFY(check.login(QStringLiteral("alice"), QStringLiteral("alice-password")).ok());
        QTRY_VERIFY(client::waitFor<proto::AccountSettings>(
                        [&](auto done) { check.client().settings(done); })
                        .value()
                        .hide_last_seen());
    }

    void groupOfThree()
    {
        m_alice->window()->activateWindow(); // shortcuts go to the active window
        QVERIFY(QTest::qWaitForWindowActive(m_alice->window()));
        QTest::keyClick(m_alice->window(), Qt::Key_N, Qt::ControlModifier);
        NewConversationDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_alice->window()->findChild<NewConversationDialog *>()));
        dialog->findChild<QTabWidget *>(QStringLiteral("kindTabs"))->setCurrentIndex(1);
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("groupTitleEdit")),
                         QStringLiteral("Trio"));
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("groupMembersEdit")),
                         QStringLiteral("bob, carol"));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("createButton")),
                          Qt::LeftButton);
        QTRY_COMPARE(m_alice->find<QLabel>("conversationTitle")->text(), QStringLiteral("Trio"));
        m_alice->type(QStringLiteral("welcome both"));
        // Bob has Alice's direct conversation open: the group message arrives in the
        // background and raises a desktop notification.
        QTRY_VERIFY(
            std::any_of(m_bob->notifier.shown.cbegin(), m_bob->notifier.shown.cend(),
                        [](const auto &n) { return n.body == QLatin1String("welcome both"); }));
        auto readCount = [this] {
            return m_alice->messageModel()
                ->index(0, 0)
                .data(MessageListModel::ReadCountRole)
                .toInt();
        };
        int expectedReaders = 0;
        for (Desktop *member : {m_bob.get(), m_carol.get()}) {
            QTRY_VERIFY(member->conversationRow(QStringLiteral("Trio")) >= 0);
            member->window()->activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(member->window()));
            member->open(QStringLiteral("Trio"));
            QTRY_COMPARE(member->messageTexts(), QStringList{QStringLiteral("welcome both")});
            ++expectedReaders; // "read by 1 of 2", then everyone
            QTRY_COMPARE(readCount(), expectedReaders);
        }
        QTRY_COMPARE(
            MessageListModel::Delivery(
                m_alice->messageModel()->index(0, 0).data(MessageListModel::DeliveryRole).toInt()),
            MessageListModel::Delivery::Read);
    }

    void comingBackToTheWindowReadsWhatArrived()
    {
        // Alice has the group open while Carol's window is the active one: what arrives stays
        // unread until Alice's window is active again (no scroll, no click needed then).
        QCOMPARE(m_alice->find<QLabel>("conversationTitle")->text(), QStringLiteral("Trio"));
        QVERIFY(!m_alice->window()->isActiveWindow());
        auto unread = [this] {
            const int row = m_alice->conversationRow(QStringLiteral("Trio"));
            return m_alice->conversations()
                ->model()
                ->index(row, 0)
                .data(client::ConversationListModel::UnreadRole)
                .toULongLong();
        };
        m_carol->type(QStringLiteral("are you back?"));
        QTRY_COMPARE(m_alice->messageTexts().size(), 2);
        QTRY_COMPARE(unread(), 1u);
        m_alice->window()->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_alice->window()));
        QTRY_COMPARE(unread(), 0u);
    }

    void offlineOutboxDeliversInOrderExactlyOnce()
    {
        m_alice->open(QStringLiteral("bob"));
        m_bob->open(QStringLiteral("alice"));
        QCOMPARE(m_server.stop(), 0);
        QTRY_VERIFY(m_alice->find<QLabel>("connectionStatus")->text() !=
                    QStringLiteral("Connected"));
        const QStringList offline{QStringLiteral("one"), QStringLiteral("two"),
                                  QStringLiteral("three")};
        for (const QString &text : offline)
            m_alice->type(text);
        QAbstractItemModel *model = m_alice->messageModel();
        QTRY_COMPARE(model->rowCount(), 4); // shown as pending once the outbox has them
        for (int i = 1; i < 4; ++i)
            QCOMPARE(model->index(i, 0).data(MessageListModel::StatusRole).toInt(),
                     int(MessageRow::Status::Pending));

        QVERIFY(m_server.restart(/*samePort=*/true));
        QTRY_VERIFY_WITH_TIMEOUT(model->index(3, 0).data(MessageListModel::StatusRole).toInt() ==
                                     int(MessageRow::Status::Sent),
                                 30'000);
        QTRY_COMPARE_WITH_TIMEOUT(m_bob->messageTexts(),
                                  (QStringList{QStringLiteral("hello bob")} + offline), 30'000);
        // Exactly once: a sentinel sent now follows the three, with no repeat in between.
        m_alice->type(QStringLiteral("back online"));
        QTRY_COMPARE(m_bob->messageTexts(), (QStringList{QStringLiteral("hello bob")} + offline +
                                             QStringList{QStringLiteral("back online")}));
    }

    void scrollBackLoadsOlderPagesAndKeepsPlace()
    {
        TestClient dave;
        QVERIFY(dave.connectTo(m_server.url()));
        QVERIFY(dave.registerUser(QStringLiteral("dave")).ok());
        const quint64 id = dave.createDirect(QStringLiteral("bob")).value().id();
        for (int i = 1; i <= 120; ++i)
            QVERIFY(dave.send(id, QStringLiteral("old %1").arg(i)).ok());
        QTRY_VERIFY(m_bob->conversationRow(QStringLiteral("dave")) >= 0);
        m_bob->open(QStringLiteral("dave"));
        QAbstractItemModel *model = m_bob->messageModel();
        QTRY_VERIFY(model->rowCount() >= MessageListModel::kPageSize);
        QTRY_COMPARE(model->index(model->rowCount() - 1, 0).data().toString(),
                     QStringLiteral("old 120"));

        int guard = 0;
        while (model->index(0, 0).data().toString() != QStringLiteral("old 1") && guard++ < 10) {
            const QPersistentModelIndex firstShown = model->index(0, 0);
            const int rows = model->rowCount();
            m_bob->messages()->verticalScrollBar()->setValue(0); // the user scrolls to the top
            QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() > rows, 10'000);
            // The message that was at the top is still where the user was looking.
            const int top = m_bob->messages()->visualRect(firstShown).top();
            QVERIFY2(qAbs(top) < 20, qPrintable(QString::number(top)));
        }
        QCOMPARE(model->rowCount(), 120);

        // A reader at the bottom stays at the bottom when the window is resized.
        QScrollBar *bar = m_bob->messages()->verticalScrollBar();
        m_bob->messages()->scrollToBottom();
        QTRY_COMPARE(bar->value(), bar->maximum());
        const int maxBefore = bar->maximum();
        m_bob->window()->resize(m_bob->window()->width() - 200, m_bob->window()->height() - 200);
        QTRY_VERIFY(bar->maximum() > maxBefore);
        QTRY_COMPARE(bar->value(), bar->maximum());
    }

    void aFileSentFromElsewhereShowsInTheConversation()
    {
        // The desktop client cannot attach yet; a file from natterctl (or another client)
        // shows as its caption and a line with the file's name and size, never an empty bubble.
        auto erin = TestClient::signedIn(m_server.url(), QStringLiteral("erin"));
        QVERIFY(erin);
        const quint64 id = erin->createDirect(QStringLiteral("bob")).value().id();
        const QByteArray bytes("meeting notes, 2 pages");
        const QString blobId = QString::fromLatin1(
            QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
        QVERIFY(client::waitFor<proto::UploadReply>([&](auto done) {
                    erin->client().startUpload(blobId, quint64(bytes.size()), done);
                }).ok());
        QVERIFY(client::waitFor<proto::UploadReply>(
                    [&](auto done) { erin->client().uploadChunk(blobId, 0, bytes, done); })
                    .value()
                    .complete());
        proto::Attachment file;
        file.set_blob_id(blobId.toStdString());
        file.set_file_name("notes.txt");
        QVERIFY(client::waitFor<proto::SendMessageReply>([&](auto done) {
                    erin->client().sendMessage(id, client::Client::newClientMsgId(),
                                               QStringLiteral("for tomorrow"), {file}, done);
                }).ok());
        QTRY_VERIFY(m_bob->conversationRow(QStringLiteral("erin")) >= 0);
        m_bob->open(QStringLiteral("erin"));
        QTRY_COMPARE(m_bob->messageTexts().size(), 1);
        const QString shown = m_bob->messageTexts().front();
        QVERIFY2(shown.startsWith(QStringLiteral("for tomorrow\n📎 notes.txt (22")),
                 qPrintable(shown));

        // Save it from the message's menu: downloaded, checked, and where the user chose.
        auto *view = m_bob->window()->findChild<ConversationView *>();
        QVERIFY(view);
        QTemporaryDir saved;
        const QString target = saved.filePath(QStringLiteral("from erin.txt"));
        view->files().setSavePathChooser([target](const QString &suggested) {
            return suggested == QLatin1String("notes.txt") ? target : QString();
        });
        QVERIFY(m_bob->chooseFromMessageMenu(0, QStringLiteral("Save “notes.txt”…")));
        QTRY_VERIFY(
            m_bob->window()->statusBar()->currentMessage().startsWith(QStringLiteral("Saved")));
        QFile copy(target);
        QVERIFY(copy.open(QIODevice::ReadOnly));
        QCOMPARE(copy.readAll(), bytes);
        copy.close();
        // Saved again over it (the dialog asked): replaced once the new copy is checked.
        QVERIFY(copy.open(QIODevice::WriteOnly) && copy.write("stale") == 5);
        copy.close();
        m_bob->window()->statusBar()->clearMessage();
        QVERIFY(m_bob->chooseFromMessageMenu(0, QStringLiteral("Save “notes.txt”…")));
        QTRY_VERIFY(
            m_bob->window()->statusBar()->currentMessage().startsWith(QStringLiteral("Saved")));
        QVERIFY(copy.open(QIODevice::ReadOnly));
        QCOMPARE(copy.readAll(), bytes);
        QCOMPARE(QDir(saved.path()).entryList(QDir::Files).size(), 1); // no leftovers
        view->files().setSavePathChooser({});
    }

    void signOutAndBackIn()
    {
        auto *signOut = m_alice->window()->findChild<QAction *>(QStringLiteral("signOutAction"));
        QVERIFY(signOut);
        signOut->trigger();
        QTRY_VERIFY(m_alice->client.signInDialog());
        QTRY_VERIFY(!m_alice->window());
        signIn(*m_alice, QStringLiteral("alice"), QStringLiteral("alice-password"), false);
        QTRY_VERIFY_WITH_TIMEOUT(m_alice->window(), 10'000);
        QTRY_VERIFY(m_alice->conversationRow(QStringLiteral("bob")) >= 0);
        // The new window shows the setting as the server has it (messageInfoAndHiddenLastSeen).
        QTRY_VERIFY(m_alice->window()
                        ->findChild<QAction *>(QStringLiteral("hideLastSeenAction"))
                        ->isChecked());
    }

    void restartOfflineShowsTheCache()
    {
        const QString profile = m_profiles.filePath(QStringLiteral("bob"));
        m_bob.reset();
        QCOMPARE(m_server.stop(), 0);
        auto bob = std::make_unique<Desktop>(profile, m_server.url());
        bob->client.start();
        QTRY_VERIFY(bob->window()); // no sign-in: the saved session opens the cache at once
        QTRY_VERIFY(bob->conversationRow(QStringLiteral("alice")) >= 0); // read from the cache
        QVERIFY(bob->conversationRow(QStringLiteral("Trio")) >= 0);
        bob->open(QStringLiteral("alice"));
        QTRY_COMPARE(bob->messageTexts().size(), 5); // hello, three offline, the sentinel
        QVERIFY(bob->find<QLabel>("connectionStatus")->text() != QStringLiteral("Connected"));
    }

    void everyInteractiveWidgetIsNamed()
    {
        QVERIFY(m_alice->window());
        for (QWidget *w : m_alice->window()->findChildren<QWidget *>()) {
            const bool interactive =
                qobject_cast<QLineEdit *>(w) || qobject_cast<QPushButton *>(w) ||
                qobject_cast<QListView *>(w) || qobject_cast<QPlainTextEdit *>(w);
            if (!interactive || w->objectName().startsWith(QLatin1String("qt_")))
                continue;
            QVERIFY2(!w->objectName().isEmpty(), w->metaObject()->className());
            QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
        }
    }
};

QTEST_MAIN(TestDesktop)
#include "tst_desktop.moc"

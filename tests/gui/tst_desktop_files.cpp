#include "desktop_harness.h"

#include "conversation_view.h"
#include "message_list_model.h"
#include "server_fixture.h"
#include "sync_engine.h"
#include "test_client.h"
#include "test_images.h"

#include <QClipboard>
#include <QDir>
#include <QDropEvent>
#include <QLabel>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolButton>

using namespace natter;
using namespace natter::app;
using client::MessageListModel;
using natter::test::Desktop;
using natter::test::ServerFixture;
using natter::test::TestClient;

/// Attaching files in the desktop client: the button, a pasted picture, files dropped on the
/// window; sent through the outbox with progress, arriving at the other side.
class TestDesktopFiles : public QObject {
    Q_OBJECT
private:
    ServerFixture m_server;
    QTemporaryDir m_profiles;
    QTemporaryDir m_files;
    std::unique_ptr<Desktop> m_alice;
    std::unique_ptr<Desktop> m_bob;

    std::unique_ptr<Desktop> signedInDesktop(const QString &name)
    {
        auto d = std::make_unique<Desktop>(m_profiles.filePath(name), m_server.url());
        d->client.start();
        natter::test::signIn(*d, name, QStringLiteral("correct horse"), false);
        return d;
    }
    ConversationView *view(Desktop &d) { return d.window()->findChild<ConversationView *>(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_server.start());
        auto alice = TestClient::signedIn(m_server.url(), QStringLiteral("alice"));
        auto bob = TestClient::signedIn(m_server.url(), QStringLiteral("bob"));
        QVERIFY(alice && bob);
        const quint64 direct = alice->createDirect(QStringLiteral("bob")).value().id();
        QVERIFY(bob->acceptRequest(direct).ok());
        m_alice = signedInDesktop(QStringLiteral("alice"));
        m_bob = signedInDesktop(QStringLiteral("bob"));
        QTRY_VERIFY_WITH_TIMEOUT(m_alice->window() && m_bob->window(), 10'000);
        QTRY_VERIFY(m_alice->conversationRow(QStringLiteral("bob")) >= 0);
        QTRY_VERIFY(m_bob->conversationRow(QStringLiteral("alice")) >= 0);
        m_alice->open(QStringLiteral("bob"));
        m_bob->open(QStringLiteral("alice"));
        QTRY_COMPARE(view(*m_alice)->current(), view(*m_bob)->current());
    }

    void aFileByTheButtonAndAPastedPictureGoTogether()
    {
        QFile plan(m_files.filePath(QStringLiteral("plan.txt")));
        QVERIFY(plan.open(QIODevice::WriteOnly) && plan.write(QByteArray(300 * 1024, 'p')) > 0);
        plan.close();
        ConversationView *aliceView = view(*m_alice);
        aliceView->setAttachChooser([&plan] { return QStringList{plan.fileName()}; });
        QTest::mouseClick(m_alice->find<QToolButton>("attachButton"), Qt::LeftButton);
        QCOMPARE(aliceView->attachedFiles(), QStringList{plan.fileName()});
        auto *tray = m_alice->find<QLabel>("attachmentTray");
        QVERIFY(tray->isVisible());
        QVERIFY2(tray->text().startsWith(QStringLiteral("📎 plan.txt (307")),
                 qPrintable(tray->text()));

        // A screenshot pasted into the composer becomes the second file.
        QGuiApplication::clipboard()->setImage(test::picture(800, 500));
        m_alice->find<QPlainTextEdit>("composer")->paste();
        QTRY_COMPARE(aliceView->attachedFiles().size(), 2);
        const QString pasted = aliceView->attachedFiles().last();
        QVERIFY(QFileInfo(pasted).fileName().startsWith(QStringLiteral("Pasted ")));

        QSignalSpy progress(&m_alice->client.session()->engine(),
                            &client::SyncEngine::uploadProgress);
        m_alice->type(QStringLiteral("two files"));
        QVERIFY(aliceView->attachedFiles().isEmpty()); // they went with the message
        QVERIFY(!tray->isVisible());
        // At the other window: the caption and both files.
        QTRY_VERIFY_WITH_TIMEOUT(
            !m_bob->messageTexts().isEmpty() &&
                m_bob->messageTexts().last().startsWith(QStringLiteral("two files\n📎 plan.txt")),
            20'000);
        QVERIFY(m_bob->messageTexts().last().contains(QStringLiteral("\n📎 Pasted ")));
        const int row = m_bob->messageModel()->rowCount() - 1;
        QCOMPARE(m_bob->client.session()->messages().attachmentsAt(row).size(), 2);
        QCOMPARE(m_bob->client.session()->messages().attachmentsAt(row).last().width(), 800u);
        // Progress was shown while it went up, up to all of it.
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(1), progress.last().at(2));
        // The app's copy of the pasted picture goes once the message is sent.
        QTRY_VERIFY(!QFileInfo::exists(pasted));
        QVERIFY(plan.exists()); // the user's own file stays
    }

    void filesDroppedOnTheWindowAreAttached()
    {
        const QString path = m_files.filePath(QStringLiteral("photo.png"));
        QVERIFY(test::picture(64, 64).save(path));
        ConversationView *aliceView = view(*m_alice);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path), QUrl(QStringLiteral("https://example.test/x"))});
        const QPoint at = aliceView->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(aliceView, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(aliceView, &drop);
        QCOMPARE(aliceView->attachedFiles(), QStringList{path}); // local files only
        QTest::mouseClick(m_alice->find<QToolButton>("clearAttachments"), Qt::LeftButton);
        QVERIFY(aliceView->attachedFiles().isEmpty());
    }
};

QTEST_MAIN(TestDesktopFiles)
#include "tst_desktop_files.moc"

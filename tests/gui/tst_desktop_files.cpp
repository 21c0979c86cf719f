#include "desktop_harness.h"

#include "conversation_view.h"
#include "full_pictures.h"
#include "image_tools.h"
#include "media_index.h"
#include "message_delegate.h"
#include "message_list_model.h"
#include "picture_cache.h"
#include "profile_book.h"
#include "server_fixture.h"
#include "sync_engine.h"
#include "test_client.h"
#include "test_images.h"
#include "transfer_strip.h"

#include <QAction>
#include <QClipboard>
#include <QDir>
#include <QDropEvent>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
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
        // A pasted picture left behind (the app quit with it on the tray) is swept at start.
        const QDir outgoing(DesktopClient::cacheDirIn(m_profiles.filePath(QStringLiteral("alice")),
                                                      m_server.url().toString(),
                                                      QStringLiteral("alice")) +
                            QStringLiteral("/outgoing"));
        QVERIFY(QDir().mkpath(outgoing.path()));
        const QString stray = outgoing.filePath(QStringLiteral("Pasted old.png"));
        QVERIFY(test::picture(10, 10).save(stray));
        m_alice = signedInDesktop(QStringLiteral("alice"));
        m_bob = signedInDesktop(QStringLiteral("bob"));
        QTRY_VERIFY_WITH_TIMEOUT(m_alice->window() && m_bob->window(), 10'000);
        QTRY_VERIFY(!QFileInfo::exists(stray));
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
        // The tray previews the picture (decoded off the GUI thread, 96 px at most).
        auto *preview = m_alice->find<QLabel>("attachmentPreview");
        QTRY_VERIFY(preview->isVisible());
        QCOMPARE(preview->pixmap().size(), QSize(96, 60));

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
        const proto::Attachment picture =
            m_bob->client.session()->messages().attachmentsAt(row).last();
        QCOMPARE(picture.width(), 800u);
        // Inline at bob's: the space is the picture's from the start (320×200 here), and the
        // thumbnail is decoded off the GUI thread and painted into it.
        const int height =
            m_bob->messages()->visualRect(m_bob->messageModel()->index(row, 0)).height();
        QVERIFY2(height > 200, qPrintable(QString::number(height)));
        auto *pictures = view(*m_bob)->findChild<PictureCache *>();
        QVERIFY(pictures);
        QTRY_COMPARE(pictures->state(QString::fromStdString(picture.blob_id())),
                     PictureCache::State::Ready);
        QCOMPARE(m_bob->messages()->visualRect(m_bob->messageModel()->index(row, 0)).height(),
                 height);
        // Then the full picture, fetched into the media cache and decoded at a bounded size.
        const QString fullKey = FullPictures::keyOf(picture);
        QTRY_COMPARE_WITH_TIMEOUT(pictures->state(fullKey), PictureCache::State::Ready, 20'000);
        QImage full;
        QCOMPARE(pictures->cached(fullKey, &full), PictureCache::State::Ready);
        QCOMPARE(full.size(), QSize(640, 400));
        QCOMPARE(m_bob->messages()->visualRect(m_bob->messageModel()->index(row, 0)).height(),
                 height);

        // The file card's Open: downloaded into the media cache, opened under its name.
        QStringList opened;
        view(*m_bob)->files().setFileOpener(
            [&opened](const QString &path) { opened.append(path); });
        QVERIFY(m_bob->chooseFromMessageMenu(row, QStringLiteral("Open “plan.txt”")));
        QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, 20'000);
        QCOMPARE(QFileInfo(opened.front()).fileName(), QStringLiteral("plan.txt"));
        QFile copy(opened.front());
        QVERIFY(copy.open(QIODevice::ReadOnly));
        QCOMPARE(copy.readAll(), QByteArray(300 * 1024, 'p'));
        // A click beside the picture does nothing; a click on it opens it large.
        const QModelIndex at = m_bob->messageModel()->index(row, 0);
        const QRect picturePlace = view(*m_bob)->pictureRect(at);
        QCOMPARE(picturePlace.size(), QSize(320, 200));
        QTest::mouseClick(m_bob->messages()->viewport(), Qt::LeftButton, {},
                          m_bob->messages()->visualRect(at).bottomRight() - QPoint(2, 2));
        // Sentinel: the file opened again (the same copy) comes after anything the click did.
        QVERIFY(m_bob->chooseFromMessageMenu(row, QStringLiteral("Open “plan.txt”")));
        QTRY_VERIFY(opened.size() >= 2 && opened.last().endsWith(QStringLiteral("plan.txt")));
        QCOMPARE(opened, (QStringList{opened.front(), opened.front()}));
        QTest::mouseClick(m_bob->messages()->viewport(), Qt::LeftButton, {}, picturePlace.center());
        QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 3, 20'000);
        QVERIFY(QFileInfo(opened.last()).fileName().startsWith(QStringLiteral("Pasted ")));
        QCOMPARE(QImage(opened.last()).size(), QSize(800, 500));
        // plan.txt is a card under the picture, with Open and Save as on it.
        const QRect openLink = view(*m_bob)->cardLinkRect(at, 0, MessageDelegate::CardLink::Open);
        const QRect saveLink = view(*m_bob)->cardLinkRect(at, 0, MessageDelegate::CardLink::Save);
        QVERIFY(openLink.isValid() && saveLink.isValid());
        QVERIFY(m_bob->messages()->visualRect(at).contains(saveLink));
        QVERIFY(!view(*m_bob)->cardLinkRect(at, 1, MessageDelegate::CardLink::Open).isValid());
        QTest::mouseClick(m_bob->messages()->viewport(), Qt::LeftButton, {}, openLink.center());
        QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 4, 20'000);
        QCOMPARE(opened.last(), opened.front());
        QStringList suggested;
        view(*m_bob)->files().setSavePathChooser([&suggested](const QString &name) {
            suggested.append(name);
            return QString(); // the user cancelled the dialog
        });
        QTest::mouseClick(m_bob->messages()->viewport(), Qt::LeftButton, {}, saveLink.center());
        QCOMPARE(suggested, QStringList{QStringLiteral("plan.txt")});
        view(*m_bob)->files().setSavePathChooser({});
        // In a narrow window the links move under the size and stay inside the row.
        const QSize wide = m_bob->window()->size();
        const int wideRow = m_bob->messages()->visualRect(at).width();
        m_bob->window()->resize(560, wide.height());
        QTRY_VERIFY(m_bob->messages()->visualRect(at).width() < wideRow);
        const QRect narrowOpen = view(*m_bob)->cardLinkRect(at, 0, MessageDelegate::CardLink::Open);
        const QRect narrowSave = view(*m_bob)->cardLinkRect(at, 0, MessageDelegate::CardLink::Save);
        QVERIFY(m_bob->messages()->visualRect(at).contains(narrowSave));
        QVERIFY(m_bob->messages()->viewport()->rect().contains(narrowSave));
        QVERIFY(narrowOpen.isValid() && !narrowOpen.intersects(narrowSave));
        // Within the bubble's content, as wide as the picture above the card here.
        QVERIFY2(narrowSave.right() <= view(*m_bob)->pictureRect(at).right(),
                 qPrintable(QStringLiteral("%1 > %2")
                                .arg(narrowSave.right())
                                .arg(view(*m_bob)->pictureRect(at).right())));
        m_bob->window()->resize(wide);
        view(*m_bob)->files().setFileOpener({});
        // Progress was shown while it went up, up to all of it.
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(1), progress.last().at(2));
        // The app's copy of the pasted picture goes once the message is sent.
        QTRY_VERIFY(!QFileInfo::exists(pasted));
        QVERIFY(plan.exists()); // the user's own file stays
    }

    void downloadsShowProgressAndCanBeRetriedOrCancelled()
    {
        // A file of 3 MB from alice: a dozen chunks to come down at bob's.
        const QString big = m_files.filePath(QStringLiteral("big.bin"));
        QFile bigFile(big);
        QVERIFY(bigFile.open(QIODevice::WriteOnly) &&
                bigFile.write(QByteArray(3 * 1024 * 1024, 'B')) > 0);
        bigFile.close();
        view(*m_alice)->setAttachChooser([big] { return QStringList{big}; });
        QTest::mouseClick(m_alice->find<QToolButton>("attachButton"), Qt::LeftButton);
        m_alice->type(QStringLiteral("the big one"));
        QTRY_VERIFY_WITH_TIMEOUT(
            !m_bob->messageTexts().isEmpty() &&
                m_bob->messageTexts().last().startsWith(QStringLiteral("the big one")),
            20'000);
        const int row = m_bob->messageModel()->rowCount() - 1;
        auto *strip = view(*m_bob)->findChild<TransferStrip *>();
        QVERIFY(strip);
        const auto rows = [strip] {
            QList<TransferRow *> alive;
            for (TransferRow *r : strip->findChildren<TransferRow *>())
                if (r->isVisible())
                    alive.append(r);
            return alive;
        };

        // Saved into a folder that is not there yet: the row says why and offers Retry.
        const QString folder = m_files.filePath(QStringLiteral("later"));
        QString target = folder + QStringLiteral("/big.bin");
        view(*m_bob)->files().setSavePathChooser([&target](const QString &) { return target; });
        QVERIFY(m_bob->chooseFromMessageMenu(row, QStringLiteral("Save “big.bin”…")));
        QTRY_COMPARE(rows().size(), 1);
        auto *retry = rows().front()->findChild<QToolButton *>(QStringLiteral("retryTransfer"));
        QTRY_VERIFY(retry->isVisible());
        const QString why =
            rows().front()->findChild<QLabel *>(QStringLiteral("transferLabel"))->text();
        QVERIFY2(why.contains(QStringLiteral("cannot write")), qPrintable(why));
        QVERIFY(QDir().mkpath(folder));
        QSignalSpy progressed(strip, &TransferStrip::rowAdded);
        QTest::mouseClick(retry, Qt::LeftButton);
        QCOMPARE(progressed.size(), 1); // a new row for the new try
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(target).size() == 3 * 1024 * 1024, 20'000);
        QTRY_VERIFY(rows().isEmpty());
        QCOMPARE(QDir(folder).entryList(QDir::Files), QStringList{QStringLiteral("big.bin")});

        // Saved again elsewhere and cancelled at its first progress: nothing stays behind.
        target = m_files.filePath(QStringLiteral("cancelled/big.bin"));
        QVERIFY(QDir().mkpath(QFileInfo(target).path()));
        int progressSeen = 0;
        connect(strip, &TransferStrip::rowAdded, this, [&progressSeen](TransferRow *added) {
            auto *bar = added->findChild<QProgressBar *>(QStringLiteral("transferProgress"));
            // Queued: the click comes from the event loop, as a user's would.
            connect(
                bar, &QProgressBar::valueChanged, added,
                [&progressSeen, added] {
                    if (++progressSeen == 1)
                        QTest::mouseClick(
                            added->findChild<QToolButton *>(QStringLiteral("cancelTransfer")),
                            Qt::LeftButton);
                },
                Qt::QueuedConnection);
        });
        QVERIFY(m_bob->chooseFromMessageMenu(row, QStringLiteral("Save “big.bin”…")));
        QTRY_VERIFY_WITH_TIMEOUT(progressSeen > 0 && rows().isEmpty(), 20'000);
        disconnect(strip, &TransferStrip::rowAdded, this, nullptr);
        QTRY_COMPARE(m_bob->window()->statusBar()->currentMessage(),
                     QStringLiteral("Saving big.bin was cancelled"));
        // Sentinel: a save after it completes, and the cancelled one left no file at all.
        const QString sentinel = m_files.filePath(QStringLiteral("sentinel/big.bin"));
        QVERIFY(QDir().mkpath(QFileInfo(sentinel).path()));
        target = sentinel;
        QVERIFY(m_bob->chooseFromMessageMenu(row, QStringLiteral("Save “big.bin”…")));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(sentinel).size() == 3 * 1024 * 1024, 20'000);
        QCOMPARE(QDir(QFileInfo(target).path()).entryList(QDir::Files).size(), 1);
        QVERIFY(
            QDir(m_files.filePath(QStringLiteral("cancelled"))).entryList(QDir::Files).isEmpty());
        view(*m_bob)->files().setSavePathChooser({});
    }

    void aPictureWaitingToGoCanBeCancelled()
    {
        ConversationView *aliceView = view(*m_alice);
        const int bobHad = m_bob->messageModel()->rowCount();
        QCOMPARE(m_server.stop(), 0);
        QTRY_VERIFY(m_alice->client.session()->client.connection().state() !=
                    client::Connection::State::Ready);
        // A pasted picture that is taken off the tray again is not kept.
        auto *composer = m_alice->find<QPlainTextEdit>("composer");
        QGuiApplication::clipboard()->setImage(test::picture(300, 200));
        composer->paste();
        QTRY_COMPARE(aliceView->attachedFiles().size(), 1);
        const QString first = aliceView->attachedFiles().front();
        QTest::mouseClick(m_alice->find<QToolButton>("clearAttachments"), Qt::LeftButton);
        QVERIFY(!QFileInfo::exists(first));

        // Offline, a picture alone (Enter with no text) waits in the outbox; cancelled there.
        composer->paste();
        QTRY_COMPARE(aliceView->attachedFiles().size(), 1);
        const QString pasted = aliceView->attachedFiles().front();
        QTest::keyClick(composer, Qt::Key_Return);
        QVERIFY(aliceView->attachedFiles().isEmpty());
        auto *model = m_alice->messageModel();
        QTRY_VERIFY(
            model->index(model->rowCount() - 1, 0).data(MessageListModel::UploadRole).isValid());
        const int rows = model->rowCount();
        QVERIFY(m_alice->chooseFromMessageMenu(rows - 1, QStringLiteral("Cancel sending")));
        QTRY_COMPARE(model->rowCount(), rows - 1);
        QTRY_VERIFY(!QFileInfo::exists(pasted));

        // Back online: a sentinel arrives, and nothing cancelled came before it.
        QVERIFY(m_server.restart(/*samePort=*/true));
        m_alice->type(QStringLiteral("after the cancel"));
        QTRY_VERIFY_WITH_TIMEOUT(!m_bob->messageTexts().isEmpty() &&
                                     m_bob->messageTexts().last() ==
                                         QStringLiteral("after the cancel"),
                                 20'000);
        QCOMPARE(m_bob->messageModel()->rowCount(), bobHad + 1);
    }

    void aProfilePhotoSetInSettingsShowsAtTheOtherWindow()
    {
        const QString path = m_files.filePath(QStringLiteral("me.jpg"));
        QVERIFY(test::picture(1200, 900).save(path));
        m_alice->window()->setPhotoChooser([path] { return path; });
        m_alice->window()->findChild<QAction *>(QStringLiteral("profilePhotoAction"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(m_alice->window()->statusBar()->currentMessage(),
                                  QStringLiteral("Profile photo set"), 20'000);
        // Bob hears of it, has it downloaded into his media cache and paints it in the list.
        const quint64 aliceId = m_alice->client.session()->client.user().id();
        client::ProfileBook &bobsBook = m_bob->client.session()->profiles();
        QTRY_VERIFY_WITH_TIMEOUT(!bobsBook.photoPath(aliceId).isEmpty(), 20'000);
        const QImage photo(bobsBook.photoPath(aliceId));
        QCOMPARE(photo.size(), QSize(512, 512)); // cropped square, scaled
        auto *avatars =
            m_bob->window()->findChild<PictureCache *>(QString(), Qt::FindDirectChildrenOnly);
        QVERIFY(avatars);
        m_bob->conversations()->viewport()->update();
        QTRY_COMPARE(avatars->state(bobsBook.photoPath(aliceId)), PictureCache::State::Ready);
        // And in the header of the open conversation: the photo's yellow centre, not initials.
        auto *header = m_bob->find<QLabel>("conversationAvatar");
        const auto headerShowsPhoto = [header] {
            const QImage shown = header->pixmap().toImage();
            if (shown.isNull())
                return false;
            const QColor centre = shown.pixelColor(shown.rect().center()); // JPEG: near yellow
            return centre.red() > 220 && centre.green() > 220 && centre.blue() < 60;
        };
        QTRY_VERIFY(headerShowsPhoto());

        m_alice->window()
            ->findChild<QAction *>(QStringLiteral("removeProfilePhotoAction"))
            ->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(bobsBook.photoPath(aliceId).isEmpty(), 20'000); // initials again
        QTRY_VERIFY(!headerShowsPhoto());
    }

    void theMediaCacheLimitIsASettingAndClearEmptiesIt()
    {
        auto *limits = m_bob->window()->findChild<QMenu *>(QStringLiteral("mediaCacheLimitMenu"));
        QVERIFY(limits);
        limits->actions().front()->trigger(); // 256 MB
        client::MediaCache &media = m_bob->client.session()->media();
        QCOMPARE(media.capBytes(), 256LL * 1024 * 1024);
        QSettings saved(
            QDir(m_profiles.filePath(QStringLiteral("bob"))).filePath(QStringLiteral("natter.ini")),
            QSettings::IniFormat);
        QCOMPARE(saved.value(QStringLiteral("media/cache-limit-mb")).toInt(), 256);

        // The files opened before are in the cache; clearing it leaves nothing there.
        std::optional<qint64> used;
        media.usage(this, [&](qint64 bytes) { used = bytes; });
        QTRY_VERIFY(used.has_value());
        QVERIFY(*used > 0);
        // The files opened are there, and gone once it is cleared (pictures on screen come
        // back as they are shown again, so only the others are counted).
        const QString mediaDir =
            DesktopClient::cacheDirIn(m_profiles.filePath(QStringLiteral("bob")),
                                      m_server.url().toString(), QStringLiteral("bob")) +
            QStringLiteral("/media");
        QStringList opened;
        for (int row = 0; row < m_bob->messageModel()->rowCount(); ++row) {
            for (const proto::Attachment &file :
                 m_bob->client.session()->messages().attachmentsAt(row)) {
                const QString path =
                    client::MediaIndex::pathIn(mediaDir, QString::fromStdString(file.blob_id()));
                if (file.width() == 0 && QFileInfo::exists(path))
                    opened.append(path);
            }
        }
        QVERIFY(!opened.isEmpty()); // plan.txt at least
        m_bob->window()->findChild<QAction *>(QStringLiteral("clearMediaCacheAction"))->trigger();
        QTRY_VERIFY(m_bob->window()->statusBar()->currentMessage().startsWith(
            QStringLiteral("Media cache cleared")));
        for (const QString &path : std::as_const(opened))
            QVERIFY2(!QFileInfo::exists(path), qPrintable(path));
    }

    void hostilePicturesBecomePlaceholders()
    {
        PictureCache cache;
        QImage image;
        const QByteArray good = image::makeThumbnail(test::picture(400, 300));
        QCOMPARE(cache.find(QStringLiteral("good"), good, &image), PictureCache::State::Decoding);
        QCOMPARE(cache.find(QStringLiteral("bomb"), test::pngClaiming(60000, 60000), &image),
                 PictureCache::State::Decoding);
        const QByteArray jpeg = test::encoded(test::picture(300, 200), "jpeg");
        QCOMPARE(cache.find(QStringLiteral("cut"), jpeg.left(100), &image),
                 PictureCache::State::Decoding);
        QTRY_COMPARE(cache.state(QStringLiteral("good")), PictureCache::State::Ready);
        QTRY_COMPARE(cache.state(QStringLiteral("bomb")), PictureCache::State::Failed);
        QTRY_COMPARE(cache.state(QStringLiteral("cut")), PictureCache::State::Failed);
        QCOMPARE(cache.find(QStringLiteral("good"), good, &image), PictureCache::State::Ready);
        QCOMPARE(image.size(), QSize(160, 120));
        // Asked again, a failed one is not decoded again.
        QCOMPARE(cache.find(QStringLiteral("bomb"), {}, &image), PictureCache::State::Failed);
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

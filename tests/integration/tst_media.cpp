#include "file_transfer.h"
#include "server_fixture.h"
#include "test_client.h"
#include "test_images.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QtTest>
#include <memory>

using namespace natter;
using natter::test::ServerFixture;
using natter::test::TestClient;

namespace {

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator generator(seed);
    generator.fillRange(reinterpret_cast<quint32 *>(bytes.data()), size / 4);
    return bytes;
}

QString blobIdOf(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

/// What is stored under the data dir's blobs folder (finished files only).
int storedBlobs(const QString &dataDir)
{
    int count = 0;
    QDirIterator it(QDir(dataDir).filePath(QStringLiteral("blobs")), QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++count;
    }
    return count;
}

Result<proto::UploadReply> startUpload(TestClient &c, const QString &blobId, quint64 size)
{
    return client::waitFor<proto::UploadReply>(
        [&](auto done) { c.client().startUpload(blobId, size, done); });
}

Result<proto::UploadReply> chunk(TestClient &c, const QString &blobId, quint64 offset,
                                 const QByteArray &data)
{
    return client::waitFor<proto::UploadReply>(
        [&](auto done) { c.client().uploadChunk(blobId, offset, data, done); });
}

Result<proto::DownloadReply> download(TestClient &c, const QString &blobId, quint64 offset = 0)
{
    return client::waitFor<proto::DownloadReply>(
        [&](auto done) { c.client().download(blobId, offset, 0, done); });
}

Result<proto::SendMessageReply> sendFiles(TestClient &c, quint64 conversationId,
                                          const QList<proto::Attachment> &attachments,
                                          const QString &caption = {})
{
    return client::waitFor<proto::SendMessageReply>([&](auto done) {
        c.client().sendMessage(conversationId, client::Client::newClientMsgId(), caption,
                               attachments, done);
    });
}

proto::Attachment attachment(const QString &blobId, const QString &name)
{
    proto::Attachment a;
    a.set_blob_id(blobId.toStdString());
    a.set_file_name(name.toStdString());
    return a;
}

/// Uploads `bytes` chunk by chunk, one at a time.
bool uploadWhole(TestClient &c, const QByteArray &bytes)
{
    const QString id = blobIdOf(bytes);
    auto state = startUpload(c, id, quint64(bytes.size()));
    while (state.ok() && !state.value().complete()) {
        const qsizetype offset = qsizetype(state.value().offset());
        state = chunk(c, id, quint64(offset), bytes.mid(offset, 192 * 1024));
    }
    return state.ok();
}

} // namespace

/// Files end to end against a real natterd: upload, send, download, who may read what,
/// resuming, dedupe, limits and every malformed upload.
class TestMedia : public QObject {
    Q_OBJECT
private:
    ServerFixture m_server;
    QTemporaryDir m_files;
    std::unique_ptr<TestClient> m_alice;
    std::unique_ptr<TestClient> m_bob;
    quint64 m_direct = 0;

    QString writeFile(const QString &name, const QByteArray &bytes)
    {
        QFile file(m_files.filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return {};
        return file.fileName();
    }

    Result<proto::Attachment> uploadFile(TestClient &c, const QString &path,
                                         std::function<void(quint64, quint64)> progress = {})
    {
        return c.uploadFile(path, std::move(progress));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_server.start());
        m_alice = TestClient::signedIn(m_server.url(), QStringLiteral("alice"));
        m_bob = TestClient::signedIn(m_server.url(), QStringLiteral("bob"));
        QVERIFY(m_alice && m_bob);
        m_direct = m_alice->createDirect(QStringLiteral("bob")).value().id();
    }

    void aFileGoesUpIntoAMessageAndDownToAnotherMember()
    {
        // A PNG named like text: the type comes from the content, not the name.
        QByteArray png = QByteArray::fromHex("89504e470d0a1a0a0000000d49484452");
        png += randomBytes(700 * 1024, 1); // several chunks
        const QString path = writeFile(QStringLiteral("holiday.txt"), png);
        QList<quint64> progress;
        const auto uploaded =
            uploadFile(*m_alice, path, [&](quint64 sent, quint64) { progress.append(sent); });
        QVERIFY2(uploaded.ok(), qPrintable(uploaded.failure().message));
        QCOMPARE(uploaded.value().blob_id(), blobIdOf(png).toStdString());
        QCOMPARE(uploaded.value().mime_type(), "image/png");
        QVERIFY(progress.size() > 2 && progress.last() == quint64(png.size()));

        const int before = int(m_bob->received.size());
        const auto sent = sendFiles(*m_alice, m_direct, {uploaded.value()}, QStringLiteral("look"));
        QVERIFY2(sent.ok(), qPrintable(sent.failure().message));
        QVERIFY(m_bob->waitForMessages(before + 1));
        const proto::Message &arrived = m_bob->received.last();
        QCOMPARE(arrived.text(), "look");
        QCOMPARE(arrived.attachments_size(), 1);
        QCOMPARE(arrived.attachments(0).file_name(), "holiday.txt");
        QCOMPARE(arrived.attachments(0).size(), quint64(png.size()));
        QCOMPARE(arrived.attachments(0).mime_type(), "image/png");
        // History carries it too.
        const auto history = m_bob->messages(m_direct, 0, 0, 1);
        QCOMPARE(history.value().messages(0).attachments(0).blob_id(), uploaded.value().blob_id());

        client::FileDownload fetch(m_bob->client(), arrived.attachments(0),
                                   m_files.filePath(QStringLiteral("bob-copy")));
        std::optional<Result<Done>> fetched;
        fetch.start([&](Result<Done> r) { fetched = std::move(r); });
        QTRY_VERIFY_WITH_TIMEOUT(fetched.has_value(), 30'000);
        QVERIFY2(fetched->ok(), qPrintable(fetched->failure().message));
        QFile copy(m_files.filePath(QStringLiteral("bob-copy")));
        QVERIFY(copy.open(QIODevice::ReadOnly));
        QCOMPARE(copy.readAll(), png);
        // A download may start anywhere.
        QCOMPARE(download(*m_bob, blobIdOf(png), 1000).value().data(),
                 png.mid(1000, 192 * 1024).toStdString());
    }

    void aPictureCarriesItsPixelSizeAndAThumbnail()
    {
        const QString path = writeFile(QStringLiteral("beach.jpg"),
                                       test::encoded(test::picture(1200, 800), "jpeg", 90));
        const auto uploaded = uploadFile(*m_alice, path);
        QVERIFY2(uploaded.ok(), qPrintable(uploaded.failure().message));
        QVERIFY(!uploaded.value().thumbnail().empty()); // made by the sender
        const int before = int(m_bob->received.size());
        QVERIFY(sendFiles(*m_alice, m_direct, {uploaded.value()}).ok());
        QVERIFY(m_bob->waitForMessages(before + 1));
        const proto::Attachment &arrived = m_bob->received.last().attachments(0);
        QCOMPARE(arrived.width(), 1200u); // read by natterd from the file
        QCOMPARE(arrived.height(), 800u);
        QCOMPARE(arrived.thumbnail(), uploaded.value().thumbnail());
        const QImage thumbnail =
            QImage::fromData(QByteArray::fromStdString(arrived.thumbnail()), "JPEG");
        QCOMPARE(thumbnail.size(), QSize(160, 106));
        // A size the sender claims is not taken.
        proto::Attachment lying = uploaded.value();
        lying.set_width(1);
        lying.set_height(99999);
        QVERIFY(sendFiles(*m_alice, m_direct, {lying}).ok());
        QVERIFY(m_bob->waitForMessages(before + 2));
        QCOMPARE(m_bob->received.last().attachments(0).height(), 800u);
    }

    void badThumbnailsAreRefusedAndNothingIsStored()
    {
        const QByteArray jpeg = test::encoded(test::picture(640, 480), "jpeg");
        const QByteArray other = randomBytes(2048, 21);
        QVERIFY(uploadWhole(*m_alice, jpeg) && uploadWhole(*m_alice, other));
        const auto withThumbnail = [](const QString &blobId, const QByteArray &thumbnail) {
            proto::Attachment a = attachment(blobId, QStringLiteral("p.jpg"));
            a.set_thumbnail(thumbnail.toStdString());
            return a;
        };
        const QList<QPair<proto::Attachment, QString>> refused = {
            {withThumbnail(blobIdOf(jpeg), QByteArray(17 * 1024, 'x')), QStringLiteral("bytes")},
            {withThumbnail(blobIdOf(jpeg), QByteArray("not a picture")), QStringLiteral("PNG")},
            {withThumbnail(blobIdOf(jpeg), test::encoded(test::picture(321, 10), "png")),
             QStringLiteral("320")},
            {withThumbnail(blobIdOf(jpeg), test::pngClaiming(60000, 60000)), QStringLiteral("320")},
            {withThumbnail(blobIdOf(jpeg), test::encoded(test::picture(100, 100), "jpeg").left(30)),
             QStringLiteral("decode")},
        };
        const int stored = m_alice->messages(m_direct, 0, 0, 200).value().messages_size();
        for (const auto &[bad, why] : refused) {
            const auto sent = sendFiles(*m_alice, m_direct, {bad});
            QCOMPARE(sent.failure().code, proto::INVALID_THUMBNAIL);
            QVERIFY2(sent.failure().message.contains(why), qPrintable(sent.failure().message));
        }
        QCOMPARE(m_alice->messages(m_direct, 0, 0, 200).value().messages_size(), stored);
        // A good thumbnail on a file natterd does not see as a picture is left out: it goes as
        // a file (files stored before pictures were measured are such files).
        const auto asFile = sendFiles(
            *m_alice, m_direct,
            {withThumbnail(blobIdOf(other), test::encoded(test::picture(50, 50), "png"))});
        QVERIFY(asFile.ok());
        const auto page = m_alice->messages(m_direct, 0, 0, 1).value();
        QCOMPARE(page.messages(0).attachments(0).thumbnail(), "");
        QCOMPARE(page.messages(0).attachments(0).width(), 0u);
        QVERIFY(m_alice->send(m_direct, QStringLiteral("still serving")).ok());
    }

    void aDecompressionBombAndATruncatedJpegStayFiles()
    {
        // The header claims 60000×60000 pixels: stored and sent as a file, never as a picture.
        const QString bombPath =
            writeFile(QStringLiteral("bomb.png"), test::pngClaiming(60000, 60000));
        const auto bomb = uploadFile(*m_alice, bombPath);
        QVERIFY2(bomb.ok(), qPrintable(bomb.failure().message));
        QVERIFY(bomb.value().thumbnail().empty()); // the sender did not decode it either
        // Half a JPEG: its header is whole, so it is a picture, and what arrived of it
        // makes the thumbnail.
        const QByteArray jpeg = test::encoded(test::picture(800, 600), "jpeg", 90);
        const auto truncated =
            uploadFile(*m_alice, writeFile(QStringLiteral("cut.jpg"), jpeg.left(jpeg.size() / 2)));
        QVERIFY2(truncated.ok(), qPrintable(truncated.failure().message));
        const int before = int(m_bob->received.size());
        QVERIFY(sendFiles(*m_alice, m_direct, {bomb.value(), truncated.value()}).ok());
        QVERIFY(m_bob->waitForMessages(before + 1));
        const proto::Message &arrived = m_bob->received.last();
        QCOMPARE(arrived.attachments(0).mime_type(), "image/png");
        QCOMPARE(arrived.attachments(0).width(), 0u);
        QCOMPARE(arrived.attachments(0).height(), 0u);
        QCOMPARE(arrived.attachments(1).width(), 800u);
        QVERIFY(m_alice->send(m_direct, QStringLiteral("still serving")).ok());
    }

    void onlyMembersMayReadOrAttachAFile()
    {
        const QByteArray secret = randomBytes(4096, 2);
        QVERIFY(uploadWhole(*m_alice, secret));
        QVERIFY(sendFiles(*m_alice, m_direct, {attachment(blobIdOf(secret), QStringLiteral("s"))})
                    .ok());
        auto carol = TestClient::signedIn(m_server.url(), QStringLiteral("carol"));
        QVERIFY(carol);
        QCOMPARE(download(*carol, blobIdOf(secret)).failure().code, proto::BLOB_NOT_FOUND);
        // Nor can she put it in a conversation of hers to read it there.
        const quint64 hers = carol->createDirect(QStringLiteral("alice")).value().id();
        QCOMPARE(sendFiles(*carol, hers, {attachment(blobIdOf(secret), QStringLiteral("s"))})
                     .failure()
                     .code,
                 proto::BLOB_NOT_FOUND);
        // An unknown file answers the same.
        QCOMPARE(download(*carol, blobIdOf("nothing")).failure().code, proto::BLOB_NOT_FOUND);
        // Sending into a conversation she is not in tells nothing of what it carries: the
        // same refusal for a file it carries and one it does not.
        QCOMPARE(sendFiles(*carol, m_direct, {attachment(blobIdOf(secret), QStringLiteral("s"))})
                     .failure()
                     .code,
                 proto::NOT_A_MEMBER);
        QCOMPARE(sendFiles(*carol, m_direct, {attachment(blobIdOf("none"), QStringLiteral("s"))})
                     .failure()
                     .code,
                 proto::NOT_A_MEMBER);
        // Bob, a member, may forward it within the conversation that carries it.
        QVERIFY(sendFiles(*m_bob, m_direct, {attachment(blobIdOf(secret), QStringLiteral("again"))})
                    .ok());
        QVERIFY(download(*m_bob, blobIdOf(secret)).ok());
        // An upload nobody sent is its uploader's only.
        const QByteArray draft = randomBytes(2048, 3);
        QVERIFY(uploadWhole(*m_alice, draft));
        QVERIFY(download(*m_alice, blobIdOf(draft)).ok());
        QCOMPARE(download(*m_bob, blobIdOf(draft)).failure().code, proto::BLOB_NOT_FOUND);
    }

    void anInterruptedUploadGoesOnFromWhatTheServerHolds()
    {
        const QByteArray bytes = randomBytes(600 * 1024, 4);
        const QString id = blobIdOf(bytes);
        const QByteArray first = bytes.left(192 * 1024);
        QCOMPARE(startUpload(*m_alice, id, quint64(bytes.size())).value().offset(), 0u);
        QCOMPARE(chunk(*m_alice, id, 0, first).value().offset(), quint64(first.size()));
        // The connection drops; another one (the same session) asks where it stands.
        m_alice->client().close();
        auto again = std::make_unique<TestClient>();
        again->client().setToken(m_alice->client().token());
        QVERIFY(again->connectTo(m_server.url()));
        const auto resumed = startUpload(*again, id, quint64(bytes.size()));
        QCOMPARE(resumed.value().offset(), quint64(first.size()));
        QCOMPARE(resumed.value().complete(), false);
        quint64 offset = resumed.value().offset();
        while (offset < quint64(bytes.size())) {
            const auto next = chunk(*again, id, offset, bytes.mid(qsizetype(offset), 192 * 1024));
            QVERIFY2(next.ok(), qPrintable(next.failure().message));
            offset = next.value().offset();
        }
        QVERIFY(download(*again, id).ok());
        m_alice = std::move(again);
    }

    void anUploadWhoseCheckWasCutShortFinishesOnTheNextStart()
    {
        // natterd stopped after the last byte was written but before the file was checked
        // and moved into place (played here by writing the upload file directly).
        const QByteArray bytes = randomBytes(300 * 1024, 13);
        const QString id = blobIdOf(bytes);
        QCOMPARE(startUpload(*m_alice, id, quint64(bytes.size())).value().offset(), 0u);
        QFile part(QDir(m_server.dataDir())
                       .filePath(QStringLiteral("uploads/%1-%2.part")
                                     .arg(m_alice->client().user().id())
                                     .arg(id)));
        QVERIFY(part.open(QIODevice::WriteOnly) && part.write(bytes) == bytes.size());
        part.close();
        const auto finished = startUpload(*m_alice, id, quint64(bytes.size()));
        QVERIFY2(finished.ok(), qPrintable(finished.failure().message));
        QVERIFY(finished.value().complete());
        QCOMPARE(download(*m_alice, id).value().size(), quint64(bytes.size()));
    }

    void identicalContentIsStoredOnce()
    {
        const int before = storedBlobs(m_server.dataDir());
        const QByteArray same = randomBytes(8192, 5);
        QVERIFY(uploadWhole(*m_alice, same));
        QVERIFY(uploadWhole(*m_bob, same)); // Bob uploads it himself: stored once
        QCOMPARE(storedBlobs(m_server.dataDir()), before + 1);
        // Uploading what one uploaded before needs no bytes at all.
        const auto known = startUpload(*m_alice, blobIdOf(same), quint64(same.size()));
        QVERIFY(known.value().complete());
    }

    void malformedUploadsAreRefusedAndStoreNothing()
    {
        const QByteArray bytes = randomBytes(4096, 6);
        const QString id = blobIdOf(bytes);
        const int before = storedBlobs(m_server.dataDir());
        QCOMPARE(startUpload(*m_alice, QStringLiteral("not-a-hash"), 10).failure().code,
                 proto::INVALID_ARGUMENT);
        QCOMPARE(startUpload(*m_alice, id, 0).failure().code, proto::INVALID_ARGUMENT);
        QCOMPARE(chunk(*m_alice, id, 0, bytes).failure().code, proto::INVALID_CHUNK); // not started
        QCOMPARE(startUpload(*m_alice, id, quint64(bytes.size())).value().offset(), 0u);
        QCOMPARE(chunk(*m_alice, id, 100, bytes.left(10)).failure().code, proto::INVALID_CHUNK);
        QCOMPARE(chunk(*m_alice, id, 0, bytes + "x").failure().code, proto::INVALID_CHUNK);
        QCOMPARE(chunk(*m_alice, id, 0, randomBytes(200 * 1024, 7)).failure().code,
                 proto::INVALID_CHUNK); // over the chunk limit
        // Other bytes than the hash said: refused, and nothing of it stays.
        QByteArray forged = bytes;
        forged[0] = char(forged[0] ^ 1);
        QCOMPARE(chunk(*m_alice, id, 0, forged).failure().code, proto::HASH_MISMATCH);
        QCOMPARE(storedBlobs(m_server.dataDir()), before);
        QCOMPARE(download(*m_alice, id).failure().code, proto::BLOB_NOT_FOUND);
        QCOMPARE(startUpload(*m_alice, id, quint64(bytes.size())).value().offset(), 0u);
        QVERIFY(chunk(*m_alice, id, 0, bytes).value().complete()); // and it still works
    }

    void badAttachmentsAreRefused()
    {
        const QByteArray bytes = randomBytes(1024, 8);
        QVERIFY(uploadWhole(*m_alice, bytes));
        const QString id = blobIdOf(bytes);
        for (const QString &name : {QString(), QStringLiteral("../../etc/passwd"),
                                    QStringLiteral("C:\\evil.exe"), QStringLiteral("..")})
            QCOMPARE(sendFiles(*m_alice, m_direct, {attachment(id, name)}).failure().code,
                     proto::INVALID_FILE_NAME);
        QCOMPARE(sendFiles(*m_alice, m_direct, {attachment(blobIdOf("none"), QStringLiteral("x"))})
                     .failure()
                     .code,
                 proto::BLOB_NOT_FOUND);
        QList<proto::Attachment> many;
        for (int i = 0; i < 11; ++i)
            many.append(attachment(id, QStringLiteral("copy %1").arg(i)));
        QCOMPARE(sendFiles(*m_alice, m_direct, many).failure().code, proto::TOO_MANY_ATTACHMENTS);
        // The server keeps serving.
        QVERIFY(m_alice->send(m_direct, QStringLiteral("still here")).ok());
    }

    void sizeAndQuotaLimits()
    {
        ServerFixture small({}, "[media]\nmax-file-mb=1\nquota-mb=2\n");
        QVERIFY(small.start());
        auto dana = TestClient::signedIn(small.url(), QStringLiteral("dana"));
        QVERIFY(dana);
        QCOMPARE(startUpload(*dana, blobIdOf("big"), 1024 * 1024 + 1).failure().code,
                 proto::FILE_TOO_LARGE);
        QVERIFY(uploadWhole(*dana, randomBytes(1000 * 1024, 9)));
        QVERIFY(uploadWhole(*dana, randomBytes(1000 * 1024, 10)));
        const auto over = startUpload(*dana, blobIdOf("third"), 200 * 1024);
        QCOMPARE(over.failure().code, proto::QUOTA_EXCEEDED);
        QVERIFY(over.failure().message.contains(QStringLiteral("quota")));
    }

    void unsentFilesAndAbandonedUploadsAreCollected()
    {
        // A grace of zero: whatever no message carries goes at the next collection (natterd's
        // start), and with it its weight on the quota.
        ServerFixture server({}, "[media]\nunsent-file-hours=0\nquota-mb=1\n");
        QVERIFY(server.start());
        auto eve = TestClient::signedIn(server.url(), QStringLiteral("eve"));
        auto fay = TestClient::signedIn(server.url(), QStringLiteral("fay"));
        QVERIFY(eve && fay);
        const quint64 chat = eve->createDirect(QStringLiteral("fay")).value().id();
        const QByteArray unsent = randomBytes(600 * 1024, 14);
        const QByteArray sent = randomBytes(300 * 1024, 15);
        const QByteArray abandoned = randomBytes(50 * 1024, 16);
        const QByteArray later = randomBytes(400 * 1024, 17);
        QVERIFY(uploadWhole(*eve, unsent));
        QVERIFY(uploadWhole(*eve, sent));
        QVERIFY(sendFiles(*eve, chat, {attachment(blobIdOf(sent), QStringLiteral("kept"))}).ok());
        QVERIFY(startUpload(*eve, blobIdOf(abandoned), quint64(abandoned.size())).ok());
        QVERIFY(chunk(*eve, blobIdOf(abandoned), 0, abandoned.left(1024)).ok());
        QCOMPARE(startUpload(*eve, blobIdOf(later), quint64(later.size())).failure().code,
                 proto::QUOTA_EXCEEDED);
        QCOMPARE(storedBlobs(server.dataDir()), 2);

        QCOMPARE(server.stop(), 0);
        QVERIFY(server.start()); // collects, before any request reaches the files
        QTRY_COMPARE(storedBlobs(server.dataDir()), 1);
        eve = TestClient::signedIn(server.url(), QStringLiteral("eve"));
        fay = TestClient::signedIn(server.url(), QStringLiteral("fay"));
        QVERIFY(eve && fay);
        QCOMPARE(download(*eve, blobIdOf(unsent)).failure().code, proto::BLOB_NOT_FOUND);
        QVERIFY(download(*fay, blobIdOf(sent)).ok()); // a message carries it: kept
        QCOMPARE(startUpload(*eve, blobIdOf(abandoned), quint64(abandoned.size())).value().offset(),
                 0u);                      // the abandoned upload starts over
        QVERIFY(uploadWhole(*eve, later)); // the quota has room again
    }

    void aKilledServerLeavesNoPartialFileAndTheUploadGoesOn()
    {
        const QByteArray bytes = randomBytes(500 * 1024, 11);
        const QString id = blobIdOf(bytes);
        QVERIFY(startUpload(*m_alice, id, quint64(bytes.size())).ok());
        QVERIFY(chunk(*m_alice, id, 0, bytes.left(192 * 1024)).ok());
        const int before = storedBlobs(m_server.dataDir());
        m_server.kill();
        QVERIFY(m_server.restart());
        QCOMPARE(storedBlobs(m_server.dataDir()), before); // nothing half-stored is visible
        auto alice = TestClient::signedIn(m_server.url(), QStringLiteral("alice"));
        QVERIFY(alice);
        const auto resumed = startUpload(*alice, id, quint64(bytes.size()));
        QCOMPARE(resumed.value().offset(), 192u * 1024);
        quint64 offset = resumed.value().offset();
        while (offset < quint64(bytes.size()))
            offset = chunk(*alice, id, offset, bytes.mid(qsizetype(offset), 192 * 1024))
                         .value()
                         .offset();
        QCOMPARE(storedBlobs(m_server.dataDir()), before + 1);
        m_alice = std::move(alice);
        m_bob = TestClient::signedIn(m_server.url(), QStringLiteral("bob"));
    }

    void anUploadStartedOfflineGoesOnOnceSignedInAgain()
    {
        // The desktop's outbox can start an upload just as the connection drops: the client
        // answers at once that it is offline, and the upload must wait for the next sign-in
        // rather than lose count of what it has in flight.
        ServerFixture server;
        QVERIFY(server.start());
        auto gil = TestClient::signedIn(server.url(), QStringLiteral("gil"));
        QVERIFY(gil);
        gil->client().connection().setAutoReconnect(true);
        QCOMPARE(server.stop(), 0);
        QTRY_VERIFY(gil->client().connection().state() != client::Connection::State::Ready);
        const QByteArray bytes = randomBytes(400 * 1024, 22);
        const QString path = writeFile(QStringLiteral("offline.bin"), bytes);
        client::FileUpload upload(gil->client(), path);
        std::optional<Result<proto::Attachment>> outcome;
        upload.start([&](Result<proto::Attachment> r) { outcome = std::move(r); });
        // Hashed, and its start answered at once (offline), before the server is back.
        QTRY_COMPARE(QThreadPool::globalInstance()->activeThreadCount(), 0);
        QCoreApplication::processEvents();
        QVERIFY(!outcome.has_value());
        QVERIFY(server.restart(/*samePort=*/true));
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 30'000);
        QVERIFY2(outcome->ok(), qPrintable(outcome->failure().message));
        QCOMPARE(outcome->value().blob_id(), blobIdOf(bytes).toStdString());
    }

    void aMessageDoesNotWaitForATransferOnTheSameConnection()
    {
        // 50 MB going up; a text sent meanwhile on the same connection arrives before the
        // upload is through.
        const QString path =
            writeFile(QStringLiteral("big.bin"), randomBytes(50 * 1024 * 1024, 12));
        client::FileUpload upload(m_alice->client(), path);
        std::optional<Result<proto::Attachment>> uploaded;
        bool sentDuring = false;
        std::optional<Result<proto::SendMessageReply>> text;
        upload.start([&](Result<proto::Attachment> r) { uploaded = std::move(r); },
                     [&](quint64 sent, quint64) {
                         if (sent == 0 || std::exchange(sentDuring, true))
                             return;
                         m_alice->client().sendMessage(
                             m_direct, client::Client::newClientMsgId(),
                             QStringLiteral("meanwhile"),
                             [&](Result<proto::SendMessageReply> r) { text = std::move(r); });
                     });
        QTRY_VERIFY_WITH_TIMEOUT(text.has_value(), 60'000);
        QVERIFY(text->ok());
        QVERIFY(!uploaded.has_value()); // delivered before the transfer finished
        QTRY_VERIFY_WITH_TIMEOUT(uploaded.has_value(), 120'000);
        QVERIFY2(uploaded->ok(), qPrintable(uploaded->failure().message));
    }
};

QTEST_GUILESS_MAIN(TestMedia)
#include "tst_media.moc"

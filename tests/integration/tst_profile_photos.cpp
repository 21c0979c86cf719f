#include "file_transfer.h"
#include "image_tools.h"
#include "server_fixture.h"
#include "test_client.h"
#include "test_images.h"

#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace natter;
using natter::test::ServerFixture;
using natter::test::TestClient;

namespace {

Result<proto::ProfilesReply> setPhoto(TestClient &c, const QString &blobId)
{
    return client::waitFor<proto::ProfilesReply>(
        [&](auto done) { c.client().setProfilePhoto(blobId, done); });
}

Result<proto::ProfilesReply> profiles(TestClient &c, const QList<quint64> &ids)
{
    return client::waitFor<proto::ProfilesReply>(
        [&](auto done) { c.client().profiles(ids, done); });
}

Result<proto::DownloadReply> download(TestClient &c, const std::string &blobId)
{
    return client::waitFor<proto::DownloadReply>(
        [&](auto done) { c.client().download(QString::fromStdString(blobId), 0, 0, done); });
}

} // namespace

/// Profile photos against a real natterd: set, seen by contacts only, live changes, removal,
/// refusals, and kept by the garbage collection while they are someone's photo.
class TestProfilePhotos : public QObject {
    Q_OBJECT
private:
    ServerFixture m_server{{}, "[media]\nunsent-file-hours=0\n"};
    QTemporaryDir m_files;
    std::unique_ptr<TestClient> m_alice;
    std::unique_ptr<TestClient> m_bob;   // shares a conversation with alice
    std::unique_ptr<TestClient> m_carol; // does not
    int m_written = 0;
    quint64 m_direct = 0;

    Result<proto::Attachment> upload(TestClient &c, const QByteArray &bytes)
    {
        QFile file(m_files.filePath(QStringLiteral("file-%1").arg(++m_written)));
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return Failure{proto::INTERNAL, QStringLiteral("cannot write the test file")};
        file.close();
        return c.uploadFile(file.fileName());
    }

    bool signIn()
    {
        m_alice = TestClient::signedIn(m_server.url(), QStringLiteral("alice"));
        m_bob = TestClient::signedIn(m_server.url(), QStringLiteral("bob"));
        m_carol = TestClient::signedIn(m_server.url(), QStringLiteral("carol"));
        return m_alice && m_bob && m_carol;
    }

    quint64 id(TestClient &c) { return c.client().user().id(); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_server.start());
        QVERIFY(signIn());
        m_direct = m_alice->createDirect(QStringLiteral("bob")).value().id();
        // A message request shares nothing until it is accepted (as with presence).
        QVERIFY(m_bob->acceptRequest(m_direct).ok());
    }

    void aPhotoIsSeenByContactsAndChangesReachThemLive()
    {
        const QByteArray photo = image::makeProfilePhoto(test::picture(900, 600));
        const auto uploaded = upload(*m_alice, photo);
        QVERIFY2(uploaded.ok(), qPrintable(uploaded.failure().message));
        const auto set = setPhoto(*m_alice, QString::fromStdString(uploaded.value().blob_id()));
        QVERIFY2(set.ok(), qPrintable(set.failure().message));
        QCOMPARE(set.value().profiles(0).photo_blob_id(), uploaded.value().blob_id());

        // Bob hears of it at once, and may ask and download; carol may do neither.
        QTRY_VERIFY(!m_bob->profiles.isEmpty());
        QCOMPARE(m_bob->profiles.last().user_id(), id(*m_alice));
        QCOMPARE(m_bob->profiles.last().photo_blob_id(), uploaded.value().blob_id());
        const auto seen = profiles(*m_bob, {id(*m_alice), id(*m_carol)});
        QCOMPARE(seen.value().profiles_size(), 1); // carol shares nothing with bob
        QCOMPARE(seen.value().profiles(0).photo_blob_id(), uploaded.value().blob_id());
        const auto got = download(*m_bob, uploaded.value().blob_id());
        QVERIFY2(got.ok(), qPrintable(got.failure().message));
        QCOMPARE(QByteArray::fromStdString(got.value().data()), photo);
        QCOMPARE(profiles(*m_carol, {id(*m_alice)}).value().profiles_size(), 0);
        QCOMPARE(download(*m_carol, uploaded.value().blob_id()).failure().code,
                 proto::BLOB_NOT_FOUND);
        QCOMPARE(profiles(*m_alice, {id(*m_alice)}).value().profiles(0).photo_blob_id(),
                 uploaded.value().blob_id());
        QVERIFY(m_carol->profiles.isEmpty());

        // Removed: initials again, everywhere.
        const int heard = int(m_bob->profiles.size());
        QVERIFY(setPhoto(*m_alice, {}).ok());
        QTRY_COMPARE(m_bob->profiles.size(), heard + 1);
        QCOMPARE(m_bob->profiles.last().photo_blob_id(), "");
        QCOMPARE(profiles(*m_bob, {id(*m_alice)}).value().profiles(0).photo_blob_id(), "");
        QVERIFY(m_carol->profiles.isEmpty());
    }

    void onlyABoundedSquarePictureTheCallerUploadedIsAPhoto()
    {
        const auto wide = upload(*m_alice, test::encoded(test::picture(600, 300), "png"));
        const auto big = upload(*m_alice, test::encoded(test::picture(800, 800), "png"));
        const auto text = upload(*m_alice, QByteArray(4000, 'x'));
        QVERIFY(wide.ok() && big.ok() && text.ok());
        for (const auto &bad : {wide.value(), big.value(), text.value()}) {
            const auto refused = setPhoto(*m_alice, QString::fromStdString(bad.blob_id()));
            QCOMPARE(refused.failure().code, proto::INVALID_PROFILE_PHOTO);
            QVERIFY2(refused.failure().message.contains(QStringLiteral("square")),
                     qPrintable(refused.failure().message));
        }
        // Somebody else's picture is not the caller's to use, even with its id.
        const auto alices = upload(*m_alice, image::makeProfilePhoto(test::picture(300, 300)));
        QVERIFY(alices.ok());
        QCOMPARE(setPhoto(*m_bob, QString::fromStdString(alices.value().blob_id())).failure().code,
                 proto::BLOB_NOT_FOUND);
        QCOMPARE(setPhoto(*m_bob, QStringLiteral("../../etc/passwd")).failure().code,
                 proto::INVALID_ARGUMENT);
        QVERIFY(m_alice->send(m_direct, QStringLiteral("still serving")).ok());
    }

    void aPhotoOutlivesTheCollectionOfUnsentFiles()
    {
        const auto uploaded = upload(*m_alice, image::makeProfilePhoto(test::picture(700, 700)));
        QVERIFY(uploaded.ok());
        QVERIFY(setPhoto(*m_alice, QString::fromStdString(uploaded.value().blob_id())).ok());
        const auto unsent = upload(*m_alice, QByteArray(3000, 'u'));
        QVERIFY(unsent.ok());
        // A grace of zero: the next start collects every file no message carries...
        QCOMPARE(m_server.stop(), 0);
        QVERIFY(m_server.start());
        QVERIFY(signIn());
        QTRY_COMPARE(download(*m_alice, unsent.value().blob_id()).failure().code,
                     proto::BLOB_NOT_FOUND);
        // ...but not a photo someone has.
        QVERIFY(download(*m_bob, uploaded.value().blob_id()).ok());
    }
};

QTEST_GUILESS_MAIN(TestProfilePhotos)
#include "tst_profile_photos.moc"

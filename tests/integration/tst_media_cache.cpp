#include "cache_worker.h"
#include "file_transfer.h"
#include "local_cache.h"
#include "media_cache.h"
#include "server_fixture.h"
#include "test_client.h"

#include <QDirIterator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace natter;
using namespace natter::client;
using natter::test::ServerFixture;
using natter::test::TestClient;

/// The client's media cache against a real natterd: files are downloaded once, kept within
/// the cap (least valuable, least recently used first), fetched again after eviction.
class TestMediaCache : public QObject {
    Q_OBJECT
private:
    ServerFixture m_server;
    QTemporaryDir m_dir;
    std::unique_ptr<TestClient> m_alice;
    std::unique_ptr<TestClient> m_bob;
    QList<proto::Attachment> m_files; // four files of 100 KB, sent to bob
    proto::Attachment m_big;          // one of 3 MB

    Result<QString> fetch(MediaCache &cache, const proto::Attachment &file, MediaKind kind)
    {
        std::optional<Result<QString>> outcome;
        cache.fetch(file, kind, this, [&](Result<QString> r) { outcome = std::move(r); });
        if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 20'000))
            return Failure{proto::TIMEOUT, QStringLiteral("no answer from the cache")};
        return *outcome;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_server.start());
        m_alice = TestClient::signedIn(m_server.url(), QStringLiteral("alice"));
        m_bob = TestClient::signedIn(m_server.url(), QStringLiteral("bob"));
        QVERIFY(m_alice && m_bob);
        const quint64 chat = m_alice->createDirect(QStringLiteral("bob")).value().id();
        for (int i = 0; i < 4; ++i) {
            const QString path = m_dir.filePath(QStringLiteral("file-%1").arg(i));
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly) &&
                    file.write(QByteArray(100 * 1000, char('a' + i))) > 0);
            file.close();
            const auto uploaded = m_alice->uploadFile(path);
            QVERIFY2(uploaded.ok(), qPrintable(uploaded.failure().message));
            m_files.append(uploaded.value());
        }
        // And one of 3 MB: a dozen chunks to come down.
        const QString big = m_dir.filePath(QStringLiteral("big"));
        QFile bigFile(big);
        QVERIFY(bigFile.open(QIODevice::WriteOnly) &&
                bigFile.write(QByteArray(3 * 1024 * 1024, 'B')) > 0);
        bigFile.close();
        const auto uploadedBig = m_alice->uploadFile(big);
        QVERIFY2(uploadedBig.ok(), qPrintable(uploadedBig.failure().message));
        m_big = uploadedBig.value();
        QVERIFY(client::waitFor<proto::SendMessageReply>([&](auto reply) {
                    m_alice->client().sendMessage(chat, Client::newClientMsgId(), {}, m_files,
                                                  reply);
                }).ok());
        QVERIFY(client::waitFor<proto::SendMessageReply>([&](auto reply) {
                    m_alice->client().sendMessage(chat, Client::newClientMsgId(), {}, {m_big},
                                                  reply);
                }).ok());
    }

    void evictionAtTheCapKeepsTheNewestAndThePhotos()
    {
        CacheWorker worker(m_dir.filePath(QStringLiteral("bob-cache")));
        MediaCache cache(m_bob->client(), worker,
                         m_dir.filePath(QStringLiteral("bob-cache/media")));
        cache.setCapBytes(310 * 1000); // three of the four files
        cache.setInUseMs(-1);          // nothing counts as in use (see the next test)
        QSignalSpy downloads(&cache, &MediaCache::downloaded);

        const auto photo = fetch(cache, m_files[0], MediaKind::ProfilePhoto);
        QVERIFY2(photo.ok(), qPrintable(photo.failure().message));
        QFile copy(photo.value());
        QVERIFY(copy.open(QIODevice::ReadOnly));
        QCOMPARE(copy.readAll(), QByteArray(100 * 1000, 'a'));
        copy.close();
        const auto older = fetch(cache, m_files[1], MediaKind::File);
        const auto newer = fetch(cache, m_files[2], MediaKind::File);
        QVERIFY(older.ok() && newer.ok());
        QCOMPARE(downloads.size(), 3);
        // Asked again: from the cache, not the server.
        QCOMPARE(fetch(cache, m_files[2], MediaKind::File).value(), newer.value());
        QCOMPARE(downloads.size(), 3);

        // The fourth passes the cap: the oldest plain file goes, the photo stays.
        QSignalSpy evicted(&cache, &MediaCache::evicted);
        QVERIFY(fetch(cache, m_files[3], MediaKind::File).ok());
        QCOMPARE(evicted.size(), 1);
        QCOMPARE(evicted.front().front().toStringList(),
                 QStringList{QString::fromStdString(m_files[1].blob_id())});
        QVERIFY(!QFileInfo::exists(older.value()));
        QVERIFY(QFileInfo::exists(photo.value()) && QFileInfo::exists(newer.value()));

        // An evicted file is fetched again on demand (the message still works).
        QVERIFY(fetch(cache, m_files[1], MediaKind::File).ok());
        QCOMPARE(downloads.size(), 5);
        QVERIFY(QFileInfo::exists(older.value()));

        std::optional<qint64> used;
        cache.usage(this, [&](qint64 bytes) { used = bytes; });
        QTRY_VERIFY(used.has_value());
        QVERIFY(*used <= cache.capBytes());
        std::optional<bool> cleared;
        cache.clear(this, [&](bool ok) { cleared = ok; });
        QTRY_VERIFY(cleared.has_value());
        QVERIFY(*cleared);
        QVERIFY(!QFileInfo::exists(photo.value()));
        used.reset();
        cache.usage(this, [&](qint64 bytes) { used = bytes; });
        QTRY_COMPARE(used.value_or(-1), 0);
    }

    void whatWasJustUsedIsNotEvicted()
    {
        CacheWorker worker(m_dir.filePath(QStringLiteral("bob-cache-3")));
        MediaCache cache(m_bob->client(), worker,
                         m_dir.filePath(QStringLiteral("bob-cache-3/media")));
        cache.setCapBytes(150 * 1000);
        QSignalSpy evicted(&cache, &MediaCache::evicted);
        QList<QString> paths;
        for (const proto::Attachment &file : std::as_const(m_files)) {
            const auto path = fetch(cache, file, MediaKind::File);
            QVERIFY(path.ok());
            paths.append(path.value());
        }
        // All four were shown this minute: over the cap for now, but nothing pulled away
        // from under a viewer.
        QVERIFY(evicted.isEmpty());
        for (const QString &path : std::as_const(paths))
            QVERIFY(QFileInfo::exists(path));
        // A file id that is not a SHA-256 never names a file here.
        proto::Attachment hostile = m_files[0];
        hostile.set_blob_id("../../../escape");
        QCOMPARE(fetch(cache, hostile, MediaKind::File).failure().code, proto::INVALID_ARGUMENT);
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("escape"))));
    }

    void manyAskingForOneFileMakeOneDownload()
    {
        CacheWorker worker(m_dir.filePath(QStringLiteral("bob-cache-2")));
        MediaCache cache(m_bob->client(), worker,
                         m_dir.filePath(QStringLiteral("bob-cache-2/media")));
        QSignalSpy downloads(&cache, &MediaCache::downloaded);
        int answers = 0;
        auto *early = new QObject;
        for (int i = 0; i < 3; ++i)
            cache.fetch(m_files[0], MediaKind::Picture, this, [&](Result<QString> r) {
                QVERIFY(r.ok());
                ++answers;
            });
        // One who asked and went away meanwhile hears nothing.
        cache.fetch(m_files[0], MediaKind::Picture, early, [&](Result<QString>) { ++answers; });
        delete early;
        QTRY_COMPARE(answers, 3);
        QCOMPARE(downloads.size(), 1);
        // Sentinel: a later fetch answers, and the dropped one still has not.
        QVERIFY(fetch(cache, m_files[0], MediaKind::Picture).ok());
        QCOMPARE(answers, 3);
    }

    void aDownloadCanBeCancelled()
    {
        CacheWorker worker(m_dir.filePath(QStringLiteral("bob-cache-4")));
        const QString mediaDir = m_dir.filePath(QStringLiteral("bob-cache-4/media"));
        MediaCache cache(m_bob->client(), worker, mediaDir);
        std::optional<Result<QString>> outcome;
        QList<quint64> received;
        const QString blobId = QString::fromStdString(m_big.blob_id());
        // Called off at its first progress, from inside the download's own callback.
        connect(&cache, &MediaCache::progress, this,
                [&](const QString &id, quint64 bytes, quint64 total) {
                    if (id != blobId)
                        return;
                    QCOMPARE(total, m_big.size());
                    received.append(bytes);
                    cache.cancel(id); // the signal's own argument, as a handler would
                });
        cache.fetch(m_big, MediaKind::File, this,
                    [&](Result<QString> r) { outcome = std::move(r); });
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 20'000);
        QVERIFY(!outcome->ok());
        QCOMPARE(outcome->failure().code, proto::CANCELLED);
        QCOMPARE(received.size(), 1);
        QVERIFY(received.front() < m_big.size());
        // Sentinel: a small file comes down after it; nothing of the big one was kept.
        QVERIFY(fetch(cache, m_files[1], MediaKind::File).ok());
        QCOMPARE(received.size(), 1);
        QDirIterator files(mediaDir, QDir::Files, QDirIterator::Subdirectories);
        QStringList kept;
        while (files.hasNext())
            kept.append(QFileInfo(files.next()).fileName());
        QCOMPARE(kept.join(u','), QString::fromStdString(m_files[1].blob_id()));
        // Asked again, it downloads whole.
        disconnect(&cache, &MediaCache::progress, this, nullptr);
        const auto again = fetch(cache, m_big, MediaKind::File);
        QVERIFY(again.ok());
        QCOMPARE(QFileInfo(again.value()).size(), qint64(m_big.size()));
    }
};

QTEST_GUILESS_MAIN(TestMediaCache)
#include "tst_media_cache.moc"

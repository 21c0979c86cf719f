#pragma once

#include "cache_worker.h"
#include "client.h"
#include "file_transfer.h"
#include "media_index.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <functional>

namespace natter::client {

/// Downloaded files kept on this device (pictures, profile photos, files opened), under the
/// cache folder's media/ with their index in cache.sqlite, within a size cap: the least
/// valuable and least recently used go first (MediaIndex). Evicting never breaks a message:
/// the next fetch downloads the file again.
class MediaCache : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kDefaultCapBytes = 1024LL * 1024 * 1024;
    /// A copy used this recently is not evicted (it may be open or on screen).
    static constexpr qint64 kDefaultInUseMs = 60'000;
    using Done = std::function<void(Result<QString>)>;

    MediaCache(Client &client, CacheWorker &cache, QString dir, QObject *parent = nullptr);

    void setCapBytes(qint64 bytes) { m_capBytes = bytes; }
    [[nodiscard]] qint64 capBytes() const { return m_capBytes; }
    void setInUseMs(qint64 ms) { m_inUseMs = ms; }

    /// The path of the cached copy of `file`, downloaded (and checked) first when there is
    /// none; one download per file however many ask. `done` runs on this thread, not at all
    /// once `context` is gone.
    void fetch(const proto::Attachment &file, MediaKind kind, const QObject *context, Done done);
    /// Stops the download of `blobId` (nothing of it is kept); whoever waits for it hears
    /// CANCELLED. Nothing happens when it is not being downloaded.
    void cancel(const QString &blobId);
    /// Bytes the cached copies take.
    void usage(const QObject *context, std::function<void(qint64)> done);
    /// Removes every cached copy.
    void clear(const QObject *context, std::function<void(bool)> done);

signals:
    /// How far the download of `blobId` has come.
    void progress(const QString &blobId, quint64 received, quint64 total);
    /// A file was downloaded into the cache (not found there).
    void downloaded(const QString &blobId);
    /// These copies were removed (evicted, or all of them by clear()).
    void evicted(const QStringList &blobIds);
    void cleared();

private:
    struct Waiter {
        QPointer<const QObject> context;
        Done done;
    };
    void download(const proto::Attachment &file, MediaKind kind);
    void finish(const QString &blobId, const Result<QString> &result);

    Client &m_client;
    CacheWorker &m_cache;
    QString m_dir;
    qint64 m_capBytes = kDefaultCapBytes;
    qint64 m_inUseMs = kDefaultInUseMs;
    QHash<QString, QList<Waiter>> m_waiting; // blob id → who asked, while it is being fetched
    QHash<QString, QPointer<FileDownload>> m_downloads; // blob id → its download, while it runs
};

} // namespace natter::client

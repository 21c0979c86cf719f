#include "media_cache.h"

#include "file_transfer.h"
#include "local_cache.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace natter::client {

MediaCache::MediaCache(Client &client, CacheWorker &cache, QString dir, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_cache(cache)
    , m_dir(std::move(dir))
{}

void MediaCache::fetch(const proto::Attachment &file, MediaKind kind, const QObject *context,
                       Done done)
{
    const QString blobId = QString::fromStdString(file.blob_id());
    // The id names the file on disk: only what a SHA-256 in hex can be.
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    if (!hex.match(blobId).hasMatch())
        return done(Failure{proto::INVALID_ARGUMENT, QStringLiteral("not a file id")});
    const bool started = m_waiting.contains(blobId);
    m_waiting[blobId].append(Waiter{context, std::move(done)});
    if (started)
        return;
    m_cache.read(
        this,
        [dir = m_dir, blobId, now = QDateTime::currentMSecsSinceEpoch()](LocalCache &cache) {
            MediaIndex index(cache, dir);
            const QString path = index.lookup(blobId, now);
            if (path.isEmpty()) // the folder the download goes into, made off the GUI thread
                QDir().mkpath(QFileInfo(index.pathOf(blobId)).path());
            return path;
        },
        [this, file, kind, blobId](const QString &path) {
            if (!path.isEmpty())
                return finish(blobId, path);
            download(file, kind);
        });
}

void MediaCache::download(const proto::Attachment &file, MediaKind kind)
{
    const QString blobId = QString::fromStdString(file.blob_id());
    const QString path = MediaIndex::pathIn(m_dir, blobId);
    auto *transfer = new FileDownload(m_client, file, path, this);
    transfer->setReplaceExisting(true); // a stale copy the index forgot
    m_downloads.insert(blobId, transfer);
    const auto progress = [this, blobId](quint64 received, quint64 total) {
        emit this->progress(blobId, received, total);
    };
    transfer->start(
        [this, transfer, blobId, path, kind,
         size = qint64(file.size())](Result<natter::Done> fetched) {
            transfer->deleteLater();
            m_downloads.remove(blobId);
            if (!fetched.ok())
                return finish(blobId, fetched.failure());
            emit downloaded(blobId);
            m_cache.read(
                this,
                [dir = m_dir, blobId, size, kind, cap = m_capBytes, inUse = m_inUseMs,
                 now = QDateTime::currentMSecsSinceEpoch()](LocalCache &cache) {
                    MediaIndex index(cache, dir);
                    index.add(blobId, size, kind, now);
                    return index.evict(cap, blobId, now - inUse);
                },
                [this, blobId, path](const QStringList &evicted) {
                    if (!evicted.isEmpty())
                        emit this->evicted(evicted);
                    finish(blobId, path);
                });
        },
        progress);
}

void MediaCache::cancel(const QString &blobIdRef)
{
    const QString blobId = blobIdRef; // the caller's may live in what is cancelled
    const QPointer<FileDownload> transfer = m_downloads.take(blobId);
    if (!transfer)
        return;
    transfer->cancel(); // its part file goes; its answers are dropped
    transfer->deleteLater();
    finish(blobId, Failure{proto::CANCELLED, QStringLiteral("cancelled")});
}

void MediaCache::finish(const QString &blobId, const Result<QString> &result)
{
    const QList<Waiter> waiters = m_waiting.take(blobId);
    for (const Waiter &waiter : waiters) {
        if (waiter.context)
            waiter.done(result);
    }
}

void MediaCache::usage(const QObject *context, std::function<void(qint64)> done)
{
    m_cache.read(
        context, [dir = m_dir](LocalCache &cache) { return MediaIndex(cache, dir).totalBytes(); },
        std::move(done));
}

void MediaCache::clear(const QObject *context, std::function<void(bool)> done)
{
    m_cache.read(
        this, [dir = m_dir](LocalCache &cache) { return MediaIndex(cache, dir).clear(); },
        [this, context = QPointer<const QObject>(context), done](bool cleared) {
            emit this->cleared(); // whoever shows cached copies lets go of them
            if (context)
                done(cleared);
        });
}

} // namespace natter::client

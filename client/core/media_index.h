#pragma once
/// The media cache's index in cache.sqlite: which downloaded files are kept under media/, and
/// which to drop first when the cache is over its cap. Runs on the cache's thread (a job of
/// CacheWorker), like LocalCache.

#include <QSqlDatabase>
#include <QStringList>

namespace natter::client {

class LocalCache;

/// What a cached file is; a higher kind is kept longer.
enum class MediaKind { File = 0, Picture = 1, ProfilePhoto = 2 };

class MediaIndex {
public:
    MediaIndex(LocalCache &cache, QString dir);

    /// Where the blob's copy lives under `dir` (whether or not it is there).
    [[nodiscard]] static QString pathIn(const QString &dir, const QString &blobId);
    [[nodiscard]] QString pathOf(const QString &blobId) const { return pathIn(m_dir, blobId); }
    /// The copy's path if it is cached (and marks it used now), empty otherwise.
    [[nodiscard]] QString lookup(const QString &blobId, qint64 nowMs);
    /// Records a copy that was just written to pathOf(blobId).
    bool add(const QString &blobId, qint64 size, MediaKind kind, qint64 nowMs);
    /// Removes the least valuable copies (lowest kind, least recently used first) until the
    /// total is within `capBytes`; never `keep`, nor what was used after `usedSinceMs` (it may
    /// be open or being shown: the cache stays over its cap a little while). Returns the blob
    /// ids removed.
    QStringList evict(qint64 capBytes, const QString &keep = {}, qint64 usedSinceMs = 0);
    /// Bytes the cached copies take.
    [[nodiscard]] qint64 totalBytes();
    /// Removes every copy.
    bool clear();

private:
    bool remove(const QString &blobId);

    QSqlDatabase &m_db;
    QString m_dir;
};

} // namespace natter::client

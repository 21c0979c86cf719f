#include "media_index.h"

#include "local_cache.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QVariant>

namespace natter::client {

MediaIndex::MediaIndex(LocalCache &cache, QString dir)
    : m_db(cache.database())
    , m_dir(std::move(dir))
{}

QString MediaIndex::pathIn(const QString &dir, const QString &blobId)
{
    // Named by the blob id (hex), never by a sender's file name.
    return QDir(dir).filePath(blobId.left(2) + QLatin1Char('/') + blobId);
}

QString MediaIndex::lookup(const QString &blobId, qint64 nowMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE media SET last_used_ms = ? WHERE blob_id = ?"));
    q.addBindValue(nowMs);
    q.addBindValue(blobId);
    if (!q.exec() || q.numRowsAffected() != 1)
        return {};
    const QString path = pathOf(blobId);
    if (QFileInfo::exists(path))
        return path;
    remove(blobId); // removed behind the cache's back: fetched again
    return {};
}

bool MediaIndex::add(const QString &blobId, qint64 size, MediaKind kind, qint64 nowMs)
{
    QSqlQuery q(m_db);
    // A copy fetched again for a more valuable use keeps the higher kind.
    q.prepare(QStringLiteral("INSERT INTO media (blob_id, size, kind, last_used_ms) VALUES "
                             "(?, ?, ?, ?) ON CONFLICT (blob_id) DO UPDATE SET size = "
                             "excluded.size, kind = MAX(kind, excluded.kind), last_used_ms = "
                             "excluded.last_used_ms"));
    q.addBindValue(blobId);
    q.addBindValue(size);
    q.addBindValue(int(kind));
    q.addBindValue(nowMs);
    return q.exec();
}

qint64 MediaIndex::totalBytes()
{
    QSqlQuery q(m_db);
    return q.exec(QStringLiteral("SELECT COALESCE(SUM(size), 0) FROM media")) && q.next()
               ? q.value(0).toLongLong()
               : 0;
}

QStringList MediaIndex::evict(qint64 capBytes, const QString &keep, qint64 usedSinceMs)
{
    QStringList removed;
    qint64 total = totalBytes();
    if (total <= capBytes)
        return removed;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT blob_id, size FROM media WHERE blob_id != ? AND "
                             "last_used_ms <= ? ORDER BY kind, last_used_ms"));
    q.addBindValue(keep);
    q.addBindValue(usedSinceMs);
    if (!q.exec())
        return removed;
    QList<QPair<QString, qint64>> candidates;
    while (q.next())
        candidates.append({q.value(0).toString(), q.value(1).toLongLong()});
    q.finish();
    for (const auto &candidate : std::as_const(candidates)) {
        if (total <= capBytes)
            break;
        if (remove(candidate.first)) {
            total -= candidate.second;
            removed.append(candidate.first);
        }
    }
    return removed;
}

bool MediaIndex::clear()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("DELETE FROM media")))
        return false;
    return QDir(m_dir).removeRecursively();
}

bool MediaIndex::remove(const QString &blobId)
{
    // The row first: a row without its file is fetched again; a file without a row would be
    // kept forever.
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM media WHERE blob_id = ?"));
    q.addBindValue(blobId);
    if (!q.exec())
        return false;
    QFile::remove(pathOf(blobId));
    return true;
}

} // namespace natter::client

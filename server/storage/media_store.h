#pragma once
/// Files people attach to messages: content-addressed files under the data dir and their
/// tables in media.sqlite. Runs only on the media database's SqlWorker, which is also where
/// the file I/O happens (never on a gateway thread).

#include "storage/sql_util.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSize>
#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace natter::server::storage {

struct BlobRow {
    QString id; // lowercase hex SHA-256 of the content
    quint64 size = 0;
    QString mimeType;
    QSize pixels{0, 0}; // pictures only
};

/// Where an upload stands: the bytes the server holds, and whether the file is complete.
struct UploadState {
    quint64 offset = 0;
    bool complete = false;
    QString mimeType;
};

/// Who may read a blob: its uploaders, and members of the conversations whose messages carry it.
/// What a garbage collection removed.
struct MediaCollected {
    int files = 0;   // finished files no message carries
    int uploads = 0; // unfinished uploads
    quint64 bytes = 0;
};

struct BlobAccess {
    BlobRow blob;
    bool uploadedByCaller = false;
    QList<quint64> conversations;
    QList<quint64> photoOf; // users whose profile photo it is
};

class MediaStore {
public:
    MediaStore(QSqlDatabase &db, const QString &dataDir);

    static const MigrationList &migrations();
    /// 64 lowercase hex digits.
    [[nodiscard]] static bool isBlobId(const QString &id);

    /// Starts (or finds) `userId`'s upload of `blobId`. Complete at once when the user uploaded
    /// the same file before. QUOTA_EXCEEDED when the user's files and unfinished uploads would
    /// pass `quotaBytes`.
    Result<UploadState> startUpload(quint64 userId, const QString &blobId, quint64 size,
                                    quint64 quotaBytes, qint64 nowMs);
    /// Appends `data` at `offset` (which must be what the server holds). The chunk that
    /// completes the file checks its SHA-256, then makes it visible in one rename.
    Result<UploadState> appendChunk(quint64 userId, const QString &blobId, quint64 offset,
                                    const QByteArray &data, qint64 nowMs);

    /// The blob, whether the caller uploaded it, and the conversations that carry it.
    Result<BlobAccess> access(quint64 userId, const QString &blobId);
    /// Up to `length` bytes from `offset`.
    Result<QByteArray> read(const QString &blobId, quint64 offset, quint32 length);
    /// A message in `conversationId` carries the blob (it is kept while one does).
    Result<Done> addReference(const QString &blobId, quint64 conversationId);

    /// `userId`'s profile photo is now `blobId` (empty: none).
    Result<Done> setProfilePhoto(quint64 userId, const QString &blobId, qint64 nowMs);
    /// The profile photos (file and its size) of those of `userIds` who have one.
    Result<QHash<quint64, BlobRow>> profilePhotos(const QList<quint64> &userIds);

    /// Removes finished files that no message carries and that nobody uploaded within
    /// `graceMs` before `nowMs`, and unfinished uploads that received nothing since then.
    Result<MediaCollected> collectGarbage(qint64 nowMs, qint64 graceMs);

    /// Where the blob's file lives: blobs/ab/cd/<id>.
    [[nodiscard]] QString blobPath(const QString &blobId) const;

private:
    [[nodiscard]] QString partPath(quint64 userId, const QString &blobId) const;
    Result<std::optional<BlobRow>> findBlob(const QString &blobId);
    Result<bool> uploadedBy(quint64 userId, const QString &blobId);
    Result<quint64> bytesHeldFor(quint64 userId, const QString &exceptBlobId);
    Result<UploadState> finish(quint64 userId, const QString &blobId, quint64 size, qint64 nowMs);
    Result<Done> forgetUpload(quint64 userId, const QString &blobId);

    QSqlDatabase &m_db;
    QString m_dataDir;
};

} // namespace natter::server::storage

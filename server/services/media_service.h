#pragma once

#include "protocol.h"
#include "result.h"
#include "services/user_identity.h"

#include <QObject>
#include <QTimer>
#include <functional>

namespace natter::server::storage {
class Storage;
struct MediaCollected;
} // namespace natter::server::storage

namespace natter::server::services {

/// Files: chunked, resumable uploads checked against their SHA-256, downloads at any offset
/// for those who may read them, and the attachments a message carries.
///
/// Who may read a file: whoever uploaded it, the members of every conversation with a
/// message that carries it, and, for a profile photo, its owner's contacts. Who may attach it:
/// whoever uploaded it, or anyone in a conversation that carries it already (to that conversation).
class MediaService : public QObject {
    Q_OBJECT
public:
    using Clock = std::function<qint64()>; // wall-clock milliseconds

    MediaService(storage::Storage &storage, const protocol::Limits &limits,
                 QObject *parent = nullptr);

    /// Files no message carries go `graceMs` after their last upload, abandoned uploads
    /// `graceMs` after they started; collected now (natterd's start) and every hour.
    void startCollecting(qint64 graceMs, Clock clock = {});
    /// One collection now; `done` gets what it removed.
    void collectGarbage(std::function<void(Result<storage::MediaCollected>)> done = {});

    void startUpload(const UserIdentity &caller, const QString &blobId, quint64 size,
                     std::function<void(Result<proto::UploadReply>)> done);
    void uploadChunk(const UserIdentity &caller, const QString &blobId, quint64 offset,
                     const QByteArray &data, std::function<void(Result<proto::UploadReply>)> done);
    void download(const UserIdentity &caller, const QString &blobId, quint64 offset, quint32 length,
                  std::function<void(Result<proto::DownloadReply>)> done);

    /// Checks a message's attachments (how many, their names, that the sender may attach
    /// each file), fills in size and type from the stored file, and records that the
    /// conversation carries them. Done before the message is stored, so that a stored
    /// message never carries a file its members may not read.
    void prepareAttachments(const UserIdentity &caller, quint64 conversationId,
                            const QList<proto::Attachment> &attachments,
                            std::function<void(Result<QList<proto::Attachment>>)> done);

private:
    /// Whether `callerId` is an active member of one of `conversations`: one query per shard
    /// that holds some of them (from the `next`th of `byShard` on).
    void checkMembership(quint64 callerId, QList<QPair<int, QList<quint64>>> byShard, int next,
                         std::function<void(Result<bool>)> done);

    /// Whether `callerId` shares a conversation with one of `owners` (whose photo it is).
    void isContactOfAny(quint64 callerId, const QList<quint64> &owners,
                        std::function<void(Result<bool>)> done);

    storage::Storage &m_storage;
    protocol::Limits m_limits;
    qint64 m_graceMs = 24LL * 3600 * 1000;
    bool m_thumbnailsChecked = true; // false when this Qt cannot read PNG, JPEG and GIF
    Clock m_clock;
    QTimer m_collectTimer;
};

} // namespace natter::server::services

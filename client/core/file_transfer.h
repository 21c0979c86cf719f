#pragma once
/// Whole-file transfers over a Client: chunked, a few chunks in flight, resumed after a
/// reconnect from what the server holds, and checked against the file's SHA-256.

#include "client.h"

#include <QFile>
#include <QObject>
#include <QSize>
#include <QTemporaryFile>
#include <functional>

namespace natter::client {

/// Uploads one file: hashes it, starts (or resumes) the upload, sends the chunks in order.
/// The result is the attachment to send with a message (blob_id, file_name, size, type, and
/// a thumbnail for a picture).
class FileUpload : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(Result<proto::Attachment>)>;
    using Progress = std::function<void(quint64 sent, quint64 total)>;

    FileUpload(Client &client, const QString &path, QObject *parent = nullptr);

    /// Hashes the file (on a pool thread) and uploads it; `done` runs once.
    void start(Done done, Progress progress = {});

private:
    void onHashed(const QString &blobId);
    void resume();
    void sendMore();
    void onReply(Result<proto::UploadReply> reply);
    void onInterrupted();
    void fail(const Failure &failure);

    Client &m_client;
    QFile m_file;
    QString m_blobId;
    QByteArray m_thumbnail; // pictures only
    QSize m_pixels;
    quint64 m_size = 0;
    quint64 m_nextOffset = 0; // the next chunk to send
    quint64 m_acked = 0;      // what the server confirmed
    int m_inFlight = 0;
    int m_resumes = 0;
    bool m_interrupted = false; // answers were lost: go on from what the server holds
    bool m_starting = false;    // the start (or resume) is waiting for its answer
    Done m_done;
    Progress m_progress;
};

/// Downloads one attachment into `targetPath` (written to a new file beside it first, moved
/// there once its SHA-256 matches, so a half-downloaded file is never where the user looks).
/// Nothing that exists is overwritten: the move fails when `targetPath` exists by then.
class FileDownload : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(Result<natter::Done>)>;
    using Progress = std::function<void(quint64 received, quint64 total)>;

    FileDownload(Client &client, proto::Attachment attachment, QString targetPath,
                 QObject *parent = nullptr);
    ~FileDownload() override;

    void start(Done done, Progress progress = {});
    /// The user agreed to replace `targetPath` (a save dialog asked): it is replaced once the
    /// download is complete and checked, not before.
    void setReplaceExisting(bool replace) { m_replace = replace; }
    /// Stops it: what was written is removed and neither callback runs again. Safe from
    /// inside its own callbacks; delete it later.
    void cancel();

private:
    void requestMore();
    void onChunk(Result<proto::DownloadReply> reply);
    void finish();
    void onHashed(const QString &sha256);
    void fail(const Failure &failure);

    Client &m_client;
    proto::Attachment m_attachment;
    QString m_target;
    QTemporaryFile m_part; // created new (never an existing file or a planted link)
    quint64 m_nextOffset = 0;
    quint64 m_received = 0;
    int m_inFlight = 0;
    bool m_failed = false;
    bool m_replace = false;
    bool m_finished = false;
    Done m_done;
    Progress m_progress;
};

} // namespace natter::client

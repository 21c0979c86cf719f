#include "file_transfer.h"

#include "image_tools.h"
#include "sha256.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <cstdio>

namespace natter::client {

namespace {
/// What the sender works out before uploading: the file's SHA-256 and, for a picture, its
/// pixel size and thumbnail (natterd reads the size itself for everyone else; this copy is
/// what the sender's own cache keeps).
struct Prepared {
    QString blobId;
    QSize pixels;
    QByteArray thumbnail;
};

Prepared prepare(const QString &path)
{
    Prepared prepared{sha256HexOfFile(path), {}, {}};
    const QSize bound(image::kThumbnailSide, image::kThumbnailSide);
    if (const auto decoded = image::decodePicture(path, bound); decoded.error.isEmpty()) {
        prepared.pixels = image::pictureSize(path).value_or(QSize());
        prepared.thumbnail = image::makeThumbnail(decoded.image);
    }
    return prepared;
}

/// Runs `work` on a pool thread (a 100 MB file hashes in a tenth of a second) and calls
/// `done` with its result on `context`'s thread; nothing when `context` is gone by then.
template <typename T>
void inBackground(QObject *context, std::function<T()> work, std::function<void(T)> done)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcher<T>::finished, context, [watcher, done] {
        watcher->deleteLater();
        done(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

constexpr int kChunksInFlight = 4; // enough to keep loopback busy; a message waits behind few
constexpr int kMaxResumes = 5;

/// Failures after which the upload goes on from what the server holds: the connection
/// dropped, or the server holds other bytes than this side thought (INVALID_CHUNK).
bool isTransient(proto::ErrorCode code)
{
    return code == proto::DISCONNECTED || code == proto::TIMEOUT || code == proto::INVALID_CHUNK;
}
} // namespace

FileUpload::FileUpload(Client &client, const QString &path, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_file(path)
{}

void FileUpload::start(Done done, Progress progress)
{
    m_done = std::move(done);
    m_progress = std::move(progress);
    if (!m_file.open(QIODevice::ReadOnly))
        return fail(Failure{
            proto::INVALID_ARGUMENT,
            QStringLiteral("cannot read %1: %2").arg(m_file.fileName(), m_file.errorString())});
    m_size = quint64(m_file.size());
    inBackground<Prepared>(
        this, [path = m_file.fileName()] { return prepare(path); },
        [this](const Prepared &prepared) {
            m_thumbnail = prepared.thumbnail;
            m_pixels = prepared.pixels;
            onHashed(prepared.blobId);
        });
}

void FileUpload::onHashed(const QString &blobId)
{
    m_blobId = blobId;
    if (m_blobId.isEmpty())
        return fail(Failure{proto::INVALID_ARGUMENT,
                            QStringLiteral("cannot read %1").arg(m_file.fileName())});
    // After a drop the upload goes on from what the server holds.
    connect(&m_client, &Client::signedIn, this, [this] {
        if (m_done && m_interrupted && m_inFlight == 0)
            resume();
    });
    resume();
}

void FileUpload::resume()
{
    m_interrupted = false;
    m_starting = true;
    // Counted before the call: offline, the client answers DISCONNECTED from inside it.
    m_inFlight = 1;
    m_client.startUpload(
        m_blobId, m_size, [this](Result<proto::UploadReply> reply) { onReply(std::move(reply)); },
        this);
}

void FileUpload::onReply(Result<proto::UploadReply> reply)
{
    if (!m_done)
        return; // failed already; the rest of the window is moot
    --m_inFlight;
    if (!reply.ok() && !isTransient(reply.failure().code))
        return fail(reply.failure());
    if (!reply.ok() || m_interrupted) {
        m_interrupted = true;
        return onInterrupted();
    }
    const proto::UploadReply &state = reply.value();
    if (state.offset() > m_acked)
        m_resumes = 0; // getting on: only drops without progress in between count
    m_acked = std::max<quint64>(m_acked, state.offset());
    if (m_progress)
        m_progress(m_acked, m_size);
    if (state.complete()) {
        proto::Attachment attachment;
        attachment.set_blob_id(protocol::toStd(m_blobId));
        attachment.set_file_name(protocol::toStd(QFileInfo(m_file.fileName()).fileName()));
        attachment.set_size(m_size);
        attachment.set_mime_type(state.mime_type());
        attachment.set_thumbnail(m_thumbnail.toStdString());
        if (m_pixels.isValid()) {
            attachment.set_width(quint32(m_pixels.width()));
            attachment.set_height(quint32(m_pixels.height()));
        }
        return std::exchange(m_done, {})(attachment);
    }
    if (std::exchange(m_starting, false)) {
        if (state.offset() >= m_size)
            return fail(Failure{proto::INTERNAL,
                                QStringLiteral("the server holds the whole file but did not take "
                                               "it; try again later")});
        m_nextOffset = state.offset(); // from what the server holds
    }
    sendMore();
}

void FileUpload::onInterrupted()
{
    if (m_inFlight > 0)
        return; // the rest of the window answers first
    if (++m_resumes > kMaxResumes)
        return fail(Failure{proto::DISCONNECTED,
                            QStringLiteral("the connection kept dropping; %1 of %2 bytes are on "
                                           "the server, and sending the file again goes on from "
                                           "there")
                                .arg(m_acked)
                                .arg(m_size)});
    const Connection &connection = m_client.connection();
    if (connection.state() == Connection::State::Ready && m_client.user().id() > 0)
        return resume(); // answers were lost, the connection was not
    if (!connection.autoReconnects())
        return fail(Failure{proto::DISCONNECTED,
                            QStringLiteral("the connection dropped; %1 of %2 bytes are on the "
                                           "server, and sending the file again goes on from there")
                                .arg(m_acked)
                                .arg(m_size)});
    // Otherwise on the next sign-in.
}

void FileUpload::sendMore()
{
    const quint32 chunk = std::max<quint32>(1, m_client.connection().limits().maxChunkBytes);
    while (m_done && !m_interrupted && m_inFlight < kChunksInFlight && m_nextOffset < m_size) {
        if (!m_file.seek(qint64(m_nextOffset)))
            return fail(Failure{proto::INVALID_ARGUMENT,
                                QStringLiteral("cannot read %1").arg(m_file.fileName())});
        const QByteArray data =
            m_file.read(qint64(std::min<quint64>(chunk, m_size - m_nextOffset)));
        if (data.isEmpty())
            return fail(Failure{
                proto::INVALID_ARGUMENT,
                QStringLiteral("%1 got shorter while it was being sent").arg(m_file.fileName())});
        // Counted before the call, which may answer from inside it (see resume()).
        const quint64 offset = m_nextOffset;
        m_nextOffset += quint64(data.size());
        ++m_inFlight;
        m_client.uploadChunk(
            m_blobId, offset, data,
            [this](Result<proto::UploadReply> reply) { onReply(std::move(reply)); }, this);
    }
}

void FileUpload::fail(const Failure &failure)
{
    if (m_done)
        std::exchange(m_done, {})(failure);
}

FileDownload::FileDownload(Client &client, proto::Attachment attachment, QString targetPath,
                           QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_attachment(std::move(attachment))
    , m_target(std::move(targetPath))
    , m_part(m_target + QStringLiteral(".XXXXXX.part"))
{
    m_part.setAutoRemove(false); // renamed into place; removed by hand on failure
}

void FileDownload::start(Done done, Progress progress)
{
    m_done = std::move(done);
    m_progress = std::move(progress);
    if (!m_part.open())
        return fail(Failure{
            proto::INVALID_ARGUMENT,
            QStringLiteral("cannot write %1: %2").arg(m_part.fileName(), m_part.errorString())});
    if (m_attachment.size() == 0)
        return finish();
    requestMore();
}

void FileDownload::requestMore()
{
    const quint32 chunk = std::max<quint32>(1, m_client.connection().limits().maxChunkBytes);
    while (!m_failed && m_inFlight < kChunksInFlight && m_nextOffset < m_attachment.size()) {
        // Counted before the call, which may answer from inside it when offline.
        const quint64 offset = m_nextOffset;
        m_nextOffset += chunk;
        ++m_inFlight;
        m_client.download(
            protocol::fromStd(m_attachment.blob_id()), offset, chunk,
            [this](Result<proto::DownloadReply> reply) { onChunk(std::move(reply)); }, this);
    }
}

void FileDownload::onChunk(Result<proto::DownloadReply> reply)
{
    --m_inFlight;
    if (m_failed)
        return;
    if (!reply.ok())
        return fail(reply.failure());
    const proto::DownloadReply &chunk = reply.value();
    const quint32 asked = std::max<quint32>(1, m_client.connection().limits().maxChunkBytes);
    const quint64 expected = chunk.offset() < m_attachment.size()
                                 ? std::min<quint64>(asked, m_attachment.size() - chunk.offset())
                                 : 0;
    if (quint64(chunk.data().size()) != expected)
        return fail(Failure{proto::INTERNAL,
                            QStringLiteral("the server sent %1 bytes at byte %2 where %3 were "
                                           "due; try again")
                                .arg(chunk.data().size())
                                .arg(chunk.offset())
                                .arg(expected)});
    // Written where it belongs: answers may come in any order.
    if (!m_part.seek(qint64(chunk.offset())) ||
        m_part.write(chunk.data().data(), qint64(chunk.data().size())) !=
            qint64(chunk.data().size()))
        return fail(
            Failure{proto::INVALID_ARGUMENT,
                    QStringLiteral("cannot write %1 (is the disk full?)").arg(m_part.fileName())});
    m_received += quint64(chunk.data().size());
    if (m_progress)
        m_progress(m_received, m_attachment.size());
    if (m_failed)
        return; // cancelled from the progress callback
    if (m_received >= m_attachment.size() && m_inFlight == 0)
        return finish();
    requestMore();
}

void FileDownload::finish()
{
    m_part.close();
    inBackground<QString>(
        this, [path = m_part.fileName()] { return sha256HexOfFile(path); },
        [this](const QString &sha256) { onHashed(sha256); });
}

void FileDownload::onHashed(const QString &sha256)
{
    if (m_failed)
        return; // cancelled while it was being checked

    if (sha256 != protocol::fromStd(m_attachment.blob_id())) {
        QFile::remove(m_part.fileName());
        return fail(Failure{proto::HASH_MISMATCH,
                            QStringLiteral("the downloaded file does not have the SHA-256 it "
                                           "was sent with; nothing was kept")});
    }
    // QFile::rename never replaces an existing file; what the user agreed to replace is
    // replaced in one step (rename(2)), so a failure leaves their old file as it was.
    const bool moved = m_replace ? std::rename(QFile::encodeName(m_part.fileName()).constData(),
                                               QFile::encodeName(m_target).constData()) == 0
                                 : QFile::rename(m_part.fileName(), m_target);
    if (!moved) {
        QFile::remove(m_part.fileName());
        return fail(Failure{proto::INVALID_ARGUMENT,
                            QStringLiteral("cannot save the download as %1 (does it exist "
                                           "already?)")
                                .arg(m_target)});
    }
    m_finished = true;
    if (m_done)
        std::exchange(m_done, {})(natter::Done{});
}

void FileDownload::cancel()
{
    // The callbacks stay (one of them may be running this): m_failed keeps them from running
    // again, and answers still on their way are dropped.
    m_failed = true;
    if (m_part.isOpen())
        m_part.close();
    if (!m_finished)
        QFile::remove(m_part.fileName());
}

FileDownload::~FileDownload()
{
    // Gone before it finished (the window closed): no half-downloaded file stays behind.
    if (!m_finished)
        QFile::remove(m_part.fileName());
}

void FileDownload::fail(const Failure &failure)
{
    m_failed = true;
    if (m_part.isOpen()) {
        m_part.close();
        QFile::remove(m_part.fileName());
    }
    if (m_done)
        std::exchange(m_done, {})(failure);
}

} // namespace natter::client

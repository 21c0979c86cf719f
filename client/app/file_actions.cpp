#include "file_actions.h"

#include "file_transfer.h"
#include "transfer_strip.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QStandardPaths>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

namespace natter::app {

namespace {
/// The sender's name for a file, never a path of theirs.
QString nameOf(const proto::Attachment &file)
{
    return QFileInfo(QString::fromStdString(file.file_name())).fileName();
}
} // namespace

FileActions::FileActions(AccountSession &session, TransferStrip &strip, QWidget *window)
    : QObject(window)
    , m_session(session)
    , m_strip(strip)
    , m_window(window)
{}

void FileActions::save(const proto::Attachment &file)
{
    const QString name = nameOf(file);
    QString target;
    if (m_chooseSavePath) {
        target = m_chooseSavePath(name);
    } else {
        const QDir downloads(QStandardPaths::writableLocation(QStandardPaths::DownloadLocation));
        target = QFileDialog::getSaveFileName(m_window, tr("Save file"), downloads.filePath(name));
    }
    if (!target.isEmpty())
        download(file, target);
}

void FileActions::download(const proto::Attachment &file, const QString &target)
{
    const QString name = nameOf(file);
    TransferRow *row = m_strip.add(
        name, [this, name] { emit statusMessage(tr("Saving %1 was cancelled").arg(name)); });
    // Owned by the row: cancelling (the row goes) stops it and removes what it wrote.
    auto *transfer = new client::FileDownload(m_session.client, file, target, row);
    transfer->setReplaceExisting(true); // the dialog asked
    emit statusMessage(tr("Saving %1…").arg(name));
    transfer->start(
        [this, row, transfer, file, name, target](Result<Done> saved) {
            transfer->deleteLater();
            if (!saved.ok()) {
                emit statusMessage(tr("%1 was not saved: %2").arg(name, saved.failure().message));
                return row->fail(saved.failure().message,
                                 [this, file, target] { download(file, target); });
            }
            row->finish();
            emit statusMessage(tr("Saved %1").arg(target));
        },
        [row](quint64 received, quint64 total) { row->setProgress(received, total); });
}

void FileActions::open(const proto::Attachment &file)
{
    // Into the media cache (downloaded and checked once), then a copy under the sender's
    // name (its last part only) so that the desktop picks the right app for it.
    const QString name = nameOf(file);
    // What would run as a program is not started from a chat with one click.
    static const QStringList programs = {
        QStringLiteral("exe"),     QStringLiteral("msi"), QStringLiteral("bat"),
        QStringLiteral("cmd"),     QStringLiteral("com"), QStringLiteral("scr"),
        QStringLiteral("lnk"),     QStringLiteral("ps1"), QStringLiteral("vbs"),
        QStringLiteral("js"),      QStringLiteral("jar"), QStringLiteral("sh"),
        QStringLiteral("desktop"), QStringLiteral("app"), QStringLiteral("command")};
    if (programs.contains(QFileInfo(name).suffix().toLower()))
        return emit statusMessage(tr("%1 is a program: save it and open it yourself if you "
                                     "trust the sender")
                                      .arg(name));
    emit statusMessage(tr("Opening %1…").arg(name));
    const QString blobId = QString::fromStdString(file.blob_id());
    client::MediaCache &media = m_session.media();
    TransferRow *row = m_strip.add(name, [&media, blobId] { media.cancel(blobId); });
    connect(&media, &client::MediaCache::progress, row,
            [row, blobId](const QString &id, quint64 received, quint64 total) {
                if (id == blobId)
                    row->setProgress(received, total);
            });
    const client::MediaKind kind =
        file.width() > 0 ? client::MediaKind::Picture : client::MediaKind::File;
    media.fetch(file, kind, row, [this, row, file, name](Result<QString> cached) {
        if (cached.ok()) {
            row->finish();
            return showOpened(cached.value(), file);
        }
        if (cached.failure().code == proto::CANCELLED) {
            row->finish();
            return emit statusMessage(tr("Opening %1 was cancelled").arg(name));
        }
        emit statusMessage(tr("%1 could not be opened: %2").arg(name, cached.failure().message));
        row->fail(cached.failure().message, [this, file] { open(file); });
    });
}

void FileActions::showOpened(const QString &cached, const proto::Attachment &file)
{
    const QString name = nameOf(file);
    // A folder per file: two files of the same name never replace each other.
    const QString openDir =
        QDir::cleanPath(m_session.outgoingDir() + QStringLiteral("/../opened/") +
                        QString::fromStdString(file.blob_id()));
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, name] {
        watcher->deleteLater();
        const QString copy = watcher->result();
        if (copy.isEmpty())
            return emit statusMessage(tr("%1 could not be opened: is the disk full?").arg(name));
        emit statusMessage(tr("Opened %1").arg(name));
        if (m_openFile)
            m_openFile(copy);
        else
            QDesktopServices::openUrl(QUrl::fromLocalFile(copy));
    });
    watcher->setFuture(QtConcurrent::run([cached, openDir, name] {
        const QString target = QDir(openDir).filePath(name);
        if (QFileInfo::exists(target)) // opened before (maybe still open): the same copy
            return target;
        return QDir().mkpath(openDir) && QFile::copy(cached, target) ? target : QString();
    }));
}

} // namespace natter::app

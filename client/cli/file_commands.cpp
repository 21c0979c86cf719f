#include "commands.h"

#include "blocking.h"
#include "file_transfer.h"
#include "image_tools.h"
#include "terminal_text.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QTemporaryFile>
#include <cstdio>
#include <unistd.h>

namespace natter::cli {

using client::waitFor;
using protocol::fromStd;

namespace {

/// "12.3 of 45.6 MB" on one line that updates itself, on a terminal only.
class ProgressLine {
public:
    ProgressLine()
        : m_terminal(::isatty(STDERR_FILENO) != 0)
    {}
    ~ProgressLine()
    {
        if (m_shown)
            std::fputc('\n', stderr);
    }
    void show(quint64 done, quint64 total)
    {
        if (!m_terminal || total == 0)
            return;
        const int percent = int(done * 100 / total);
        if (percent == m_percent)
            return;
        m_percent = percent;
        m_shown = true;
        std::fprintf(stderr, "\r%3d%%  %.1f of %.1f MB", percent, double(done) / 1e6,
                     double(total) / 1e6);
        std::fflush(stderr);
    }

private:
    bool m_terminal;
    bool m_shown = false;
    int m_percent = -1;
};

/// Runs a transfer's event loop until `done` was called.
template <typename T, typename Transfer, typename Start>
Result<T> runTransfer(Transfer &transfer, Start start)
{
    QEventLoop loop;
    std::optional<Result<T>> outcome;
    ProgressLine progress;
    start(
        transfer,
        [&](Result<T> result) {
            outcome = std::move(result);
            loop.quit();
        },
        [&](quint64 done, quint64 total) { progress.show(done, total); });
    if (!outcome)
        loop.exec();
    return std::move(*outcome);
}

} // namespace

int Commands::sendFile(const QStringList &args)
{
    quint64 id = 0;
    if (args.size() != 2 || !conversationId(args[0], &id))
        return usage(QStringLiteral("usage: send-file CONV PATH [--caption TEXT] [--id ID]"));
    if (!QFileInfo(args[1]).isFile())
        return usage(QStringLiteral("%1 is not a file").arg(args[1]));
    QString clientMsgId = m_parser.value(QStringLiteral("id"));
    if (clientMsgId.isEmpty())
        clientMsgId = client::Client::newClientMsgId();
    if (!connectToServer(false))
        return Failed;
    client::FileUpload upload(m_client, args[1]);
    const auto uploaded = runTransfer<proto::Attachment>(
        upload, [](client::FileUpload &u, auto done, auto progress) { u.start(done, progress); });
    if (!uploaded.ok())
        return fail(uploaded.failure());
    const QString caption = m_parser.value(QStringLiteral("caption"));
    auto sent = waitFor<proto::SendMessageReply>([&](auto done) {
        m_client.sendMessage(id, clientMsgId, caption, {uploaded.value()}, done);
    });
    if (!sent.ok())
        return fail(sent.failure());
    m_json ? printJson(sent.value()) : printLine(QString::number(sent.value().seq()));
    return Success;
}

int Commands::avatar(const QStringList &args)
{
    const QString action = args.value(0);
    if (!((action == QLatin1String("set") && args.size() == 2) ||
          (action == QLatin1String("remove") && args.size() == 1)))
        return usage(QStringLiteral("usage: avatar set PATH | avatar remove"));
    QString blobId;
    QTemporaryFile photo(QDir::temp().filePath(QStringLiteral("natter-photo-XXXXXX.jpg")));
    if (action == QLatin1String("set")) {
        // Made here, as the desktop does: the centre square, scaled, as a JPEG.
        const auto picture = image::decodePicture(args[1]);
        if (!picture.error.isEmpty())
            return usage(QStringLiteral("%1: %2").arg(args[1], picture.error));
        const QByteArray jpeg = image::makeProfilePhoto(picture.image);
        if (jpeg.isEmpty() || !photo.open() || photo.write(jpeg) != jpeg.size() || !photo.flush())
            return fail(Failure{proto::INTERNAL, QStringLiteral("cannot write the photo to %1: %2")
                                                     .arg(photo.fileName(), photo.errorString())});
    }
    if (!connectToServer(false))
        return Failed;
    if (action == QLatin1String("set")) {
        client::FileUpload upload(m_client, photo.fileName());
        const auto uploaded =
            runTransfer<proto::Attachment>(upload, [](client::FileUpload &u, auto done,
                                                      auto progress) { u.start(done, progress); });
        if (!uploaded.ok())
            return fail(uploaded.failure());
        blobId = fromStd(uploaded.value().blob_id());
    }
    const auto set =
        waitFor<proto::ProfilesReply>([&](auto done) { m_client.setProfilePhoto(blobId, done); });
    if (!set.ok())
        return fail(set.failure());
    if (m_json)
        printJson(set.value());
    else
        printLine(blobId.isEmpty() ? QStringLiteral("Profile photo removed.")
                                   : QStringLiteral("Profile photo set."));
    return Success;
}

int Commands::download(const QStringList &args)
{
    quint64 id = 0;
    bool seqOk = false;
    const quint64 seq = args.value(1).toULongLong(&seqOk);
    if (args.size() != 2 || !conversationId(args[0], &id) || !seqOk || seq == 0)
        return usage(QStringLiteral("usage: download CONV SEQ [--out PATH]"));
    if (!connectToServer(false))
        return Failed;
    auto page = waitFor<proto::MessagesReply>(
        [&](auto done) { m_client.messages(id, seq + 1, 0, 1, done); });
    if (!page.ok())
        return fail(page.failure());
    if (page.value().messages().empty() || page.value().messages(0).seq() != seq)
        return fail(Failure{proto::INVALID_ARGUMENT,
                            QStringLiteral("conversation %1 has no message %2").arg(id).arg(seq)});
    const proto::Message &message = page.value().messages(0);
    if (message.attachments().empty())
        return fail(Failure{proto::INVALID_ARGUMENT,
                            QStringLiteral("message %1 carries no file").arg(seq)});
    const proto::Attachment &attachment = message.attachments(0);
    // The sender's name for it, never a path of theirs and never a hidden file (.bashrc);
    // --out chooses another.
    QString name = QFileInfo(fromStd(attachment.file_name())).fileName();
    while (name.startsWith(QLatin1Char('.')))
        name.remove(0, 1);
    if (name.isEmpty())
        name = QStringLiteral("download");
    QString target = m_parser.value(QStringLiteral("out"));
    if (target.isEmpty())
        target = name;
    if (QFileInfo(target).isDir())
        target = QDir(target).filePath(name);
    if (target.isEmpty() || QFileInfo::exists(target))
        return fail(Failure{proto::INVALID_ARGUMENT,
                            QStringLiteral("%1 exists already; choose another with --out")
                                .arg(terminalSafe(target))});
    client::FileDownload download(m_client, attachment, target);
    const auto fetched =
        runTransfer<natter::Done>(download, [](client::FileDownload &d, auto done, auto progress) {
            d.start(done, progress);
        });
    if (!fetched.ok())
        return fail(fetched.failure());
    printLine(target);
    return Success;
}

} // namespace natter::cli

#include "file_batch_upload.h"

#include "file_transfer.h"

#include <QFileInfo>

namespace natter::client {

FileBatchUpload::FileBatchUpload(Client &client, QStringList paths, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_paths(std::move(paths))
{}

void FileBatchUpload::start(Done done, Progress progress)
{
    m_done = std::move(done);
    m_progress = std::move(progress);
    for (const QString &path : std::as_const(m_paths)) {
        const QFileInfo file(path);
        // Gone or unreadable since it was attached: say which, and nothing is sent.
        if (!file.isFile() || !file.isReadable())
            return m_done(Failure{proto::INVALID_ARGUMENT,
                                  QStringLiteral("%1 is no longer there or cannot be read; "
                                                 "attach it again")
                                      .arg(file.fileName())});
        m_total += quint64(file.size());
    }
    next();
}

void FileBatchUpload::next()
{
    if (m_uploaded.size() == m_paths.size())
        return m_done(m_uploaded);
    auto *upload = new FileUpload(m_client, m_paths[m_uploaded.size()], this);
    upload->start(
        [this, upload](Result<proto::Attachment> attachment) {
            upload->deleteLater();
            if (!attachment.ok())
                return m_done(attachment.failure());
            m_before += attachment.value().size();
            m_uploaded.append(attachment.value());
            next();
        },
        [this](quint64 sent, quint64) {
            if (m_progress)
                m_progress(m_before + sent, m_total);
        });
}

} // namespace natter::client

#pragma once

#include "client.h"

#include <QObject>
#include <QStringList>
#include <functional>

namespace natter::client {

class FileUpload;

/// Uploads a message's files one after the other (the outbox's order), reporting progress
/// over all of them. Deleting it stops the transfer; `done` then never runs.
class FileBatchUpload : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(Result<QList<proto::Attachment>>)>;
    using Progress = std::function<void(quint64 sent, quint64 total)>;

    FileBatchUpload(Client &client, QStringList paths, QObject *parent = nullptr);

    void start(Done done, Progress progress = {});

private:
    void next();

    Client &m_client;
    QStringList m_paths;
    QList<proto::Attachment> m_uploaded;
    quint64 m_total = 0;
    quint64 m_before = 0; // bytes of the files done
    Done m_done;
    Progress m_progress;
};

} // namespace natter::client

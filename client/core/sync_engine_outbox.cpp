#include "sync_engine.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

// The outbox half of SyncEngine: what the user sends goes into the cache first, then to the
// server one message at a time, oldest first, its files uploaded in its turn.

namespace natter::client {

using protocol::fromStd;

namespace {
/// Errors after which sending the same message again cannot succeed.
bool isPermanent(proto::ErrorCode code)
{
    switch (code) {
    case proto::DISCONNECTED:
    case proto::TIMEOUT:
    case proto::STORAGE_ERROR:
    case proto::INTERNAL:
    case proto::NOT_AUTHENTICATED:
        return false;
    default:
        return true;
    }
}
} // namespace

void SyncEngine::send(quint64 conversationId, const QString &text, const QStringList &files)
{
    m_cache.read(
        this,
        [conversationId, text, files, own = m_client.user().id(),
         username = fromStd(m_client.user().username()),
         now = QDateTime::currentMSecsSinceEpoch()](LocalCache &cache) {
            return cache.addPending(conversationId, text, own, username, now, files);
        },
        [this, conversationId, text](const std::optional<MessageRow> &row) {
            if (!row) {
                emit notSaved(conversationId, text);
                return;
            }
            emit messagesChanged(conversationId);
            flushOutbox();
        });
}

namespace {
/// The conversation of an outbox message (0 when it is not in the outbox).
quint64 outboxConversation(LocalCache &cache, const QString &clientMsgId)
{
    for (const MessageRow &row : cache.outbox()) {
        if (row.clientMsgId == clientMsgId)
            return row.conversationId;
    }
    return 0;
}
} // namespace

void SyncEngine::retry(const QString &clientMsgId)
{
    m_cache.read(
        this,
        [clientMsgId](LocalCache &cache) {
            cache.retry(clientMsgId);
            return outboxConversation(cache, clientMsgId);
        },
        [this](quint64 conversationId) {
            if (conversationId)
                emit messagesChanged(conversationId);
            flushOutbox();
        });
}

void SyncEngine::discard(const QString &clientMsgId)
{
    if (m_sendingId == clientMsgId)
        return; // on its way to the server already: it is sent, not cancelled
    if (m_uploading && m_uploadingId == clientMsgId) {
        delete m_uploading; // cancelled: its files stop going up, and nothing is sent
        m_uploadingId.clear();
        m_sending = false;
    }
    m_cache.read(
        this,
        [clientMsgId](LocalCache &cache) {
            MessageRow discarded;
            for (const MessageRow &row : cache.outbox()) {
                if (row.clientMsgId == clientMsgId)
                    discarded = row;
            }
            if (!cache.discard(clientMsgId))
                return MessageRow{}; // still there: its files too
            return discarded;
        },
        [this](const MessageRow &discarded) {
            removeOwnedFiles(discarded.localFiles);
            if (discarded.conversationId)
                emit messagesChanged(discarded.conversationId);
            flushOutbox();
        });
}

void SyncEngine::flushOutbox()
{
    if (m_sending || !connected())
        return;
    // One at a time, oldest first: the order the user wrote them is the order they commit.
    m_sending = true;
    m_cache.read(
        this,
        [](LocalCache &cache) -> std::optional<MessageRow> {
            for (const MessageRow &row : cache.outbox()) {
                if (row.status == MessageRow::Status::Pending)
                    return row;
            }
            return std::nullopt;
        },
        [this](const std::optional<MessageRow> &next) {
            if (next && connected())
                return sendNext(*next);
            m_sending = false; // nothing to send, or a reconnect sends it
        });
}

void SyncEngine::sendNext(const MessageRow &row)
{
    if (row.localFiles.isEmpty())
        return sendWithFiles(row, {});
    // The files first, in the outbox's turn: a message after it waits, so order holds.
    auto *upload = new FileBatchUpload(m_client, row.localFiles, this);
    m_uploading = upload;
    m_uploadingId = row.clientMsgId;
    upload->start(
        [this, upload, row](Result<QList<proto::Attachment>> files) {
            upload->deleteLater();
            m_uploading = nullptr;
            m_uploadingId.clear();
            if (!files.ok())
                return onSendOutcome(row, {}, files.failure());
            sendWithFiles(row, files.value());
        },
        [this, id = row.clientMsgId](quint64 sent, quint64 total) {
            emit uploadProgress(id, sent, total);
        });
}

void SyncEngine::sendWithFiles(const MessageRow &row, const QList<proto::Attachment> &files)
{
    m_sendingId = row.clientMsgId;
    m_client.sendMessage(
        row.conversationId, row.clientMsgId, row.text, files,
        [this, row, files](Result<proto::SendMessageReply> reply) {
            onSendOutcome(row, files, reply);
        },
        this);
}

void SyncEngine::onSendOutcome(const MessageRow &row, const QList<proto::Attachment> &files,
                               const Result<proto::SendMessageReply> &reply)
{
    m_sendingId.clear();
    const bool stored = reply.ok();
    if (!stored && !isPermanent(reply.failure().code)) {
        // Transient: it stays pending; a reconnect or this timer sends it again with the same
        // client_msg_id, which the server answers with what it stored (files already on the
        // server are not sent again: their upload finds them complete).
        m_sending = false;
        if (connected())
            m_retryTimer.start(kRetryDelayMs);
        return;
    }
    proto::Message message;
    if (stored) {
        message.set_conversation_id(row.conversationId);
        message.set_seq(reply.value().seq());
        message.set_sender_id(row.senderId);
        message.set_sender_username(protocol::toStd(row.senderUsername));
        message.set_client_msg_id(protocol::toStd(row.clientMsgId));
        message.set_text(protocol::toStd(row.text));
        message.set_sent_at_ms(reply.value().sent_at_ms());
        for (const proto::Attachment &file : files)
            *message.add_attachments() = file;
    }
    const QString reason = stored ? QString() : reply.failure().message;
    m_cache.read(
        this,
        [row, stored, message, reason](LocalCache &cache) {
            return stored ? cache.confirmSent(row.clientMsgId, message)
                          : cache.markFailed(row.clientMsgId, reason);
        },
        [this, row, stored](bool recorded) {
            m_sending = false;
            if (!recorded) {
                // The outcome could not be written here (a full disk): it stays pending and
                // goes again later with its id, never at once in a loop.
                if (connected())
                    m_retryTimer.start(kRetryDelayMs);
                return;
            }
            if (stored)
                removeOwnedFiles(row.localFiles);
            emit messagesChanged(row.conversationId);
            emit conversationChanged(row.conversationId);
            flushOutbox();
        });
}

void SyncEngine::removeOwnedFiles(const QStringList &paths) const
{
    if (m_ownedFilesDir.isEmpty())
        return;
    const QString owned = QDir(m_ownedFilesDir).absolutePath() + QLatin1Char('/');
    for (const QString &path : paths) {
        if (QFileInfo(path).absoluteFilePath().startsWith(owned))
            QFile::remove(path);
    }
}

} // namespace natter::client

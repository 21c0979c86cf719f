#pragma once

#include "protocol.h"
#include "result.h"
#include "services/event_sink.h"
#include "services/user_identity.h"

#include <QObject>

namespace natter::server::storage {
class Storage;
struct ReceiptChange;
struct SendRequest;
} // namespace natter::server::storage

namespace natter::server::services {

/// Sending: validation, the durable group-committed append, and the MessageEvent fan-out to
/// every member's live sessions once the message is committed.
class MediaService;

class MessageService : public QObject {
    Q_OBJECT
public:
    MessageService(storage::Storage &storage, MediaService &media, const protocol::Limits &limits,
                   QObject *parent = nullptr);
    void setEventSink(EventSink sink) { m_events = std::move(sink); }
    /// Where the sender's read-cursor move of a new message goes (the receipt service).
    void setReceiptSink(std::function<void(const storage::ReceiptChange &)> sink)
    {
        m_receipts = std::move(sink);
    }

    /// `done` runs after the commit is durable; a retry of a stored client_msg_id answers with
    /// the original seq and time and stores nothing.
    void send(const UserIdentity &caller, quint64 conversationId, const QString &clientMsgId,
              const QByteArray &textUtf8, const QList<proto::Attachment> &attachments,
              std::function<void(Result<proto::SendMessageReply>)> done);

private:
    void store(storage::SendRequest request,
               std::function<void(Result<proto::SendMessageReply>)> done);

    storage::Storage &m_storage;
    MediaService &m_media;
    protocol::Limits m_limits;
    EventSink m_events;
    std::function<void(const storage::ReceiptChange &)> m_receipts;
};

} // namespace natter::server::services

#pragma once

#include "protocol.h"
#include "result.h"
#include "services/event_sink.h"
#include "services/user_identity.h"

#include <QList>
#include <QObject>
#include <QSet>
#include <memory>

namespace natter::server::storage {
class Storage;
struct UserRow;
} // namespace natter::server::storage

namespace natter::server::services {

/// A history page: the reply, or (the cached newest page) the same reply already encoded,
/// shared by every reader until the conversation's next message.
struct MessagesPage {
    proto::MessagesReply reply;
    std::shared_ptr<const QByteArray> encoded; // when set, the reply's bytes
};

/// Direct conversations, groups and their members, the conversation list and history pages.
/// Only members may read a conversation.
class ConversationService : public QObject {
    Q_OBJECT
public:
    template <typename T> using Done = std::function<void(Result<T>)>;

    ConversationService(storage::Storage &storage, const protocol::Limits &limits,
                        QObject *parent = nullptr);
    void setEventSink(EventSink sink) { m_events = std::move(sink); }

signals:
    /// Members left a conversation (committed): whatever they took part in ends with it.
    void membersRemoved(quint64 conversationId, const QList<quint64> &userIds);

public:
    void createDirect(const UserIdentity &caller, const QString &username,
                      Done<proto::Conversation> done);
    /// The title is cleaned of control, bidi and zero-width characters first.
    void createGroup(const UserIdentity &caller, const QString &title, const QStringList &usernames,
                     Done<proto::Conversation> done);
    void changeMembers(const UserIdentity &caller, quint64 conversationId, const QStringList &add,
                       const QStringList &remove, Done<proto::Conversation> done);
    void conversations(const UserIdentity &caller, const QString &cursor, quint32 limit,
                       Done<proto::ConversationsReply> done);
    void messages(const UserIdentity &caller, quint64 conversationId, quint64 beforeSeq,
                  quint64 afterSeq, quint32 limit, Done<MessagesPage> done);
    /// The page around `seq` (a search hit or a reply opened in place).
    void messagesAround(const UserIdentity &caller, quint64 conversationId, quint64 seq,
                        quint32 limit, Done<proto::MessagesReply> done);

private:
    /// `requestsFor`: members for whom it is a message request (see createDirect).
    void createConversation(quint64 id, proto::ConversationKind kind, const QString &title,
                            const UserIdentity &caller, const QList<storage::UserRow> &others,
                            const QSet<quint64> &requestsFor, Done<proto::Conversation> done);
    void announce(const QList<quint64> &userIds, proto::ConversationEvent::Change change,
                  const proto::Conversation &conversation, const QSet<quint64> &requestsFor = {});
    [[nodiscard]] quint32 pageSize(quint32 requested) const;

    storage::Storage &m_storage;
    protocol::Limits m_limits;
    EventSink m_events;
};

} // namespace natter::server::services

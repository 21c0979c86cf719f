#pragma once
/// The message shard: conversations, their members and their messages. Every row of a
/// conversation lives in the shard its id maps to. Runs only on that shard's SqlWorker.
/// Rows are returned as protocol messages: they are exactly what the services hand out.

#include "natter.pb.h"
#include "result.h"
#include "sql_util.h"
#include "user_store.h"

#include <QList>
#include <QSqlDatabase>

namespace natter::server::storage {

struct NewMember {
    UserRow user;
    proto::MemberRole role = proto::MEMBER;
};

struct SendRequest {
    quint64 conversationId = 0;
    quint64 senderId = 0;
    QString clientMsgId;
    QString text;
};

struct SendOutcome {
    proto::Message message;
    bool duplicate = false;
    QList<quint64> memberIds; // who receives the MessageEvent (empty for duplicates)
};

struct MembershipChange {
    proto::Conversation conversation; // after the change
    QList<quint64> addedIds;
    QList<quint64> removedIds;
};

struct ReadPosition {
    quint64 readSeq = 0;
    quint64 unreadCount = 0;
};

/// A direct conversation is titled with the other person's display name, so the title depends
/// on who looks at it.
void titleForViewer(proto::Conversation &conversation, quint64 viewerId);

class ShardStore {
public:
    explicit ShardStore(QSqlDatabase &db)
        : m_db(db)
    {}

    static const MigrationList &migrations();

    /// Idempotent: creating an existing conversation returns it unchanged.
    Result<proto::Conversation> createConversation(quint64 id, proto::ConversationKind kind,
                                                   const QString &title,
                                                   const QList<NewMember> &members, qint64 nowMs);
    /// The conversation with its current members, if `callerId` is one of them.
    Result<proto::Conversation> conversation(quint64 id, quint64 callerId);
    Result<MembershipChange> changeMembers(quint64 id, quint64 callerId, const QList<UserRow> &add,
                                           const QList<quint64> &remove, quint32 maxMembers);

    /// Appends a batch in ONE transaction (group commit). Seqs come from the database inside
    /// the transaction, so a batch that fails to commit leaves no hole and reuses no seq.
    QList<Result<SendOutcome>> appendBatch(const QList<SendRequest> &batch, qint64 nowMs);

    /// Up to `limit` messages in ascending seq order, plus whether more exist that way.
    Result<QPair<QList<proto::Message>, bool>>
    messages(quint64 id, quint64 callerId, quint64 beforeSeq, quint64 afterSeq, int limit);
    Result<proto::ConversationSummary> summary(quint64 id, quint64 callerId);
    Result<ReadPosition> markRead(quint64 id, quint64 callerId, quint64 seq);

private:
    Result<Done> requireMember(quint64 id, quint64 callerId, proto::MemberRole *role = nullptr);
    Result<SendOutcome> appendOne(const SendRequest &request, qint64 nowMs, bool *sqlFailed);
    Result<quint64> unreadCount(quint64 id, quint64 callerId, quint64 readSeq);

    QSqlDatabase &m_db;
};

} // namespace natter::server::storage

#pragma once
/// The message shard: conversations, their members and their messages. Every row of a
/// conversation lives in the shard its id maps to. Runs only on that shard's SqlWorker.
/// Rows are returned as protocol messages: they are exactly what the services hand out.

#include "natter.pb.h"
#include "result.h"
#include "storage/push_job_store.h"
#include "storage/recent_messages.h"
#include "storage/shared_id_set.h"
#include "storage/sql_util.h"
#include "storage/user_store.h"

#include <QList>
#include <QSqlDatabase>
#include <optional>

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
    QString senderUsername; // copied into the stored message's event
    /// A direct conversation closed by a block: members get closedByBlock() (after the
    /// membership check, so that outsiders learn nothing of blocks), retries their old ack.
    bool closedByBlock = false;
    QList<proto::Attachment> attachments = {}; // checked and completed by the media service
};

/// What writing into a direct conversation gets while a block stands between its two users.
inline Failure closedByBlock()
{
    return Failure{proto::NOT_ALLOWED_BY_USER,
                   QStringLiteral("this conversation is closed: one of you blocked the other")};
}

/// A member's report of how far they received (delivered) and read; 0 leaves that cursor.
struct CursorMove {
    quint64 conversationId = 0;
    quint64 userId = 0;
    quint64 deliveredSeq = 0;
    quint64 readSeq = 0;
};

/// A member's receipt cursors after a report; `moved` is false when nothing went forward.
struct ReceiptChange {
    quint64 conversationId = 0;
    quint64 userId = 0;
    quint64 deliveredSeq = 0;
    quint64 readSeq = 0;
    qint64 readAtMs = 0;
    quint64 unreadCount = 0;
    bool moved = false;
    QList<quint64> memberIds; // who is told (active members)
};

struct SendOutcome {
    proto::Message message;
    bool duplicate = false;
    QList<quint64> memberIds; // who receives the MessageEvent (empty for duplicates)
    /// The sender's read cursor moved to their message (they read what came before it).
    std::optional<ReceiptChange> senderCursor;
};

struct MembershipChange {
    proto::Conversation conversation; // after the change
    QList<quint64> addedIds;
    QList<quint64> removedIds;
};

/// A direct conversation is titled with the other person's display name, so the title depends
/// on who looks at it.
void titleForViewer(proto::Conversation &conversation, quint64 viewerId);

/// Messages in ascending seq order, and whether more exist in the direction read.
using MessagePage = QPair<QList<proto::Message>, bool>;

struct AroundPage {
    QList<proto::Message> messages; // ascending seq order
    bool hasOlder = false;
    bool hasNewer = false;
};

class ShardStore {
public:
    /// With `online`, each appended message queues a push job for every member not in it.
    /// With `recent` (on the shard thread, where it is exact), cached conversations answer
    /// membership checks, member lists, conversations and summaries without SQL; membership
    /// changes drop their entry.
    explicit ShardStore(QSqlDatabase &db, const OnlineUsers *online = nullptr,
                        RecentMessages *recent = nullptr)
        : m_db(db)
        , m_online(online)
        , m_recent(recent)
    {
        NATTER_ASSERT_CONNECTION_THREAD(db); // and so the cache's shard-thread methods too
    }

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
    Result<MessagePage> messages(quint64 id, quint64 callerId, quint64 beforeSeq, quint64 afterSeq,
                                 int limit);
    /// The page around `seq`: it and up to `limit` - 1 neighbours, about as many older as
    /// newer (more of one side where the other runs out), in ascending order.
    Result<AroundPage> messagesAround(quint64 id, quint64 callerId, quint64 seq, int limit);
    Result<proto::ConversationSummary> summary(quint64 id, quint64 callerId);
    /// Puts the conversation (newest page, members, cursors) into the cache given at
    /// construction; shard thread only, so the cache stays in commit order. `newestPage`:
    /// its newest messages just read (at least the cache's 50, or all), else they are read.
    void cacheConversation(quint64 id, const MessagePage *newestPage = nullptr);
    /// Moves the caller's cursors forward only (never past the last message; delivered never
    /// behind read). A zero leaves that cursor alone. Reading cancels the push jobs it covers.
    Result<ReceiptChange> moveCursors(quint64 id, quint64 callerId, quint64 deliveredSeq,
                                      quint64 readSeq, qint64 nowMs);
    /// moveCursors for a batch in ONE transaction (group commit, as appendBatch).
    QList<Result<ReceiptChange>> moveCursorsBatch(const QList<CursorMove> &moves, qint64 nowMs);
    [[nodiscard]] PushJobStore pushJobs() { return PushJobStore(m_db); }

    /// Every active member of any of the conversations (for presence fan-out).
    Result<QList<quint64>> activeMembers(const QList<quint64> &conversationIds);
    /// Those of `conversationIds` (on this shard) that `userId` is an active member of.
    Result<QList<quint64>> activeMemberships(quint64 userId, const QList<quint64> &conversationIds);
    /// NOT_A_MEMBER (or CONVERSATION_NOT_FOUND) unless `callerId` is an active member.
    Result<Done> requireMember(quint64 id, quint64 callerId, proto::MemberRole *role = nullptr);

private:
    /// requireMember, answered from the cache when the conversation is cached; then its
    /// members come along (nothing when it is not cached).
    Result<std::optional<QList<quint64>>> checkMember(quint64 id, quint64 userId);
    /// The conversation row and its active members, untitled; no membership check.
    Result<proto::Conversation> readConversation(quint64 id, qint64 *lastActivityMs);
    struct StoredAt {
        quint64 seq = 0;
        qint64 sentAtMs = 0;
    };
    /// One message of a send batch, in named steps: membership, a retry's dedupe, the seq,
    /// the row, the sender's read cursor, the members, their push jobs.
    Result<SendOutcome> appendOne(const SendRequest &request, qint64 nowMs, bool *sqlFailed);
    /// The message stored earlier under the request's client_msg_id (a retry), if any.
    Result<std::optional<proto::Message>> findRetried(const SendRequest &request);
    /// Stores the message at the conversation's next seq, sent at `nowMs` or at the
    /// conversation's last activity when that is later; nothing when the request's
    /// client_msg_id is stored already (a retry: the caller looks it up).
    Result<std::optional<StoredAt>> insertMessage(const SendRequest &request, qint64 nowMs);
    /// The conversation's last seq and activity become the message's.
    Result<Done> advanceConversation(quint64 conversationId, const StoredAt &stored);
    /// Whether the sender's cursors moved (they read up to their own message).
    Result<bool> moveSenderCursor(const SendRequest &request, quint64 seq, qint64 nowMs);
    /// The active members (and the sender's username) when the cache did not have them.
    Result<Done> listMembersInto(const SendRequest &request, SendOutcome *outcome);
    Result<Done> queuePushJobs(const SendRequest &request, quint64 seq,
                               const QList<quint64> &memberIds, qint64 nowMs);
    Result<ReceiptChange> moveOne(const CursorMove &move, qint64 nowMs, bool *sqlFailed);
    Result<quint64> unreadCount(quint64 id, quint64 callerId, quint64 readSeq);
    /// Up to `limit` messages after `boundary` (forward) or before it, ascending, and whether
    /// more exist that way; no membership check.
    Result<MessagePage> pageFrom(quint64 id, quint64 boundary, bool forward, int limit);

    QSqlDatabase &m_db;
    const OnlineUsers *m_online = nullptr;
    RecentMessages *m_recent = nullptr;
};

} // namespace natter::server::storage

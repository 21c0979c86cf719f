#pragma once
/// Conversation ids, direct pairs and each user's conversation list (inbox). Runs only on the user
/// database's SqlWorker.

#include "result.h"
#include "storage/sql_util.h"
#include "storage/user_rows.h"

#include <QSqlDatabase>
#include <optional>

namespace natter::server::storage {

class InboxTable {
public:
    explicit InboxTable(QSqlDatabase &db)
        : m_db(db)
    {
        NATTER_ASSERT_CONNECTION_THREAD(db);
    }

    /// The one direct conversation of a pair of users, allocating it on first use. The pair is
    /// a primary key, so two concurrent requests can only ever yield one conversation.
    Result<DirectPair> directConversation(quint64 userA, quint64 userB, qint64 nowMs);
    Result<quint64> allocateGroupConversation(qint64 nowMs);
    /// Entries of `requestsFor` are message requests until those users accept or reply.
    /// An existing entry is kept as it is.
    /// `acceptedBy` opened it: their entry is no request, whatever it was.
    Result<Done> addToInbox(const QList<quint64> &userIds, quint64 conversationId,
                            qint64 activityMs, const QSet<quint64> &requestsFor = {},
                            quint64 acceptedBy = 0);
    Result<Done> removeFromInbox(const QList<quint64> &userIds, quint64 conversationId);
    /// Moves last activity forward for every member's entry of each conversation; a sender
    /// who replies to a message request accepts it.
    Result<Done> touchInbox(const QList<InboxEntry> &activity);
    /// A page of the user's conversations, newest activity first, strictly after `after`.
    Result<QList<InboxEntry>> page(quint64 userId, std::optional<InboxEntry> after, int limit);
    /// The conversations in the user's list to which every member consented (no message
    /// request waiting): those that share presence and go into digests.
    Result<QList<quint64>> acceptedConversationIds(quint64 userId);
    /// Accepts the message request `conversationId` of `userId`; NOT_A_MEMBER when it is not in
    /// their list. Returns whether it was a request still waiting.
    Result<bool> acceptRequest(quint64 userId, quint64 conversationId);

private:
    QSqlDatabase &m_db;
};

} // namespace natter::server::storage

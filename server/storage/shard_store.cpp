#include "storage/shard_store.h"

#include "validation.h"

#include "protocol.h"
#include "storage/push_job_store.h"
#include "storage/search_index.h"
#include "storage/shard_store_detail.h"
#include "storage/sql_util.h"

#include <QDateTime>
#include <QSet>
#include <QSqlQuery>
#include <QVariant>

namespace natter::server::storage {

using detail::inOneTransaction;
using detail::inTransaction;
using detail::notAMember;
using detail::notFound;

using protocol::toStd;

using detail::kMessageColumns;
using detail::readMessage;

void titleForViewer(proto::Conversation &conversation, quint64 viewerId)
{
    if (conversation.kind() != proto::DIRECT)
        return;
    for (const auto &member : conversation.members()) {
        if (member.user().id() != viewerId)
            conversation.set_title(
                validation::shownName(QString::fromStdString(member.user().display_name()),
                                      QString::fromStdString(member.user().username()))
                    .toStdString());
    }
}

Result<QList<quint64>> ShardStore::activeMemberships(quint64 userId,
                                                     const QList<quint64> &conversationIds)
{
    constexpr qsizetype kPerQuery = 500; // well under SQLite's bound-variable limit
    QList<quint64> found;
    for (qsizetype from = 0; from < conversationIds.size(); from += kPerQuery) {
        const QList<quint64> part = conversationIds.mid(from, kPerQuery);
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT conversation_id FROM members WHERE user_id = ? AND "
                                 "active = 1 AND conversation_id IN (%1)")
                      .arg(placeholders(part.size())));
        bind(q, userId);
        for (quint64 id : part)
            bind(q, id);
        if (!q.exec())
            return storageFailure(q, "looking up memberships");
        while (q.next())
            found.append(q.value(0).toULongLong());
    }
    return found;
}

Result<Done> ShardStore::requireMember(quint64 id, quint64 callerId, proto::MemberRole *role)
{
    Statement q(m_db, QStringLiteral("SELECT c.id, m.active, m.role FROM conversations c LEFT "
                                     "JOIN members m ON m.conversation_id = c.id AND "
                                     "m.user_id = ? WHERE c.id = ?"));
    bind(*q, callerId);
    bind(*q, id);
    if (!q->exec())
        return storageFailure(*q, "checking membership");
    if (!q->next())
        return notFound(id);
    if (q->value(1).toInt() != 1)
        return notAMember(id);
    if (role)
        *role = proto::MemberRole(q->value(2).toInt());
    return Done{};
}

Result<proto::Conversation> ShardStore::createConversation(quint64 id, proto::ConversationKind kind,
                                                           const QString &title,
                                                           const QList<NewMember> &members,
                                                           qint64 nowMs)
{
    auto created = inTransaction<Done>(m_db, [&]() -> Result<Done> {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("INSERT OR IGNORE INTO conversations (id, kind, title, "
                                 "created_at_ms, last_activity_ms) VALUES (?, ?, ?, ?, ?)"));
        bind(q, id);
        bind(q, int(kind));
        bind(q, title);
        bind(q, nowMs);
        bind(q, nowMs);
        if (!q.exec())
            return storageFailure(q, "creating a conversation");
        q.prepare(QStringLiteral("INSERT OR IGNORE INTO members (conversation_id, user_id, "
                                 "username, display_name, role, joined_at_ms) "
                                 "VALUES (?, ?, ?, ?, ?, ?)"));
        for (const NewMember &member : members) {
            bind(q, id);
            bind(q, member.user.id);
            bind(q, member.user.username);
            bind(q, member.user.displayName);
            bind(q, int(member.role));
            bind(q, nowMs);
            if (!q.exec())
                return storageFailure(q, "adding a member");
        }
        return Done{};
    });
    if (!created.ok())
        return created.failure();
    return conversation(id, members.isEmpty() ? 0 : members.front().user.id);
}

Result<proto::Conversation> ShardStore::conversation(quint64 id, quint64 callerId)
{
    if (auto cached = m_recent ? m_recent->conversation(id, callerId) : std::nullopt) {
        if (!cached->isMember)
            return notAMember(id);
        titleForViewer(cached->conversation, callerId);
        return cached->conversation;
    }
    if (auto member = requireMember(id, callerId); !member.ok())
        return member.failure();
    auto c = readConversation(id, nullptr);
    if (c.ok())
        titleForViewer(c.value(), callerId);
    return c;
}

Result<proto::Conversation> ShardStore::readConversation(quint64 id, qint64 *lastActivityMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT kind, title, last_seq, created_at_ms, last_activity_ms FROM "
                             "conversations WHERE id = ?"));
    bind(q, id);
    if (!q.exec() || !q.next())
        return storageFailure(q, "reading a conversation");
    proto::Conversation c;
    c.set_id(id);
    c.set_kind(proto::ConversationKind(q.value(0).toInt()));
    c.set_title(toStd(q.value(1).toString()));
    c.set_last_seq(q.value(2).toULongLong());
    c.set_created_at_ms(q.value(3).toLongLong());
    if (lastActivityMs)
        *lastActivityMs = q.value(4).toLongLong();

    q.prepare(QStringLiteral("SELECT user_id, username, display_name, role, delivered_seq, "
                             "read_seq, read_at_ms FROM members WHERE conversation_id = ? AND "
                             "active = 1 ORDER BY joined_at_ms, user_id"));
    bind(q, id);
    if (!q.exec())
        return storageFailure(q, "reading members");
    while (q.next()) {
        auto *member = c.add_members();
        member->mutable_user()->set_id(q.value(0).toULongLong());
        member->mutable_user()->set_username(toStd(q.value(1).toString()));
        member->mutable_user()->set_display_name(toStd(q.value(2).toString()));
        member->set_role(proto::MemberRole(q.value(3).toInt()));
        member->set_delivered_seq(q.value(4).toULongLong());
        member->set_read_seq(q.value(5).toULongLong());
        member->set_read_at_ms(q.value(6).toLongLong());
    }
    return c;
}

void ShardStore::cacheConversation(quint64 id, const MessagePage *newestPage)
{
    if (!m_recent)
        return;
    qint64 lastActivityMs = 0;
    auto conversation = readConversation(id, &lastActivityMs);
    if (!conversation.ok() || conversation.value().members_size() == 0)
        return;
    if (newestPage) {
        m_recent->fill(id, newestPage->first, !newestPage->second, conversation.value(),
                       lastActivityMs);
        return;
    }
    // Read as its first member: they may read it (members are the conversation's own).
    const quint64 viewer = conversation.value().members(0).user().id();
    auto page = messages(id, viewer, 0, 0, RecentMessages::kMessagesPerConversation);
    if (page.ok())
        m_recent->fill(id, page.value().first, !page.value().second, conversation.value(),
                       lastActivityMs);
}

Result<MembershipChange> ShardStore::changeMembers(quint64 id, quint64 callerId,
                                                   const QList<UserRow> &add,
                                                   const QList<quint64> &remove, quint32 maxMembers)
{
    proto::MemberRole role = proto::MEMBER;
    if (auto member = requireMember(id, callerId, &role); !member.ok())
        return member.failure();
    auto current = conversation(id, callerId);
    if (!current.ok())
        return current.failure();
    if (current.value().kind() != proto::GROUP)
        return Failure{proto::NOT_A_GROUP,
                       QStringLiteral("members can only be changed in a group")};
    const bool leavingOnly = add.isEmpty() && remove.size() == 1 && remove.front() == callerId;
    if (role != proto::ADMIN && !leavingOnly)
        return Failure{proto::NOT_ADMIN,
                       QStringLiteral("only a group admin can add or remove members")};

    QSet<quint64> members;
    for (const auto &member : current.value().members())
        members.insert(member.user().id());

    MembershipChange change;
    for (const UserRow &user : add) {
        if (!members.contains(user.id) && !change.addedIds.contains(user.id))
            change.addedIds.append(user.id);
    }
    for (quint64 userId : remove) {
        if (members.contains(userId) && !change.removedIds.contains(userId))
            change.removedIds.append(userId);
    }
    if (quint32(members.size() + change.addedIds.size() - change.removedIds.size()) > maxMembers)
        return Failure{proto::GROUP_TOO_LARGE,
                       QStringLiteral("a group may have at most %1 members").arg(maxMembers)};

    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    auto written = inTransaction<Done>(m_db, [&]() -> Result<Done> {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral(
            "INSERT INTO members (conversation_id, user_id, username, display_name, role, "
            "joined_at_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (conversation_id, user_id) DO "
            "UPDATE SET active = 1, role = excluded.role, joined_at_ms = excluded.joined_at_ms"));
        for (const UserRow &user : add) {
            if (!change.addedIds.contains(user.id))
                continue;
            bind(q, id);
            bind(q, user.id);
            bind(q, user.username);
            bind(q, user.displayName);
            bind(q, int(proto::MEMBER));
            bind(q, nowMs);
            if (!q.exec())
                return storageFailure(q, "adding a member");
        }
        q.prepare(QStringLiteral("UPDATE members SET active = 0 WHERE conversation_id = ? AND "
                                 "user_id = ?"));
        for (quint64 userId : change.removedIds) {
            bind(q, id);
            bind(q, userId);
            if (!q.exec())
                return storageFailure(q, "removing a member");
        }
        return Done{};
    });
    if (!written.ok())
        return written.failure();
    // Committed: no read after this may see the old member set (the next one refills it).
    if (m_recent)
        m_recent->invalidate(id);

    // Read back as a member who is still there (the caller may have just left).
    quint64 viewer = callerId;
    if (change.removedIds.contains(callerId)) {
        for (const auto &member : current.value().members()) {
            if (!change.removedIds.contains(member.user().id())) {
                viewer = member.user().id();
                break;
            }
        }
    }
    auto after = conversation(id, viewer);
    if (after.ok()) {
        change.conversation = after.value();
    } else {
        change.conversation = current.value();
        change.conversation.clear_members();
    }
    return change;
}

QList<Result<SendOutcome>> ShardStore::appendBatch(const QList<SendRequest> &batch, qint64 nowMs)
{
    return inOneTransaction<SendOutcome>(
        m_db, batch,
        [&](const SendRequest &request, bool *sqlFailed) {
            return appendOne(request, nowMs, sqlFailed);
        },
        "message not stored");
}

Result<std::optional<QList<quint64>>> ShardStore::checkMember(quint64 id, quint64 userId)
{
    // Members of a cached conversation come from the cache: on the shard thread it is exact.
    std::optional<QList<quint64>> cached = m_recent ? m_recent->members(id) : std::nullopt;
    if (cached)
        return cached->contains(userId) ? Result<std::optional<QList<quint64>>>(cached)
                                        : Result<std::optional<QList<quint64>>>(notAMember(id));
    if (auto member = requireMember(id, userId); !member.ok())
        return member.failure();
    return std::optional<QList<quint64>>();
}

Result<SendOutcome> ShardStore::appendOne(const SendRequest &request, qint64 nowMs, bool *sqlFailed)
{
    // A failed statement leaves the batch's transaction unusable: the caller rolls back.
    auto failed = [sqlFailed](const Failure &failure) {
        *sqlFailed = failure.code == proto::STORAGE_ERROR;
        return failure;
    };
    const auto member = checkMember(request.conversationId, request.senderId);
    if (!member.ok())
        return failed(member.failure());
    // A retry (its client_msg_id is stored already) gets what was stored.
    const auto answerRetry = [&]() -> std::optional<Result<SendOutcome>> {
        const auto retried = findRetried(request);
        if (!retried.ok())
            return failed(retried.failure());
        if (!retried.value())
            return std::nullopt;
        return SendOutcome{*retried.value(), true, {}, std::nullopt};
    };
    if (request.closedByBlock) {
        if (auto answer = answerRetry())
            return *answer;
        return closedByBlock();
    }
    // Stored first, looked up only when its client_msg_id turns out taken: retries are rare,
    // and the unique index checks every send anyway.
    const auto stored = insertMessage(request, nowMs);
    if (!stored.ok())
        return failed(stored.failure());
    if (!stored.value()) {
        if (auto answer = answerRetry())
            return *answer;
        return failed(Failure{proto::STORAGE_ERROR,
                              QStringLiteral("message not stored: its conversation is gone")});
    }
    const StoredAt at = *stored.value();
    if (auto advanced = advanceConversation(request.conversationId, at); !advanced.ok())
        return failed(advanced.failure());
    const quint64 seq = at.seq;
    const qint64 sentAtMs = at.sentAtMs;
    const auto senderCursorMoved = moveSenderCursor(request, seq, nowMs);
    if (!senderCursorMoved.ok())
        return failed(senderCursorMoved.failure());

    SendOutcome outcome;
    if (const auto &cachedMembers = member.value()) {
        outcome.memberIds = *cachedMembers;
        outcome.message.set_sender_username(toStd(request.senderUsername));
    } else if (auto listed = listMembersInto(request, &outcome); !listed.ok()) {
        return failed(listed.failure());
    }
    if (auto queued = queuePushJobs(request, seq, outcome.memberIds, nowMs); !queued.ok())
        return failed(queued.failure());
    if (senderCursorMoved.value()) {
        ReceiptChange cursor;
        cursor.conversationId = request.conversationId;
        cursor.userId = request.senderId;
        cursor.deliveredSeq = seq; // the newest message: nothing lies beyond it
        cursor.readSeq = seq;
        cursor.readAtMs = nowMs;
        cursor.moved = true;
        cursor.memberIds = outcome.memberIds;
        outcome.senderCursor = cursor;
    }
    outcome.message.set_conversation_id(request.conversationId);
    outcome.message.set_seq(seq);
    outcome.message.set_sender_id(request.senderId);
    outcome.message.set_client_msg_id(toStd(request.clientMsgId));
    outcome.message.set_text(toStd(request.text));
    outcome.message.set_sent_at_ms(sentAtMs);
    for (const proto::Attachment &attachment : request.attachments)
        *outcome.message.add_attachments() = attachment;
    return outcome;
}

Result<std::optional<proto::Message>> ShardStore::findRetried(const SendRequest &request)
{
    static const QString retried =
        QStringLiteral("SELECT %1 WHERE m.conversation_id = ? AND m.sender_id = ? AND "
                       "m.client_msg_id = ?")
            .arg(QLatin1String(kMessageColumns));
    Statement q(m_db, retried);
    bind(*q, request.conversationId);
    bind(*q, request.senderId);
    bind(*q, request.clientMsgId);
    if (!q->exec())
        return storageFailure(*q, "checking for a retried message");
    if (q->next())
        return std::optional<proto::Message>(readMessage(*q));
    return std::optional<proto::Message>();
}

Result<std::optional<ShardStore::StoredAt>> ShardStore::insertMessage(const SendRequest &request,
                                                                      qint64 nowMs)
{
    // The seq follows the conversation's last one (the transaction holds the write lock, so
    // no one else takes it). Times never go back within a conversation, even when the clock
    // does (an NTP step): history and search order by them.
    Statement q(m_db, QStringLiteral("INSERT INTO messages (conversation_id, seq, sender_id, "
                                     "client_msg_id, text, sent_at_ms, attachments) SELECT id, "
                                     "last_seq + 1, ?, ?, ?, MAX(last_activity_ms, ?), ? FROM "
                                     "conversations WHERE id = ? ON CONFLICT (conversation_id, "
                                     "sender_id, client_msg_id) DO NOTHING RETURNING seq, "
                                     "sent_at_ms"));
    bind(*q, request.senderId);
    bind(*q, request.clientMsgId);
    bind(*q, request.text);
    bind(*q, nowMs);
    QByteArray attachments; // NULL for none: most messages have none
    if (!request.attachments.isEmpty()) {
        proto::AttachmentList list;
        for (const proto::Attachment &attachment : request.attachments)
            *list.add_attachments() = attachment;
        attachments = QByteArray::fromStdString(list.SerializeAsString());
    }
    q->addBindValue(attachments.isEmpty() ? QVariant() : QVariant(attachments));
    bind(*q, request.conversationId);
    if (!q->exec())
        return storageFailure(*q, "storing a message");
    if (!q->next())
        return std::optional<StoredAt>(); // its client_msg_id is taken: a retry
    const StoredAt stored{q->value(0).toULongLong(), q->value(1).toLongLong()};
    // In the same transaction: a message is findable as soon as it is acknowledged (from the
    // pending list until Shard indexes it, once enough wait, between commits).
    if (auto pending = SearchIndex(m_db).markPending(request.conversationId, stored.seq);
        !pending.ok())
        return pending.failure();
    return std::optional<StoredAt>(stored);
}

Result<Done> ShardStore::advanceConversation(quint64 conversationId, const StoredAt &stored)
{
    Statement q(m_db, QStringLiteral("UPDATE conversations SET last_seq = ?, last_activity_ms = "
                                     "? WHERE id = ?"));
    bind(*q, stored.seq);
    bind(*q, stored.sentAtMs);
    bind(*q, conversationId);
    if (!q->exec())
        return storageFailure(*q, "assigning a seq");
    return Done{};
}

Result<bool> ShardStore::moveSenderCursor(const SendRequest &request, quint64 seq, qint64 nowMs)
{
    // The sender has read everything up to their own message.
    Statement q(m_db, QStringLiteral("UPDATE members SET read_seq = ?, delivered_seq = "
                                     "MAX(delivered_seq, ?), read_at_ms = ? WHERE "
                                     "conversation_id = ? AND user_id = ? AND read_seq < ?"));
    bind(*q, seq);
    bind(*q, seq);
    bind(*q, nowMs);
    bind(*q, request.conversationId);
    bind(*q, request.senderId);
    bind(*q, seq);
    if (!q->exec())
        return storageFailure(*q, "moving the sender's read position");
    return q->numRowsAffected() > 0;
}

Result<Done> ShardStore::listMembersInto(const SendRequest &request, SendOutcome *outcome)
{
    Statement q(m_db, QStringLiteral("SELECT user_id, username FROM members WHERE "
                                     "conversation_id = ? AND active = 1"));
    bind(*q, request.conversationId);
    if (!q->exec())
        return storageFailure(*q, "listing members");
    while (q->next()) {
        const quint64 userId = q->value(0).toULongLong();
        outcome->memberIds.append(userId);
        if (userId == request.senderId)
            outcome->message.set_sender_username(toStd(q->value(1).toString()));
    }
    return Done{};
}

Result<Done> ShardStore::queuePushJobs(const SendRequest &request, quint64 seq,
                                       const QList<quint64> &memberIds, qint64 nowMs)
{
    QList<quint64> offline;
    for (quint64 userId : memberIds)
        if (userId != request.senderId && m_online && !m_online->contains(userId))
            offline.append(userId);
    // Same transaction as the message: a committed message never lacks its push jobs.
    return PushJobStore(m_db).enqueue(request.conversationId, seq, offline, nowMs);
}

Result<proto::ConversationSummary> ShardStore::summary(quint64 id, quint64 callerId)
{
    proto::ConversationSummary summary;
    // A cached conversation answers without SQL when its messages reach back to the caller's
    // read cursor (the unread count is counted over them).
    if (auto cached = m_recent ? m_recent->conversation(id, callerId) : std::nullopt;
        cached && cached->isMember && cached->unread) {
        titleForViewer(cached->conversation, callerId);
        *summary.mutable_conversation() = std::move(cached->conversation);
        summary.set_read_seq(cached->readSeq);
        summary.set_last_activity_ms(cached->lastActivityMs);
        summary.set_unread_count(*cached->unread);
        if (cached->lastMessage.seq() > 0)
            *summary.mutable_last_message() = cached->lastMessage;
        return summary;
    }
    auto conv = conversation(id, callerId);
    if (!conv.ok())
        return conv.failure();
    *summary.mutable_conversation() = conv.value();

    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT m.read_seq, c.last_activity_ms FROM members m JOIN "
                             "conversations c ON c.id = m.conversation_id WHERE "
                             "m.conversation_id = ? AND m.user_id = ?"));
    bind(q, id);
    bind(q, callerId);
    if (!q.exec() || !q.next())
        return storageFailure(q, "reading the read position");
    const quint64 readSeq = q.value(0).toULongLong();
    summary.set_read_seq(readSeq);
    summary.set_last_activity_ms(q.value(1).toLongLong());

    auto unread = unreadCount(id, callerId, readSeq);
    if (!unread.ok())
        return unread.failure();
    summary.set_unread_count(unread.value());

    if (conv.value().last_seq() > 0) {
        q.prepare(QStringLiteral("SELECT %1 WHERE m.conversation_id = ? AND m.seq = ?")
                      .arg(QLatin1String(kMessageColumns)));
        bind(q, id);
        bind(q, quint64(conv.value().last_seq()));
        if (!q.exec())
            return storageFailure(q, "reading the last message");
        if (q.next())
            *summary.mutable_last_message() = readMessage(q);
    }
    return summary;
}

Result<QList<quint64>> ShardStore::activeMembers(const QList<quint64> &conversationIds)
{
    QList<quint64> ids;
    if (conversationIds.isEmpty())
        return ids;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT DISTINCT user_id FROM members WHERE active = 1 AND "
                             "conversation_id IN (%1)")
                  .arg(placeholders(conversationIds.size())));
    for (quint64 id : conversationIds)
        bind(q, id);
    if (!q.exec())
        return storageFailure(q, "listing members");
    while (q.next())
        ids.append(q.value(0).toULongLong());
    return ids;
}

} // namespace natter::server::storage

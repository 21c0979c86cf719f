#include "services/conversation_service.h"

#include "services/storage_rows.h"
#include "storage/storage.h"
#include "validation.h"

#include <QDateTime>
#include <memory>

namespace natter::server::services {

using protocol::fromStd;
using protocol::toStd;
using storage::ShardStore;
using storage::UserRow;
using storage::UserStore;

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QString encodeCursor(const storage::InboxEntry &entry)
{
    return QStringLiteral("%1.%2").arg(entry.lastActivityMs).arg(entry.conversationId);
}

std::optional<storage::InboxEntry> decodeCursor(const QString &cursor, bool *valid)
{
    *valid = true;
    if (cursor.isEmpty())
        return std::nullopt;
    const QStringList parts = cursor.split(QLatin1Char('.'));
    bool okTime = false;
    bool okId = false;
    if (parts.size() == 2) {
        storage::InboxEntry entry;
        entry.lastActivityMs = parts[0].toLongLong(&okTime);
        entry.conversationId = parts[1].toULongLong(&okId);
        if (okTime && okId)
            return entry;
    }
    *valid = false;
    return std::nullopt;
}

QStringList withoutDuplicates(const QStringList &names)
{
    QStringList unique;
    QSet<QString> seen;
    for (const QString &name : names) {
        if (!seen.contains(validation::usernameKey(name))) {
            seen.insert(validation::usernameKey(name));
            unique.append(name);
        }
    }
    return unique;
}

} // namespace

ConversationService::ConversationService(storage::Storage &storage, const protocol::Limits &limits,
                                         QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_limits(limits)
{}

quint32 ConversationService::pageSize(quint32 requested) const
{
    if (requested == 0)
        return qMin<quint32>(50, m_limits.maxPageSize);
    return qMin(requested, m_limits.maxPageSize);
}

void ConversationService::announce(const QList<quint64> &userIds,
                                   proto::ConversationEvent::Change change,
                                   const proto::Conversation &conversation,
                                   const QSet<quint64> &requestsFor)
{
    if (!m_events)
        return;
    for (quint64 userId : userIds) {
        proto::Envelope envelope;
        auto *event = envelope.mutable_conversation_event();
        event->set_change(change);
        event->set_is_request(requestsFor.contains(userId));
        *event->mutable_conversation() = conversation;
        storage::titleForViewer(*event->mutable_conversation(), userId);
        m_events({userId}, envelope);
    }
}

void ConversationService::createDirect(const UserIdentity &caller, const QString &username,
                                       Done<proto::Conversation> done)
{
    using Target = QPair<UserRow, bool>; // the other user; whether they consented to the caller
    m_storage.users<Target>(
        this,
        [username, callerId = caller.id](UserStore &store) -> Result<Target> {
            auto found = store.accounts().usersByName({username});
            if (!found.ok())
                return found.failure();
            if (auto allowed = store.consent().checkMayAdd(callerId, found.value(), false);
                !allowed.ok())
                return allowed.failure();
            const UserRow other = found.value().front();
            auto consented = store.consent().consentedTo(other.id, callerId);
            if (!consented.ok())
                return consented.failure();
            return qMakePair(other, consented.value());
        },
        [this, caller, done](Result<Target> found) {
            if (!found.ok())
                return done(found.failure());
            const UserRow other = found.value().first;
            // From someone the other user has no conversation with: a message request for
            // them (no notifications, no presence either way) until they accept or reply.
            QSet<quint64> requestsFor;
            if (!found.value().second)
                requestsFor.insert(other.id);
            if (other.id == caller.id)
                return done(Failure{proto::INVALID_ARGUMENT,
                                    QStringLiteral("a direct conversation needs another user")});
            const qint64 now = nowMs();
            m_storage.users<storage::DirectPair>(
                this,
                [caller, other, now](UserStore &store) -> Result<storage::DirectPair> {
                    auto pair = store.inbox().directConversation(caller.id, other.id, now);
                    if (!pair.ok())
                        return pair;
                    // Read in the same job: a block made meanwhile is seen here or, after
                    // this job, by the block's own update.
                    auto closed = store.consent().blockedEitherWay(caller.id, other.id);
                    if (!closed.ok())
                        return closed.failure();
                    pair.value().closed = closed.value();
                    return pair;
                },
                [this, caller, other, requestsFor, done](Result<storage::DirectPair> pair) {
                    if (!pair.ok())
                        return done(pair.failure());
                    if (pair.value().closed)
                        m_storage.closedConversations().set(pair.value().conversationId, true);
                    // Always (idempotently) create the shard row: a crash between the two
                    // steps is healed by the next request for the same pair.
                    createConversation(pair.value().conversationId, proto::DIRECT, QString(),
                                       caller, {other}, requestsFor, done);
                });
        });
}

void ConversationService::createGroup(const UserIdentity &caller, const QString &rawTitle,
                                      const QStringList &usernames, Done<proto::Conversation> done)
{
    const QString title = validation::cleanDisplayText(rawTitle);
    if (const QString problem = validation::groupTitleProblem(title); !problem.isEmpty())
        return done(Failure{proto::INVALID_ARGUMENT, problem});
    QStringList names = withoutDuplicates(usernames);
    names.removeIf([&](const QString &name) {
        return validation::usernameKey(name) == validation::usernameKey(caller.username);
    });
    if (quint32(names.size() + 1) > m_limits.maxGroupMembers)
        return done(Failure{
            proto::GROUP_TOO_LARGE,
            QStringLiteral("a group may have at most %1 members").arg(m_limits.maxGroupMembers)});
    const qint64 now = nowMs();
    m_storage.users<QPair<QList<UserRow>, quint64>>(
        this,
        [names, now,
         callerId = caller.id](UserStore &store) -> Result<QPair<QList<UserRow>, quint64>> {
            auto members = store.accounts().usersByName(names);
            if (!members.ok())
                return members.failure();
            if (auto allowed = store.consent().checkMayAdd(callerId, members.value(), true);
                !allowed.ok())
                return allowed.failure();
            auto id = store.inbox().allocateGroupConversation(now);
            if (!id.ok())
                return id.failure();
            return qMakePair(members.value(), id.value());
        },
        [this, caller, title, done](Result<QPair<QList<UserRow>, quint64>> allocated) {
            if (!allocated.ok())
                return done(allocated.failure());
            createConversation(allocated.value().second, proto::GROUP, title.trimmed(), caller,
                               allocated.value().first, {}, done);
        });
}

void ConversationService::createConversation(quint64 id, proto::ConversationKind kind,
                                             const QString &title, const UserIdentity &caller,
                                             const QList<UserRow> &others,
                                             const QSet<quint64> &requestsFor,
                                             Done<proto::Conversation> done)
{
    QList<storage::NewMember> members{
        {rowOf(caller), kind == proto::GROUP ? proto::ADMIN : proto::MEMBER}};
    QList<quint64> memberIds{caller.id};
    for (const UserRow &user : others) {
        members.append({user, proto::MEMBER});
        memberIds.append(user.id);
    }
    const qint64 now = nowMs();
    m_storage.shard<proto::Conversation>(
        id, this,
        [id, kind, title, members, now](ShardStore &store) {
            return store.createConversation(id, kind, title, members, now);
        },
        [this, id, caller, memberIds, requestsFor, now, done](Result<proto::Conversation> created) {
            if (!created.ok())
                return done(created.failure());
            const proto::Conversation conversation = created.value();
            m_storage.users<natter::Done>(
                this,
                [memberIds, id, now, requestsFor, callerId = caller.id](UserStore &store) {
                    return store.inbox().addToInbox(memberIds, id, now, requestsFor, callerId);
                },
                [this, caller, memberIds, conversation, requestsFor,
                 done](Result<natter::Done> listed) {
                    if (!listed.ok())
                        return done(listed.failure());
                    // Every member hears of it, the caller too: their other devices.
                    announce(memberIds, proto::ConversationEvent::CREATED, conversation,
                             requestsFor);
                    proto::Conversation mine = conversation;
                    storage::titleForViewer(mine, caller.id);
                    done(mine);
                });
        });
}

void ConversationService::changeMembers(const UserIdentity &caller, quint64 conversationId,
                                        const QStringList &add, const QStringList &remove,
                                        Done<proto::Conversation> done)
{
    if (add.isEmpty() && remove.isEmpty())
        return done(Failure{proto::INVALID_ARGUMENT, QStringLiteral("name at least one user")});
    const QStringList addNames = withoutDuplicates(add);
    const QStringList removeNames = withoutDuplicates(remove);
    m_storage.users<QPair<QList<UserRow>, QList<UserRow>>>(
        this,
        [addNames, removeNames,
         callerId = caller.id](UserStore &store) -> Result<QPair<QList<UserRow>, QList<UserRow>>> {
            auto added = store.accounts().usersByName(addNames);
            if (!added.ok())
                return added.failure();
            if (auto allowed = store.consent().checkMayAdd(callerId, added.value(), true);
                !allowed.ok())
                return allowed.failure();
            auto removed = store.accounts().usersByName(removeNames);
            if (!removed.ok())
                return removed.failure();
            return qMakePair(added.value(), removed.value());
        },
        [this, caller, conversationId, done](auto users) {
            if (!users.ok())
                return done(users.failure());
            const QList<UserRow> addUsers = users.value().first;
            QList<quint64> removeIds;
            for (const UserRow &user : users.value().second)
                removeIds.append(user.id);
            const quint32 max = m_limits.maxGroupMembers;
            m_storage.shard<storage::MembershipChange>(
                conversationId, this,
                [conversationId, caller, addUsers, removeIds, max](ShardStore &store) {
                    // Drops the cached conversation in the same job as the commit.
                    return store.changeMembers(conversationId, caller.id, addUsers, removeIds, max);
                },
                [this, conversationId, done](Result<storage::MembershipChange> change) {
                    if (!change.ok())
                        return done(change.failure());
                    const storage::MembershipChange c = change.value();
                    // At once, not after the inbox update: nothing more may reach them.
                    if (!c.removedIds.isEmpty())
                        emit membersRemoved(c.conversation.id(), c.removedIds);
                    const qint64 now = nowMs();
                    m_storage.users<natter::Done>(
                        this,
                        [c, conversationId, now](UserStore &store) -> Result<natter::Done> {
                            auto added = store.inbox().addToInbox(c.addedIds, conversationId, now);
                            if (!added.ok())
                                return added;
                            return store.inbox().removeFromInbox(c.removedIds, conversationId);
                        },
                        [this, c, done](Result<natter::Done> listed) {
                            if (!listed.ok())
                                return done(listed.failure());
                            QList<quint64> stayed;
                            for (const auto &member : c.conversation.members()) {
                                if (!c.addedIds.contains(member.user().id()))
                                    stayed.append(member.user().id());
                            }
                            announce(c.addedIds, proto::ConversationEvent::CREATED, c.conversation);
                            announce(stayed, proto::ConversationEvent::MEMBERS_CHANGED,
                                     c.conversation);
                            announce(c.removedIds, proto::ConversationEvent::REMOVED,
                                     c.conversation);
                            done(c.conversation);
                        });
                });
        });
}

void ConversationService::conversations(const UserIdentity &caller, const QString &cursor,
                                        quint32 limit, Done<proto::ConversationsReply> done)
{
    bool valid = false;
    const auto after = decodeCursor(cursor, &valid);
    if (!valid)
        return done(Failure{proto::INVALID_ARGUMENT,
                            QStringLiteral("malformed cursor; pass next_cursor unchanged")});
    const int size = int(pageSize(limit));
    m_storage.readUsers<QList<storage::InboxEntry>>(
        caller.id, this,
        [caller, after, size](UserStore &store) {
            return store.inbox().page(caller.id, after, size + 1);
        },
        [this, caller, size, done](Result<QList<storage::InboxEntry>> page) {
            if (!page.ok())
                return done(page.failure());
            QList<storage::InboxEntry> entries = page.value();
            auto reply = std::make_shared<proto::ConversationsReply>();
            if (entries.size() > size) {
                entries.resize(size);
                reply->set_next_cursor(toStd(encodeCursor(entries.back())));
            }
            if (entries.isEmpty())
                return done(*reply);
            // One summary per conversation from its shard, gathered back in inbox order.
            auto summaries = std::make_shared<QList<proto::ConversationSummary>>(entries.size());
            auto pending = std::make_shared<qsizetype>(entries.size());
            auto failed = std::make_shared<std::optional<Failure>>();
            for (qsizetype i = 0; i < entries.size(); ++i) {
                const quint64 id = entries[i].conversationId;
                const bool request = entries[i].request;
                m_storage.readShard<proto::ConversationSummary>(
                    id, caller.id, this,
                    [id, caller](ShardStore &store) { return store.summary(id, caller.id); },
                    [i, request, summaries, pending, failed, reply, done](auto summary) {
                        if (summary.ok()) {
                            (*summaries)[i] = summary.value();
                            (*summaries)[i].set_is_request(request);
                        } else if (!failed->has_value())
                            *failed = summary.failure();
                        if (--*pending > 0)
                            return;
                        if (failed->has_value())
                            return done(failed->value());
                        for (const auto &s : *summaries)
                            *reply->add_conversations() = s;
                        done(*reply);
                    });
            }
        });
}

void ConversationService::messagesAround(const UserIdentity &caller, quint64 conversationId,
                                         quint64 seq, quint32 limit,
                                         Done<proto::MessagesReply> done)
{
    const int size = int(pageSize(limit));
    m_storage.readShard<storage::AroundPage>(
        conversationId, caller.id, this,
        [=](ShardStore &store) {
            return store.messagesAround(conversationId, caller.id, seq, size);
        },
        [done](Result<storage::AroundPage> page) {
            if (!page.ok())
                return done(page.failure());
            proto::MessagesReply reply =
                protocol::messagesReply(page.value().messages, page.value().hasOlder);
            reply.set_has_more_after(page.value().hasNewer);
            done(reply);
        });
}

void ConversationService::messages(const UserIdentity &caller, quint64 conversationId,
                                   quint64 beforeSeq, quint64 afterSeq, quint32 limit,
                                   Done<MessagesPage> done)
{
    if (beforeSeq > 0 && afterSeq > 0)
        return done(Failure{proto::INVALID_ARGUMENT,
                            QStringLiteral("give before_seq or after_seq, not both")});
    const int size = int(pageSize(limit));
    auto reply = [done](const QList<proto::Message> &messages, bool hasMore) {
        done(MessagesPage{protocol::messagesReply(messages, hasMore), nullptr});
    };
    const bool newest = beforeSeq == 0 && afterSeq == 0;
    storage::RecentMessages &recent = m_storage.recentMessages();
    if (newest) {
        bool isMember = false;
        if (auto page = recent.newestEncoded(conversationId, caller.id, size, &isMember)) {
            if (!isMember)
                return done(Failure{
                    proto::NOT_A_MEMBER,
                    QStringLiteral("you are not a member of conversation %1").arg(conversationId)});
            if (page->encoded)
                return done(MessagesPage{{}, page->encoded});
            return reply(page->messages, page->hasMore);
        }
    }
    // The newest page is read at the cache's size and kept there (on the shard thread, in
    // commit order); the caller gets the part it asked for.
    const int readSize =
        newest ? std::max(size, storage::RecentMessages::kMessagesPerConversation) : size;
    m_storage.readShard<storage::MessagePage>(
        conversationId, caller.id, this,
        [=, &recent](ShardStore &store) -> Result<storage::MessagePage> {
            auto page = store.messages(conversationId, caller.id, beforeSeq, afterSeq, readSize);
            if (page.ok() && newest && !recent.contains(conversationId))
                store.cacheConversation(conversationId, &page.value());
            return page;
        },
        [done, reply, size](Result<storage::MessagePage> page) {
            if (!page.ok())
                return done(page.failure());
            // Only a newest page was read larger than asked: keep its newest `size`.
            const QList<proto::Message> &all = page.value().first;
            const qsizetype first = std::max<qsizetype>(0, all.size() - size);
            reply(all.mid(first), page.value().second || first > 0);
        });
}

} // namespace natter::server::services

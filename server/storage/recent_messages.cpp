#include "storage/recent_messages.h"

#include "protocol.h"

namespace natter::server::storage {

RecentMessages::RecentMessages(int maxConversations)
    : m_entries(qMax(1, maxConversations))
{}

std::optional<RecentMessages::Page> RecentMessages::page(quint64 conversationId, quint64 userId,
                                                         int limit, bool *isMember,
                                                         bool encodeWhole)
{
    std::lock_guard lock(m_mutex);
    Entry *entry = m_entries.object(conversationId); // also marks it recently used
    if (!entry || (limit > entry->messages.size() && !entry->startReached)) {
        ++m_misses;
        return std::nullopt;
    }
    ++m_hits;
    *isMember = entry->members.contains(userId);
    Page result;
    if (!*isMember)
        return result;
    const qsizetype first = std::max<qsizetype>(0, entry->messages.size() - limit);
    if (first > 0 || !encodeWhole) {
        result.messages = entry->messages.mid(first);
        result.hasMore = first > 0 || !entry->startReached;
        return result;
    }
    // The common case (a conversation opened at the default page size): every reader until
    // the next message gets the same bytes, instead of copying and encoding 50 messages each.
    if (!entry->encodedPage) {
        const proto::MessagesReply reply =
            protocol::messagesReply(entry->messages, !entry->startReached);
        auto bytes =
            std::make_shared<QByteArray>(qsizetype(reply.ByteSizeLong()), Qt::Uninitialized);
        reply.SerializeToArray(bytes->data(), int(bytes->size()));
        entry->encodedPage = std::move(bytes);
    }
    result.encoded = entry->encodedPage;
    result.hasMore = !entry->startReached;
    return result;
}

std::optional<QList<quint64>> RecentMessages::members(quint64 conversationId) const
{
    std::lock_guard lock(m_mutex);
    const Entry *entry = m_entries.object(conversationId); // a send is a use, too
    if (!entry)
        return std::nullopt;
    return QList<quint64>(entry->members.cbegin(), entry->members.cend());
}

bool RecentMessages::contains(quint64 conversationId) const
{
    std::lock_guard lock(m_mutex);
    return m_entries.contains(conversationId);
}

std::optional<RecentMessages::Conversation> RecentMessages::conversation(quint64 conversationId,
                                                                         quint64 viewerId) const
{
    std::lock_guard lock(m_mutex);
    const Entry *entry = m_entries.object(conversationId);
    if (!entry || !entry->conversation)
        return std::nullopt;
    Conversation c;
    c.conversation = *entry->conversation;
    c.lastActivityMs = entry->lastActivityMs;
    if (!entry->messages.isEmpty())
        c.lastMessage = entry->messages.back();
    for (const auto &member : entry->conversation->members()) {
        if (member.user().id() == viewerId) {
            c.isMember = true;
            c.readSeq = member.read_seq();
        }
    }
    c.unread = unreadIn(*entry, viewerId, c.readSeq);
    return c;
}

std::optional<quint64> RecentMessages::unread(quint64 conversationId, quint64 userId,
                                              quint64 readSeq) const
{
    std::lock_guard lock(m_mutex);
    const Entry *entry = m_entries.object(conversationId);
    return entry ? unreadIn(*entry, userId, readSeq) : std::nullopt;
}

std::optional<quint64> RecentMessages::unreadIn(const Entry &entry, quint64 userId, quint64 readSeq)
{
    const bool reachesCursor = entry.startReached || (!entry.messages.isEmpty() &&
                                                      entry.messages.front().seq() <= readSeq + 1);
    if (!reachesCursor)
        return std::nullopt; // unread messages older than the cache
    quint64 unread = 0;
    for (const proto::Message &m : entry.messages)
        if (m.seq() > readSeq && m.sender_id() != userId)
            ++unread;
    return unread;
}

void RecentMessages::fill(quint64 conversationId, const QList<proto::Message> &newest,
                          bool startReached, const proto::Conversation &conversation,
                          qint64 lastActivityMs)
{
    QList<quint64> members;
    for (const auto &member : conversation.members())
        members.append(member.user().id());
    std::lock_guard lock(m_mutex);
    if (Entry *entry = insert(conversationId, newest, startReached, members)) {
        entry->conversation = conversation;
        entry->lastActivityMs = lastActivityMs;
    }
}

void RecentMessages::fill(quint64 conversationId, const QList<proto::Message> &newest,
                          bool startReached, const QList<quint64> &members)
{
    std::lock_guard lock(m_mutex);
    insert(conversationId, newest, startReached, members);
}

RecentMessages::Entry *RecentMessages::insert(quint64 conversationId,
                                              const QList<proto::Message> &newest,
                                              bool startReached, const QList<quint64> &members)
{
    auto *entry = new Entry;
    entry->messages = newest.mid(std::max<qsizetype>(0, newest.size() - kMessagesPerConversation));
    entry->startReached = startReached && entry->messages.size() == newest.size();
    entry->members = QSet<quint64>(members.cbegin(), members.cend());
    // QCache deletes what it cannot hold.
    return m_entries.insert(conversationId, entry) ? entry : nullptr;
}

void RecentMessages::moveCursors(quint64 conversationId, quint64 userId, quint64 deliveredSeq,
                                 quint64 readSeq, qint64 readAtMs)
{
    std::lock_guard lock(m_mutex);
    Entry *entry = m_entries.object(conversationId);
    if (!entry || !entry->conversation)
        return;
    for (auto &member : *entry->conversation->mutable_members()) {
        if (member.user().id() == userId) {
            member.set_delivered_seq(deliveredSeq);
            member.set_read_seq(readSeq);
            member.set_read_at_ms(readAtMs);
        }
    }
}

void RecentMessages::append(const proto::Message &message)
{
    std::lock_guard lock(m_mutex);
    Entry *entry = m_entries.object(message.conversation_id());
    if (!entry)
        return;
    const quint64 expected = entry->messages.isEmpty() ? 1 : entry->messages.back().seq() + 1;
    if (message.seq() < expected)
        return; // already there
    if (message.seq() > expected || (entry->messages.isEmpty() && !entry->startReached)) {
        m_entries.remove(message.conversation_id()); // cannot happen in commit order; be safe
        return;
    }
    entry->messages.append(message);
    entry->encodedPage.reset();
    if (entry->conversation) {
        entry->conversation->set_last_seq(message.seq());
        entry->lastActivityMs = message.sent_at_ms();
    }
    if (entry->messages.size() > kMessagesPerConversation) {
        entry->messages.removeFirst();
        entry->startReached = false;
    }
}

void RecentMessages::invalidate(quint64 conversationId)
{
    std::lock_guard lock(m_mutex);
    m_entries.remove(conversationId);
}

int RecentMessages::size() const
{
    std::lock_guard lock(m_mutex);
    return int(m_entries.size());
}

} // namespace natter::server::storage

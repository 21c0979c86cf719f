#include "typing_tracker.h"

namespace natter::client {

namespace {
constexpr int kDefaultExpiryMs = 6000;
}

TypingTracker::TypingTracker(Client &client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    m_clock.start();
    m_expiry.setInterval(500);
    connect(&m_expiry, &QTimer::timeout, this, &TypingTracker::expire);
    connect(&client, &Client::typingChanged, this, &TypingTracker::onTyping);
    connect(&client, &Client::messageReceived, this, &TypingTracker::onMessage);
}

QList<quint64> TypingTracker::typists(quint64 conversationId) const
{
    QList<quint64> ids;
    for (const auto &entry : m_typists.value(conversationId))
        ids.append(entry.first);
    return ids;
}

QString TypingTracker::describe(const QStringList &names)
{
    switch (names.size()) {
    case 0:
        return {};
    case 1:
        return tr("%1 is typing…").arg(names[0]);
    case 2:
        return tr("%1 and %2 are typing…").arg(names[0], names[1]);
    default:
        return tr("Several people are typing…");
    }
}

void TypingTracker::onTyping(const proto::TypingEvent &event)
{
    const quint64 conversationId = event.conversation_id();
    if (!event.typing())
        return remove(conversationId, event.user_id());
    const int expiry = event.expires_in_ms() > 0 ? int(event.expires_in_ms()) : kDefaultExpiryMs;
    const qint64 deadline = m_clock.elapsed() + expiry;
    auto &list = m_typists[conversationId];
    for (auto &entry : list) {
        if (entry.first == event.user_id()) {
            entry.second = deadline; // still typing: nothing visible changes
            return;
        }
    }
    list.append({event.user_id(), deadline});
    if (!m_expiry.isActive())
        m_expiry.start();
    emit typistsChanged(conversationId);
}

void TypingTracker::onMessage(const proto::Message &message)
{
    remove(message.conversation_id(), message.sender_id());
}

void TypingTracker::remove(quint64 conversationId, quint64 userId)
{
    auto it = m_typists.find(conversationId);
    if (it == m_typists.end())
        return;
    const auto removed =
        it->removeIf([userId](const auto &entry) { return entry.first == userId; });
    if (it->isEmpty())
        m_typists.erase(it);
    if (removed > 0)
        emit typistsChanged(conversationId);
}

void TypingTracker::expire()
{
    const qint64 now = m_clock.elapsed();
    QList<quint64> changed;
    for (auto it = m_typists.begin(); it != m_typists.end();) {
        if (it->removeIf([now](const auto &entry) { return entry.second <= now; }) > 0)
            changed.append(it.key());
        it = it->isEmpty() ? m_typists.erase(it) : std::next(it);
    }
    if (m_typists.isEmpty())
        m_expiry.stop();
    for (quint64 id : changed)
        emit typistsChanged(id);
}

void TypingTracker::userTyped(quint64 conversationId)
{
    const qint64 now = m_clock.elapsed();
    if (conversationId == m_announcedIn && m_announcedAt >= 0 && now - m_announcedAt < kRepeatMs)
        return;
    if (m_announcedIn != 0 && m_announcedIn != conversationId)
        userStopped(m_announcedIn);
    m_announcedIn = conversationId;
    m_announcedAt = now;
    m_client.sendTyping(conversationId, true, [](Result<Done>) {});
}

void TypingTracker::userStopped(quint64 conversationId)
{
    if (conversationId != m_announcedIn || m_announcedAt < 0)
        return;
    m_announcedAt = -1;
    m_announcedIn = 0;
    m_client.sendTyping(conversationId, false, [](Result<Done>) {});
}

} // namespace natter::client

#include "services/typing_service.h"

#include "services/storage_rows.h"
#include "storage/storage.h"

#include <QDateTime>

namespace natter::server::services {

using storage::ShardStore;

TypingService::TypingService(storage::Storage &storage, int expiryMs, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_expiryMs(expiryMs)
{
    // Runs only while someone is typing.
    m_expiryTimer.setInterval(std::max(50, expiryMs / 6));
    connect(&m_expiryTimer, &QTimer::timeout, this, &TypingService::expire);
}

void TypingService::report(const UserIdentity &caller, quint64 conversationId, bool typing,
                           Done<natter::Done> done)
{
    if (conversationId == 0)
        return done(Failure{proto::INVALID_ARGUMENT, QStringLiteral("conversation_id is missing")});
    const auto key = qMakePair(conversationId, caller.id);
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    if (!typing) {
        done(natter::Done{});
        m_checking.remove(key); // a membership check in flight must not start it afterwards
        end(key);
        return;
    }
    const bool closed = m_storage.closedConversations().contains(conversationId);
    // A repeat refreshes the expiry. Membership is checked again once per expiry period, so
    // a removed member's reports stop and the recipients follow member changes.
    if (auto it = m_typing.find(key);
        it != m_typing.end() && nowMs - it->checkedAtMs < m_expiryMs) {
        if (closed) { // a member (checked): they may learn of the block
            end(key);
            return done(storage::closedByBlock());
        }
        it->expiresAtMs = nowMs + m_expiryMs;
        done(natter::Done{});
        return broadcast(conversationId, caller.id, true, it->otherMembers);
    }
    if (m_checking.contains(key))
        return done(natter::Done{});
    m_checking.insert(key);
    const quint64 userId = caller.id;
    m_storage.shard<proto::Conversation>(
        conversationId, this,
        [conversationId, userId](ShardStore &store) {
            return store.conversation(conversationId, userId);
        },
        [this, key, done](Result<proto::Conversation> conversation) {
            if (!m_checking.remove(key))
                return done(natter::Done{}); // stopped, or the message came, meanwhile
            if (!conversation.ok()) {
                end(key); // e.g. no longer a member
                return done(conversation.failure());
            }
            // Only members hear of a block.
            if (m_storage.closedConversations().contains(key.first)) {
                end(key);
                return done(storage::closedByBlock());
            }
            done(natter::Done{});
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            Typist typist{now + m_expiryMs, now, {}};
            for (const auto &member : conversation.value().members()) {
                if (member.user().id() != key.second)
                    typist.otherMembers.append(member.user().id());
            }
            m_typing.insert(key, typist);
            if (!m_expiryTimer.isActive())
                m_expiryTimer.start();
            broadcast(key.first, key.second, true, typist.otherMembers);
        });
}

void TypingService::end(const QPair<quint64, quint64> &key)
{
    const auto it = m_typing.find(key);
    if (it == m_typing.end())
        return;
    const QList<quint64> recipients = it->otherMembers;
    m_typing.erase(it);
    broadcast(key.first, key.second, false, recipients);
}

void TypingService::messageSent(quint64 conversationId, quint64 userId)
{
    const auto key = qMakePair(conversationId, userId);
    m_checking.remove(key);
    end(key);
}

void TypingService::membersRemoved(quint64 conversationId, const QList<quint64> &userIds)
{
    for (quint64 userId : userIds) {
        const auto key = qMakePair(conversationId, userId);
        m_checking.remove(key);
        end(key);
    }
    for (auto it = m_typing.begin(); it != m_typing.end(); ++it) {
        if (it.key().first != conversationId)
            continue;
        it->otherMembers.removeIf([&userIds](quint64 id) { return userIds.contains(id); });
    }
}

void TypingService::broadcast(quint64 conversationId, quint64 userId, bool typing,
                              const QList<quint64> &recipients)
{
    if (!m_events)
        return;
    proto::Envelope event;
    auto *body = event.mutable_typing_event();
    body->set_conversation_id(conversationId);
    body->set_user_id(userId);
    body->set_typing(typing);
    if (typing)
        body->set_expires_in_ms(quint32(m_expiryMs));
    m_events(recipients, event);
}

void TypingService::expire()
{
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    for (auto it = m_typing.begin(); it != m_typing.end();) {
        if (it->expiresAtMs > nowMs) {
            ++it;
            continue;
        }
        const auto key = it.key();
        const QList<quint64> recipients = it->otherMembers;
        it = m_typing.erase(it);
        broadcast(key.first, key.second, false, recipients);
    }
    if (m_typing.isEmpty())
        m_expiryTimer.stop();
}

} // namespace natter::server::services

#include "services/presence_service.h"

#include "services/contacts.h"

#include "services/storage_rows.h"
#include "storage/storage.h"

#include "support/logging.h"

#include <QDateTime>
#include <QSet>

namespace natter::server::services {

using storage::ShardStore;
using storage::UserStore;

PresenceService::PresenceService(storage::Storage &storage, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
{}

proto::PresenceState PresenceService::state(quint64 userId) const
{
    const auto it = m_sessions.constFind(userId);
    if (it == m_sessions.constEnd() || it->isEmpty())
        return proto::OFFLINE;
    for (bool away : *it) {
        if (!away)
            return proto::ONLINE;
    }
    return proto::AWAY;
}

void PresenceService::sessionStarted(quint64 userId, quint64 sessionId)
{
    const auto before = state(userId);
    m_sessions[userId].insert(sessionId, false);
    m_storage.onlineUsers().set(userId, true);
    changed(userId, before);
}

void PresenceService::sessionEnded(quint64 userId, quint64 sessionId)
{
    const auto before = state(userId);
    auto it = m_sessions.find(userId);
    if (it == m_sessions.end())
        return;
    it->remove(sessionId);
    if (it->isEmpty()) {
        m_sessions.erase(it);
        m_storage.onlineUsers().set(userId, false);
    }
    changed(userId, before);
}

void PresenceService::setAway(quint64 userId, quint64 sessionId, bool away)
{
    const auto before = state(userId);
    auto it = m_sessions.find(userId);
    if (it == m_sessions.end() || !it->contains(sessionId))
        return;
    (*it)[sessionId] = away;
    changed(userId, before);
}

void PresenceService::changed(quint64 userId, proto::PresenceState before)
{
    const auto now = state(userId);
    if (now == before)
        return;
    if (now == proto::OFFLINE) {
        const qint64 lastSeenMs = QDateTime::currentMSecsSinceEpoch();
        m_storage.users<natter::Done>(
            this,
            [userId, lastSeenMs](UserStore &store) {
                return store.accounts().setLastSeen(userId, lastSeenMs);
            },
            [](Result<natter::Done> saved) {
                if (!saved.ok())
                    qCWarning(lcStorage) << "last seen not saved:" << saved.failure().message;
            });
    }
    // Queued after the save on the same store thread: it reads the time just written.
    announce(userId, now);
}

void PresenceService::shutdown()
{
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    for (auto it = m_sessions.cbegin(); it != m_sessions.cend(); ++it) {
        const quint64 userId = it.key();
        // Still "online" for the commits that drain after this: they reached these users
        // live, so they need no push job.
        m_storage.users<natter::Done>(
            this,
            [userId, nowMs](UserStore &store) {
                return store.accounts().setLastSeen(userId, nowMs);
            },
            [](Result<natter::Done>) {});
    }
    m_sessions.clear();
    m_events = nullptr;
}

void PresenceService::republish(quint64 userId)
{
    announce(userId, state(userId));
}

void PresenceService::announce(quint64 userId, proto::PresenceState presenceState)
{
    if (!m_events)
        return;
    // Last seen and whether it is hidden come from the stored row, read once.
    m_storage.users<QList<storage::LastSeen>>(
        this, [userId](UserStore &store) { return store.accounts().lastSeen({userId}); },
        [this, userId, presenceState](auto rows) {
            const storage::LastSeen row = rows.ok() && !rows.value().isEmpty()
                                              ? rows.value().front()
                                              : storage::LastSeen{userId, 0, true};
            contactsOf(m_storage, this, userId, [this, userId, presenceState, row](auto contacts) {
                // Shut down meanwhile, or the state changed again (that change is announced).
                if (!m_events || state(userId) != presenceState)
                    return;
                if (!contacts.ok()) {
                    qCWarning(lcStorage) << "presence not sent:" << contacts.failure().message;
                    return;
                }
                proto::Envelope event;
                auto *presence = event.mutable_presence_event()->mutable_presence();
                presence->set_user_id(userId);
                presence->set_state(presenceState);
                if (presenceState == proto::OFFLINE && !row.hidden)
                    presence->set_last_seen_ms(row.lastSeenMs);
                m_events(contacts.value(), event);
            });
        });
}

void PresenceService::presence(const UserIdentity &caller, const QList<quint64> &userIds,
                               Done<proto::PresenceReply> done)
{
    if (userIds.size() > 1000)
        return done(Failure{proto::INVALID_ARGUMENT,
                            QStringLiteral("ask for at most 1000 users at a time")});
    contactsOf(m_storage, this, caller.id, [this, userIds, done](Result<QList<quint64>> contacts) {
        if (!contacts.ok())
            return done(contacts.failure());
        const QSet<quint64> shared(contacts.value().cbegin(), contacts.value().cend());
        QList<quint64> visible;
        for (quint64 id : userIds) {
            if (shared.contains(id) && !visible.contains(id))
                visible.append(id);
        }
        m_storage.users<QList<storage::LastSeen>>(
            this, [visible](UserStore &store) { return store.accounts().lastSeen(visible); },
            [this, done](Result<QList<storage::LastSeen>> rows) {
                if (!rows.ok())
                    return done(rows.failure());
                proto::PresenceReply reply;
                for (const storage::LastSeen &row : rows.value()) {
                    auto *presence = reply.add_presences();
                    presence->set_user_id(row.userId);
                    presence->set_state(state(row.userId));
                    if (presence->state() == proto::OFFLINE && !row.hidden)
                        presence->set_last_seen_ms(row.lastSeenMs);
                }
                done(reply);
            });
    });
}

} // namespace natter::server::services

#pragma once

#include <QSet>
#include <shared_mutex>

namespace natter::server::storage {

/// Who has a live session right now. Written by the presence service on the main thread, read
/// by the shard threads when a commit decides who gets a push job.
class OnlineUsers {
public:
    void set(quint64 userId, bool online)
    {
        std::unique_lock lock(m_mutex);
        if (online)
            m_users.insert(userId);
        else
            m_users.remove(userId);
    }
    [[nodiscard]] bool contains(quint64 userId) const
    {
        std::shared_lock lock(m_mutex);
        return m_users.contains(userId);
    }

private:
    mutable std::shared_mutex m_mutex;
    QSet<quint64> m_users;
};

} // namespace natter::server::storage

#pragma once

#include <QSet>
#include <shared_mutex>

namespace natter::server::storage {

/// A set of ids that one thread writes and others read.
class SharedIdSet {
public:
    void set(quint64 id, bool member)
    {
        std::unique_lock lock(m_mutex);
        if (member)
            m_ids.insert(id);
        else
            m_ids.remove(id);
    }
    [[nodiscard]] bool contains(quint64 id) const
    {
        std::shared_lock lock(m_mutex);
        return m_ids.contains(id);
    }

private:
    mutable std::shared_mutex m_mutex;
    QSet<quint64> m_ids;
};

/// Who has a live session right now. Written by the presence service on the main thread, read
/// by the shard threads when a commit decides who gets a push job.
using OnlineUsers = SharedIdSet;

/// Direct conversations between two users one of whom blocked the other: nobody writes in
/// them until the block is lifted. Loaded at start, kept by the settings service.
using ClosedConversations = SharedIdSet;

} // namespace natter::server::storage

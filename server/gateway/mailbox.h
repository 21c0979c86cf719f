#pragma once

#include <QMutex>
#include <QMutexLocker>
#include <utility>
#include <vector>

namespace natter::server::gateway {

/// A queue between two threads that wakes its reader once per batch, not once per item: the
/// writer learns from put() whether the box was empty (and the reader therefore needs a
/// wake-up); the reader takes everything at once. Under load items pile up while the reader
/// works, so one cross-thread wake-up carries many of them.
template <typename T> class Mailbox {
public:
    /// True when the box was empty before: the caller must wake the reader.
    [[nodiscard]] bool put(T item)
    {
        QMutexLocker lock(&m_mutex);
        m_items.push_back(std::move(item));
        return m_items.size() == 1;
    }

    /// Appends all of `items` under one lock; true when the box was empty before.
    [[nodiscard]] bool putAll(std::vector<T> &items)
    {
        QMutexLocker lock(&m_mutex);
        const bool wasEmpty = m_items.empty();
        for (T &item : items)
            m_items.push_back(std::move(item));
        items.clear();
        return wasEmpty && !m_items.empty();
    }

    /// Everything put so far, oldest first; the box is empty afterwards.
    [[nodiscard]] std::vector<T> takeAll()
    {
        std::vector<T> taken;
        QMutexLocker lock(&m_mutex);
        taken.swap(m_items);
        return taken;
    }

private:
    QMutex m_mutex;
    std::vector<T> m_items;
};

} // namespace natter::server::gateway

#include "storage/inbox_write_behind.h"

#include "storage/sql_worker.h"
#include "storage/user_store.h"
#include "support/logging.h"

namespace natter::server::storage {

InboxWriteBehind::InboxWriteBehind(SqlWorker &users)
    : m_users(users)
{}

void InboxWriteBehind::add(const QList<InboxEntry> &activity)
{
    {
        std::lock_guard lock(m_mutex);
        for (const InboxEntry &entry : activity) {
            InboxEntry &waiting = m_waiting[{entry.conversationId, entry.senderId}];
            if (waiting.conversationId == 0 || entry.lastActivityMs > waiting.lastActivityMs)
                waiting = entry;
        }
        if (m_waiting.isEmpty() || std::exchange(m_queued, true))
            return; // the batch already queued takes these too
    }
    m_users.post([this](QSqlDatabase &db) { apply(db); }, "inbox order batch");
}

qsizetype InboxWriteBehind::waiting() const
{
    std::lock_guard lock(m_mutex);
    return m_waiting.size();
}

void InboxWriteBehind::apply(QSqlDatabase &db)
{
    QList<InboxEntry> batch;
    {
        std::lock_guard lock(m_mutex);
        batch = m_waiting.values();
        m_waiting.clear();
        m_queued = false;
    }
    // Only the list order is at stake, and the next commit in the conversation moves it
    // again: log, do not fail anything.
    UserStore store(db);
    if (auto touched = store.inbox().touchInbox(batch); !touched.ok())
        qCWarning(lcStorage) << "inbox order not updated:" << touched.failure().message;
}

} // namespace natter::server::storage

// MessageListModel: a timeline opened at any message (a search hit), and back to the latest.
#include "message_list_model.h"

#include "protocol.h"
#include "sync_engine.h"

namespace natter::client {

MessageRow MessageListModel::rowOf(const proto::Message &m)
{
    MessageRow row;
    row.conversationId = m.conversation_id();
    row.seq = m.seq();
    row.senderId = m.sender_id();
    row.senderUsername = protocol::fromStd(m.sender_username());
    row.clientMsgId = protocol::fromStd(m.client_msg_id());
    row.text = protocol::fromStd(m.text());
    row.sentAtMs = m.sent_at_ms();
    row.attachments = QList<proto::Attachment>(m.attachments().begin(), m.attachments().end());
    return row;
}

void MessageListModel::showAround(quint64 seq)
{
    if (m_conversationId == 0 || seq == 0)
        return;
    if (const int row = rowOfSeq(seq); row >= 0)
        return emit targetShown(row);
    m_target = seq;
    struct Newest {
        quint64 runStart = 0; // where the cached newest run starts (0: nothing cached)
        quint64 maxSeq = 0;
        quint64 lastSeq = 0; // the conversation's newest, as last synced
    };
    m_cache.read(
        this,
        [id = m_conversationId](LocalCache &cache) {
            Newest n;
            n.maxSeq = cache.maxSeq(id);
            n.runStart = n.maxSeq > 0 ? cache.runStart(id, n.maxSeq) : 0;
            n.lastSeq = cache.conversation(id).value_or(ConversationRow{}).lastSeq;
            return n;
        },
        [this, generation = m_generation, seq](const Newest &n) {
            if (generation != m_generation || m_target != seq)
                return;
            if (n.runStart > 0 && seq >= n.runStart && seq <= n.maxSeq && n.maxSeq >= n.lastSeq) {
                // In the cached newest run: the live rows, from a little before it.
                const bool wasLatest = showsLatest();
                m_inWindow = false;
                m_fromSeq = std::max(n.runStart, seq > 25 ? seq - 25 : 1);
                reload();
                if (!wasLatest)
                    emit windowChanged();
                return;
            }
            m_engine.fetchAround(
                m_conversationId, seq, kPageSize, this,
                [this, generation, seq](const SyncEngine::ServerPage &page) {
                    if (generation != m_generation || m_target != seq)
                        return;
                    if (!page.ok || page.messages.isEmpty()) {
                        m_target = 0;
                        return emit targetUnavailable();
                    }
                    if (!page.hasNewer) // it reaches the newest: the cache's from now on
                        return joinLatest(page.messages, false);
                    enterWindow(page.messages, page.hasOlder);
                });
        });
}

void MessageListModel::enterWindow(const QList<proto::Message> &page, bool hasOlder)
{
    const bool wasLatest = showsLatest();
    ++m_window; // reads and fetches for the rows before are dropped
    m_loading = m_fetching = m_fetchingNewer = m_loadAgain = m_extendAgain = false;
    m_refusedWhileReading = false;
    m_waitingForServer = false;
    m_inWindow = true;
    m_windowHasOlder = hasOlder;
    m_windowMessages = page;
    m_toSeq = page.back().seq();
    beginResetModel();
    m_rows.clear();
    for (const proto::Message &m : page)
        m_rows.append(rowOf(m));
    m_loaded = true;
    endResetModel();
    if (wasLatest)
        emit windowChanged();
    if (const int row = rowOfSeq(m_target); row >= 0) {
        m_target = 0;
        emit targetShown(row);
    }
}

void MessageListModel::fetchOlderInWindow()
{
    const quint64 first = m_rows.isEmpty() ? 0 : m_rows.front().seq;
    if (first <= 1)
        return;
    m_fetching = true;
    m_engine.fetchOlder(
        m_conversationId, first, kPageSize, this,
        [this, generation = m_generation, window = m_window](const SyncEngine::ServerPage &page) {
            // For rows no longer shown: dropped (the window change reset the flags).
            if (generation != m_generation || window != m_window)
                return;
            m_fetching = false;
            if (page.ok) {
                m_windowHasOlder = page.hasOlder;
                QList<MessageRow> older;
                for (const proto::Message &m : page.messages)
                    older.append(rowOf(m));
                const qsizetype before = m_rows.size();
                prepend(older);
                if (m_rows.size() > before)
                    m_windowMessages = page.messages + m_windowMessages;
            }
            if (std::exchange(m_refusedWhileReading, false))
                emit settled();
        });
}

bool MessageListModel::canFetchNewer() const
{
    return m_inWindow && !m_fetchingNewer && !m_busy;
}

void MessageListModel::fetchNewer()
{
    if (!canFetchNewer())
        return;
    m_fetchingNewer = true;
    m_engine.fetchNewer(
        m_conversationId, m_toSeq, kPageSize, this,
        [this, generation = m_generation, window = m_window](const SyncEngine::ServerPage &page) {
            if (generation != m_generation || window != m_window)
                return;
            if (!page.ok || page.messages.isEmpty() || page.messages.front().seq() != m_toSeq + 1) {
                m_fetchingNewer = false;
                return; // offline (reading down asks again), or not next to the rows shown
            }
            // Joined to the newest (or to the cached run) it becomes the cache's; else below.
            m_cache.read(
                this,
                [id = m_conversationId](LocalCache &cache) {
                    const quint64 newest = cache.maxSeq(id);
                    const quint64 last = cache.conversation(id).value_or(ConversationRow{}).lastSeq;
                    return newest >= last && newest > 0 ? cache.runStart(id, newest) : 0;
                },
                [this, generation, window, page](quint64 runStart) {
                    if (generation != m_generation || window != m_window)
                        return;
                    // Still fetching until here: a second page cannot come in between.
                    if (!page.hasNewer ||
                        (runStart > 0 && page.messages.back().seq() + 1 >= runStart))
                        return joinLatest(m_windowMessages + page.messages, true);
                    const int first = int(m_rows.size());
                    beginInsertRows({}, first, first + int(page.messages.size()) - 1);
                    for (const proto::Message &m : page.messages)
                        m_rows.append(rowOf(m));
                    endInsertRows();
                    m_windowMessages += page.messages;
                    m_toSeq = page.messages.back().seq();
                    m_fetchingNewer = false;
                });
        });
}

void MessageListModel::joinLatest(const QList<proto::Message> &messages, bool shown)
{
    const quint64 first = messages.front().seq();
    m_engine.cacheMessages(messages, this,
                           [this, generation = m_generation, window = m_window, first, shown] {
                               if (generation != m_generation || window != m_window)
                                   return;
                               const bool wasLatest = showsLatest();
                               m_inWindow = false;
                               m_windowMessages.clear();
                               m_toSeq = 0;
                               m_fromSeq = first;
                               if (shown) {
                                   // The same rows and the newer ones: inserts, no reset. What
                                   // the window had asked the server for is dropped.
                                   ++m_window;
                                   m_fetching = m_fetchingNewer = m_waitingForServer = false;
                                   load();
                               } else {
                                   reload();
                               }
                               if (!wasLatest)
                                   emit windowChanged();
                           });
}

void MessageListModel::showLatest()
{
    if (m_conversationId == 0)
        return;
    const bool wasLatest = showsLatest();
    m_inWindow = false;
    m_windowMessages.clear();
    m_fromSeq = m_toSeq = m_target = 0;
    reload();
    if (!wasLatest)
        emit windowChanged();
}

} // namespace natter::client

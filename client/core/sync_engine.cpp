#include "sync_engine.h"

#include "client_logging.h"

#include <QDateTime>

namespace natter::client {

using protocol::fromStd;

namespace {
constexpr int kPageSize = 100;
constexpr int kNewestPage = 50;
constexpr int kRetryDelayMs = 3000;
// Live messages waiting for a gap fill, per conversation (their text is on the server).
constexpr qsizetype kMaxHeldPerConversation = 200;

/// Errors after which sending the same message again cannot succeed.
bool isPermanent(proto::ErrorCode code)
{
    switch (code) {
    case proto::DISCONNECTED:
    case proto::TIMEOUT:
    case proto::STORAGE_ERROR:
    case proto::INTERNAL:
    case proto::NOT_AUTHENTICATED:
        return false;
    default:
        return true;
    }
}
constexpr int kDeliveredReportDelayMs = 200;
} // namespace

SyncEngine::SyncEngine(Client &client, LocalCache &cache, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_cache(cache)
{
    connect(&m_client, &Client::signedIn, this, &SyncEngine::onReady);
    connect(&m_client, &Client::messageReceived, this, &SyncEngine::onMessage);
    connect(&m_client, &Client::conversationChanged, this, &SyncEngine::onConversationEvent);
    connect(&m_client.connection(), &Connection::stateChanged, this, [this] {
        if (!connected())
            m_synced = false;
    });
    connect(&m_client, &Client::receiptReceived, this, &SyncEngine::onReceipt);
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &SyncEngine::flushOutbox);
    // One delivery report for a burst of messages (a gap fill, a busy group).
    m_deliveredTimer.setSingleShot(true);
    m_deliveredTimer.setInterval(kDeliveredReportDelayMs);
    connect(&m_deliveredTimer, &QTimer::timeout, this, &SyncEngine::reportDelivered);
}

bool SyncEngine::connected() const
{
    return m_client.connection().state() == Connection::State::Ready && m_client.user().id() > 0;
}

void SyncEngine::start()
{
    if (connected())
        onReady();
}

void SyncEngine::onReady()
{
    refreshConversations(QString());
    flushOutbox();
}

void SyncEngine::refreshConversations(const QString &cursor)
{
    m_client.conversations(
        cursor, 0,
        [this](Result<proto::ConversationsReply> page) {
            if (!page.ok()) {
                qCInfo(lcSync) << "conversation refresh failed:" << page.failure().message;
                return;
            }
            for (const auto &summary : page.value().conversations()) {
                const quint64 id = summary.conversation().id();
                m_cache.upsertSummary(summary);
                emit receiptsChanged(id); // the members' cursors came with it
                if (summary.conversation().last_seq() > m_cache.maxSeq(id))
                    fillGap(id);
            }
            emit conversationsChanged();
            const QString next = fromStd(page.value().next_cursor());
            if (!next.isEmpty())
                return refreshConversations(next);
            m_synced = true;
            m_cache.evict(m_limits);
            emit synced();
            if (!m_deliveredDirty.isEmpty())
                m_deliveredTimer.start();
        },
        this);
}

void SyncEngine::fillGap(quint64 conversationId)
{
    if (m_filling.contains(conversationId)) {
        m_refillAgain.insert(conversationId);
        return;
    }
    m_filling.insert(conversationId);
    const quint64 after = m_cache.maxSeq(conversationId);
    // An empty cache starts with the newest page; older pages come on scroll-back.
    const quint32 limit = after == 0 ? kNewestPage : kPageSize;
    m_client.messages(
        conversationId, 0, after, limit,
        [this, conversationId, after](Result<proto::MessagesReply> page) {
            m_filling.remove(conversationId);
            if (!page.ok())
                return;
            const QList<proto::Message> messages(page.value().messages().begin(),
                                                 page.value().messages().end());
            if (after == 0 && !page.value().has_more())
                m_startReached.insert(conversationId);
            const int stored = m_cache.insertMessages(messages, m_client.user().id(), false);
            if (stored < 0) {
                // Not stored here (a full disk): try again later, not in a tight loop.
                QTimer::singleShot(kRetryDelayMs, this,
                                   [this, conversationId] { fillGap(conversationId); });
                return;
            }
            if (stored > 0) {
                emit messagesChanged(conversationId);
                noteDelivered(conversationId);
            }
            emit conversationChanged(conversationId);
            announceHeldMessages(conversationId);
            const bool more = after > 0 && page.value().has_more();
            if (more || m_refillAgain.remove(conversationId))
                fillGap(conversationId);
        },
        this);
}

void SyncEngine::onMessage(const proto::Message &message)
{
    const quint64 conversationId = message.conversation_id();
    if (!m_cache.conversation(conversationId)) {
        refreshConversations(QString()); // a conversation we have not heard of yet
        return;
    }
    const quint64 last = m_cache.maxSeq(conversationId);
    if (message.seq() <= last && last > 0)
        return; // already have it (at-least-once delivery)
    if (last > 0 && message.seq() > last + 1) {
        holdUntilFilled(message);
        fillGap(conversationId); // missed something: fetch in order instead
        return;
    }
    if (m_filling.contains(conversationId)) {
        holdUntilFilled(message);
        m_refillAgain.insert(conversationId);
        return;
    }
    if (m_cache.insertMessages({message}, m_client.user().id(), true) < 0) {
        fillGap(conversationId); // not stored here: fetched again (and retried) in order
        return;
    }
    emit messagesChanged(conversationId);
    if (message.sender_id() != m_client.user().id())
        noteDelivered(conversationId);
    emit conversationChanged(conversationId); // one row, not the whole list
    if (message.sender_id() != m_client.user().id())
        emit incomingMessage(message);
}

void SyncEngine::holdUntilFilled(const proto::Message &message)
{
    // Stored by the fill, in order; announced (notification, delivery) once it is.
    QList<proto::Message> &held = m_heldForFill[message.conversation_id()];
    if (held.size() >= kMaxHeldPerConversation)
        held.removeFirst(); // a fill that keeps failing must not grow this without bound
    held.append(message);
}

void SyncEngine::announceHeldMessages(quint64 conversationId)
{
    const auto it = m_heldForFill.find(conversationId);
    if (it == m_heldForFill.end())
        return;
    const quint64 have = m_cache.maxSeq(conversationId);
    QList<proto::Message> stillMissing;
    for (const proto::Message &message : std::as_const(*it)) {
        if (message.seq() > have) {
            stillMissing.append(message); // the next page brings it
        } else if (message.sender_id() != m_client.user().id()) {
            noteDelivered(conversationId);
            emit incomingMessage(message);
        }
    }
    if (stillMissing.isEmpty())
        m_heldForFill.erase(it);
    else
        *it = stillMissing;
}

void SyncEngine::onConversationEvent(const proto::ConversationEvent &event)
{
    if (event.change() == proto::ConversationEvent::REMOVED) {
        m_cache.removeConversation(event.conversation().id());
    } else {
        m_cache.upsertConversation(event.conversation());
        emit receiptsChanged(event.conversation().id()); // the member list may have changed
        fillGap(event.conversation().id());
    }
    emit conversationsChanged();
}

std::optional<MessageRow> SyncEngine::send(quint64 conversationId, const QString &text)
{
    const auto row = m_cache.addPending(conversationId, text, m_client.user().id(),
                                        fromStd(m_client.user().username()),
                                        QDateTime::currentMSecsSinceEpoch());
    if (!row) {
        emit notSaved(conversationId, text);
        return std::nullopt;
    }
    emit messagesChanged(conversationId);
    flushOutbox();
    return row;
}

void SyncEngine::retry(const QString &clientMsgId)
{
    m_cache.retry(clientMsgId);
    for (const MessageRow &row : m_cache.outbox()) {
        if (row.clientMsgId == clientMsgId)
            emit messagesChanged(row.conversationId);
    }
    flushOutbox();
}

void SyncEngine::discard(const QString &clientMsgId)
{
    quint64 conversationId = 0;
    for (const MessageRow &row : m_cache.outbox()) {
        if (row.clientMsgId == clientMsgId)
            conversationId = row.conversationId;
    }
    m_cache.discard(clientMsgId);
    if (conversationId)
        emit messagesChanged(conversationId);
}

void SyncEngine::flushOutbox()
{
    if (m_sending || !connected())
        return;
    // One at a time, oldest first: the order the user wrote them is the order they commit.
    std::optional<MessageRow> next;
    for (const MessageRow &row : m_cache.outbox()) {
        if (row.status == MessageRow::Status::Pending) {
            next = row;
            break;
        }
    }
    if (!next)
        return;
    m_sending = true;
    const MessageRow row = *next;
    m_client.sendMessage(
        row.conversationId, row.clientMsgId, row.text,
        [this, row](Result<proto::SendMessageReply> reply) {
            m_sending = false;
            bool recorded = false;
            if (reply.ok()) {
                proto::Message stored;
                stored.set_conversation_id(row.conversationId);
                stored.set_seq(reply.value().seq());
                stored.set_sender_id(row.senderId);
                stored.set_sender_username(protocol::toStd(row.senderUsername));
                stored.set_client_msg_id(protocol::toStd(row.clientMsgId));
                stored.set_text(protocol::toStd(row.text));
                stored.set_sent_at_ms(reply.value().sent_at_ms());
                recorded = m_cache.confirmSent(row.clientMsgId, stored);
            } else if (isPermanent(reply.failure().code)) {
                recorded = m_cache.markFailed(row.clientMsgId, reply.failure().message);
            }
            // Transient (or the outcome could not be written here, e.g. a full disk): keep it
            // pending; a reconnect or this timer sends it again with the same client_msg_id,
            // which the server answers with what it stored. Never at once, in a loop.
            if (!recorded) {
                if (connected())
                    m_retryTimer.start(kRetryDelayMs);
                return;
            }
            emit messagesChanged(row.conversationId);
            emit conversationChanged(row.conversationId);
            flushOutbox();
        },
        this);
}

void SyncEngine::loadOlder(quint64 conversationId, int limit)
{
    if (m_loadingOlder.contains(conversationId) || !connected())
        return;
    const quint64 before = m_cache.minSeq(conversationId);
    if (before == 1)
        return;
    m_loadingOlder.insert(conversationId);
    m_client.messages(
        conversationId, before, 0, quint32(limit),
        [this, conversationId](Result<proto::MessagesReply> page) {
            m_loadingOlder.remove(conversationId);
            if (!page.ok())
                return;
            if (!page.value().has_more())
                m_startReached.insert(conversationId);
            const QList<proto::Message> messages(page.value().messages().begin(),
                                                 page.value().messages().end());
            m_cache.insertMessages(messages, m_client.user().id(), false);
            emit messagesChanged(conversationId);
        },
        this);
}

bool SyncEngine::hasOlderOnServer(quint64 conversationId)
{
    const quint64 first = m_cache.minSeq(conversationId);
    if (first == 1 || m_startReached.contains(conversationId))
        return false;
    if (first == 0)
        return m_cache.conversation(conversationId).value_or(ConversationRow{}).lastSeq > 0;
    return true;
}

void SyncEngine::markRead(quint64 conversationId)
{
    const auto row = m_cache.conversation(conversationId);
    const quint64 last = m_cache.maxSeq(conversationId);
    // Own messages count as read; the server needs telling only when someone else's is new.
    if (!row || last == 0 || (row->unreadCount == 0 && row->readSeq >= last))
        return;
    m_cache.setReadPosition(conversationId, last, 0); // at once: the badge goes away now
    emit conversationChanged(conversationId);
    if (!connected())
        return;
    m_client.markRead(
        conversationId, last,
        [this, conversationId](auto reply) {
            if (!reply.ok())
                return;
            m_cache.setReadPosition(conversationId, reply.value().read_seq(),
                                    reply.value().unread_count());
            emit conversationChanged(conversationId);
        },
        this);
}

void SyncEngine::onReceipt(const proto::ReceiptEvent &event)
{
    const quint64 conversationId = event.conversation_id();
    if (event.user_id() == m_client.user().id()) {
        // Read on another device: the badge follows.
        m_cache.setReadPosition(conversationId, event.read_seq(), event.unread_count());
        emit conversationChanged(conversationId);
    }
    if (m_cache.setMemberCursors(conversationId, event.user_id(), event.delivered_seq(),
                                 event.read_seq(), event.read_at_ms()))
        emit receiptsChanged(conversationId);
}

void SyncEngine::noteDelivered(quint64 conversationId)
{
    m_deliveredDirty.insert(conversationId);
    if (!m_deliveredTimer.isActive())
        m_deliveredTimer.start();
}

void SyncEngine::reportDelivered()
{
    if (!connected())
        return; // kept: reported after the next sync
    QList<QPair<quint64, quint64>> cursors;
    for (quint64 id : std::exchange(m_deliveredDirty, {})) {
        const quint64 seq = m_cache.maxSeq(id);
        if (seq > m_deliveredReported.value(id))
            cursors.append({id, seq});
    }
    if (cursors.isEmpty())
        return;
    m_client.markDelivered(
        cursors,
        [this, cursors](Result<Done> reported) {
            if (!reported.ok()) {
                for (const auto &cursor : cursors)
                    m_deliveredDirty.insert(cursor.first); // again after the next sync
                return;
            }
            for (const auto &[id, seq] : cursors)
                m_deliveredReported[id] = std::max(m_deliveredReported.value(id), seq);
        },
        this);
}

} // namespace natter::client

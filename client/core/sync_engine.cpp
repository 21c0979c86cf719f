#include "sync_engine.h"

#include <QPointer>

#include "client_logging.h"

#include <QDateTime>

namespace natter::client {

using protocol::fromStd;

namespace {
constexpr int kPageSize = 100;
constexpr int kNewestPage = 50;
// Live messages waiting for a gap fill, per conversation (their text is on the server).
constexpr qsizetype kMaxHeldPerConversation = 200;

constexpr int kDeliveredReportDelayMs = 200;
} // namespace

SyncEngine::SyncEngine(Client &client, CacheWorker &cache, QObject *parent)
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
            const QList<proto::ConversationSummary> summaries(page.value().conversations().begin(),
                                                              page.value().conversations().end());
            const QString next = fromStd(page.value().next_cursor());
            const bool last = next.isEmpty();
            const CacheLimits limits = m_limits;
            m_cache.read(
                this,
                [summaries, last, limits](LocalCache &cache) {
                    QList<quint64> behind; // conversations with messages the cache lacks
                    for (const auto &summary : summaries) {
                        const quint64 id = summary.conversation().id();
                        cache.upsertSummary(summary);
                        if (summary.conversation().last_seq() > cache.maxSeq(id))
                            behind.append(id);
                    }
                    if (last)
                        cache.evict(limits);
                    return behind;
                },
                [this, summaries, last](const QList<quint64> &behind) {
                    onSummaries(summaries, behind);
                    if (!last || !connected())
                        return; // a reconnect syncs again
                    m_synced = true;
                    emit synced();
                    if (!m_deliveredDirty.isEmpty())
                        m_deliveredTimer.start();
                });
            if (!last)
                refreshConversations(next);
        },
        this);
}

void SyncEngine::onSummaries(const QList<proto::ConversationSummary> &summaries,
                             const QList<quint64> &behind)
{
    for (const auto &summary : summaries)
        emit receiptsChanged(summary.conversation().id()); // the members' cursors came with it
    for (quint64 id : behind)
        fillGap(id);
    emit conversationsChanged();
}

void SyncEngine::fillGap(quint64 conversationId)
{
    if (m_filling.contains(conversationId)) {
        m_refillAgain.insert(conversationId);
        return;
    }
    // Filling until the page is stored: live messages meanwhile are held, not inserted.
    m_filling.insert(conversationId);
    m_cache.read(
        this, [conversationId](LocalCache &cache) { return cache.maxSeq(conversationId); },
        [this, conversationId](quint64 after) { requestGap(conversationId, after); });
}

void SyncEngine::requestGap(quint64 conversationId, quint64 after)
{
    // An empty cache starts with the newest page; older pages come on scroll-back.
    const quint32 limit = after == 0 ? kNewestPage : kPageSize;
    m_client.messages(
        conversationId, 0, after, limit,
        [this, conversationId, after](Result<proto::MessagesReply> page) {
            if (!page.ok()) {
                m_filling.remove(conversationId);
                return;
            }
            storeGapPage(conversationId, after, page.value());
        },
        this);
}

void SyncEngine::storeGapPage(quint64 conversationId, quint64 after,
                              const proto::MessagesReply &page)
{
    struct Stored {
        int count = 0; // -1: nothing could be stored
        quint64 have = 0;
    };
    const QList<proto::Message> messages(page.messages().begin(), page.messages().end());
    if (after == 0 && !page.has_more())
        m_startReached.insert(conversationId);
    const bool more = after > 0 && page.has_more();
    m_cache.read(
        this,
        [messages, conversationId, own = m_client.user().id()](LocalCache &cache) {
            Stored stored;
            stored.count = cache.insertMessages(messages, own, false);
            stored.have = cache.maxSeq(conversationId);
            return stored;
        },
        [this, conversationId, after, more](const Stored &stored) {
            m_filling.remove(conversationId);
            if (stored.count < 0) {
                // Not stored here (a full disk): try again later, not in a tight loop.
                QTimer::singleShot(kRetryDelayMs, this,
                                   [this, conversationId] { fillGap(conversationId); });
                return;
            }
            if (stored.count > 0) {
                emit messagesChanged(conversationId);
                noteDelivered(conversationId);
            }
            emit conversationChanged(conversationId);
            announceHeldMessages(conversationId, after, stored.have);
            if (more || m_refillAgain.remove(conversationId))
                fillGap(conversationId);
        });
}

void SyncEngine::onMessage(const proto::Message &message)
{
    const quint64 conversationId = message.conversation_id();
    if (m_filling.contains(conversationId)) {
        holdUntilFilled(message);
        m_refillAgain.insert(conversationId);
        return;
    }
    m_cache.read(
        this,
        [message, own = m_client.user().id()](LocalCache &cache) {
            if (!cache.conversation(message.conversation_id()))
                return Arrival::UnknownConversation;
            const quint64 last = cache.maxSeq(message.conversation_id());
            if (message.seq() <= last && last > 0)
                return Arrival::Duplicate; // at-least-once delivery
            if (last > 0 && message.seq() > last + 1)
                return Arrival::AfterAGap;
            return cache.insertMessages({message}, own, true) < 0 ? Arrival::NotStored
                                                                  : Arrival::Stored;
        },
        [this, message](Arrival arrival) { onArrival(message, arrival); });
}

void SyncEngine::onArrival(const proto::Message &message, Arrival arrival)
{
    const quint64 conversationId = message.conversation_id();
    const bool fromOthers = message.sender_id() != m_client.user().id();
    switch (arrival) {
    case Arrival::UnknownConversation:
        return refreshConversations(QString());
    case Arrival::Duplicate:
        return;
    case Arrival::AfterAGap:
        holdUntilFilled(message);
        return fillGap(conversationId); // missed something: fetch in order instead
    case Arrival::NotStored:
        return fillGap(conversationId); // fetched again (and retried) in order
    case Arrival::Stored:
        break;
    }
    emit messagesChanged(conversationId);
    if (fromOthers)
        noteDelivered(conversationId);
    emit conversationChanged(conversationId); // one row, not the whole list
    if (fromOthers)
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

void SyncEngine::announceHeldMessages(quint64 conversationId, quint64 after, quint64 have)
{
    const auto it = m_heldForFill.find(conversationId);
    if (it == m_heldForFill.end())
        return;
    QList<proto::Message> stillMissing;
    for (const proto::Message &message : std::as_const(*it)) {
        if (message.seq() > have) {
            stillMissing.append(message); // the next page brings it
        } else if (message.seq() > after && message.sender_id() != m_client.user().id()) {
            // (At or below `after` it was cached before this fill: a repeat, told already.)
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
    // Announced at once: whoever reads because of the signals reads after this write.
    const proto::Conversation conversation = event.conversation();
    if (event.change() == proto::ConversationEvent::REMOVED) {
        m_cache.write(
            [id = conversation.id()](LocalCache &cache) { cache.removeConversation(id); });
    } else {
        m_cache.write(
            [conversation](LocalCache &cache) { cache.upsertConversation(conversation); });
        emit receiptsChanged(conversation.id()); // the member list may have changed
        fillGap(conversation.id());
    }
    emit conversationsChanged();
}

void SyncEngine::loadOlder(quint64 conversationId, int limit, quint64 before)
{
    if (m_loadingOlder.contains(conversationId))
        return;
    if (!connected())
        return emit messagesChanged(conversationId); // nothing comes: whoever waits stops
    m_loadingOlder.insert(conversationId);
    if (before > 1)
        return requestOlder(conversationId, before, limit);
    m_cache.read(
        this, [conversationId](LocalCache &cache) { return cache.minSeq(conversationId); },
        [this, conversationId, limit](quint64 oldestCached) {
            if (oldestCached == 1) {
                m_startReached.insert(conversationId);
                m_loadingOlder.remove(conversationId);
                return emit messagesChanged(conversationId); // whoever waits stops waiting
            }
            requestOlder(conversationId, oldestCached, limit);
        });
}

void SyncEngine::requestOlder(quint64 conversationId, quint64 before, int limit)
{
    m_client.messages(
        conversationId, before, 0, quint32(limit),
        [this, conversationId](Result<proto::MessagesReply> page) {
            if (!page.ok()) {
                m_loadingOlder.remove(conversationId);
                return emit messagesChanged(conversationId);
            }
            if (!page.value().has_more())
                m_startReached.insert(conversationId);
            const QList<proto::Message> messages(page.value().messages().begin(),
                                                 page.value().messages().end());
            m_cache.read(
                this,
                [messages, own = m_client.user().id()](LocalCache &cache) {
                    return cache.insertMessages(messages, own, false);
                },
                [this, conversationId](int) {
                    m_loadingOlder.remove(conversationId);
                    emit messagesChanged(conversationId);
                });
        },
        this);
}

void SyncEngine::fetchAround(quint64 conversationId, quint64 seq, int limit, QObject *context,
                             PageDone done)
{
    m_client.messagesAround(
        conversationId, seq, quint32(limit),
        [done](Result<proto::MessagesReply> reply) { deliverPage(reply, true, false, done); },
        context);
}

void SyncEngine::fetchOlder(quint64 conversationId, quint64 before, int limit, QObject *context,
                            PageDone done)
{
    m_client.messages(
        conversationId, before, 0, quint32(limit),
        [done](Result<proto::MessagesReply> reply) { deliverPage(reply, false, false, done); },
        context);
}

void SyncEngine::fetchNewer(quint64 conversationId, quint64 after, int limit, QObject *context,
                            PageDone done)
{
    m_client.messages(
        conversationId, 0, after, quint32(limit),
        [done](Result<proto::MessagesReply> reply) { deliverPage(reply, false, true, done); },
        context);
}

void SyncEngine::deliverPage(const Result<proto::MessagesReply> &reply, bool around, bool newer,
                             PageDone done)
{
    ServerPage page;
    page.ok = reply.ok();
    if (page.ok) {
        const proto::MessagesReply &r = reply.value();
        page.messages = QList<proto::Message>(r.messages().begin(), r.messages().end());
        page.hasOlder = around ? r.has_more() : !newer && r.has_more();
        page.hasNewer = around ? r.has_more_after() : newer && r.has_more();
    }
    done(page);
}

void SyncEngine::cacheMessages(const QList<proto::Message> &messages, QObject *context,
                               std::function<void()> done)
{
    QPointer<QObject> owner(context);
    m_cache.read(
        this,
        [messages, own = m_client.user().id()](LocalCache &cache) {
            return cache.insertMessages(messages, own, false);
        },
        [owner, done](int) {
            if (owner)
                done();
        });
}

bool SyncEngine::hasOlderOnServer(quint64 conversationId, quint64 cachedFirstSeq,
                                  quint64 lastSeq) const
{
    if (cachedFirstSeq == 1 || m_startReached.contains(conversationId))
        return false;
    if (cachedFirstSeq == 0)
        return lastSeq > 0;
    return true;
}

void SyncEngine::markRead(quint64 conversationId)
{
    m_cache.read(
        this,
        [conversationId](LocalCache &cache) -> quint64 {
            const auto row = cache.conversation(conversationId);
            const quint64 last = cache.maxSeq(conversationId);
            // Own messages count as read; the server needs telling only when someone
            // else's is new.
            if (!row || last == 0 || (row->unreadCount == 0 && row->readSeq >= last))
                return 0;
            cache.setReadPosition(conversationId, last, 0); // the badge goes away now
            return last;
        },
        [this, conversationId](quint64 last) {
            if (last == 0)
                return;
            emit conversationChanged(conversationId);
            if (!connected())
                return;
            m_client.markRead(
                conversationId, last,
                [this, conversationId](auto reply) {
                    if (!reply.ok())
                        return;
                    m_cache.write([conversationId, readSeq = reply.value().read_seq(),
                                   unread = reply.value().unread_count()](LocalCache &cache) {
                        cache.setReadPosition(conversationId, readSeq, unread);
                    });
                    emit conversationChanged(conversationId);
                },
                this);
        });
}

void SyncEngine::onReceipt(const proto::ReceiptEvent &event)
{
    const quint64 conversationId = event.conversation_id();
    if (event.user_id() == m_client.user().id()) {
        // Read on another device: the badge follows.
        m_cache.write([event](LocalCache &cache) {
            cache.setReadPosition(event.conversation_id(), event.read_seq(), event.unread_count());
        });
        emit conversationChanged(conversationId);
    }
    m_cache.read(
        this,
        [event](LocalCache &cache) {
            return cache.setMemberCursors(event.conversation_id(), event.user_id(),
                                          event.delivered_seq(), event.read_seq(),
                                          event.read_at_ms());
        },
        [this, conversationId](bool moved) {
            if (moved)
                emit receiptsChanged(conversationId);
        });
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
    m_cache.read(
        this,
        [ids = std::exchange(m_deliveredDirty, {})](LocalCache &cache) {
            QHash<quint64, quint64> newest;
            for (quint64 id : ids)
                newest.insert(id, cache.maxSeq(id));
            return newest;
        },
        [this](const QHash<quint64, quint64> &newest) { reportDeliveredUpTo(newest); });
}

void SyncEngine::reportDeliveredUpTo(const QHash<quint64, quint64> &newest)
{
    QList<QPair<quint64, quint64>> cursors;
    for (auto it = newest.cbegin(); it != newest.cend(); ++it) {
        if (it.value() > m_deliveredReported.value(it.key()))
            cursors.append({it.key(), it.value()});
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

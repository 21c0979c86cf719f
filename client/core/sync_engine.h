#pragma once

#include "client.h"
#include "local_cache.h"

#include <QObject>
#include <QSet>
#include <QTimer>

namespace natter::client {

/// Keeps the local cache in step with the server: on every (re)connect it refreshes the
/// conversation list and fills each conversation's gap from its last cached seq; live events
/// are applied in seq order with duplicates ignored and gaps fetched; the outbox is sent in
/// order with its client_msg_ids, so a retry is never stored twice.
class SyncEngine : public QObject {
    Q_OBJECT
public:
    SyncEngine(Client &client, LocalCache &cache, QObject *parent = nullptr);

    /// Starts syncing now if the client is already signed in (the engine was created later).
    void start();

    /// Stores the message in the outbox (before anything shows it) and sends when possible.
    /// Nothing (and notSaved) when this device could not store it: then it was not sent.
    std::optional<MessageRow> send(quint64 conversationId, const QString &text);
    void retry(const QString &clientMsgId);
    void discard(const QString &clientMsgId);
    /// Fetches the page before the oldest cached message from the server.
    void loadOlder(quint64 conversationId, int limit = 50);
    /// Tells the server the user has read everything cached in the conversation.
    void markRead(quint64 conversationId);

    [[nodiscard]] bool isSynced() const { return m_synced; }
    /// Bounds applied to the cache after every full sync.
    void setCacheLimits(const CacheLimits &limits) { m_limits = limits; }
    [[nodiscard]] bool isLoadingOlder(quint64 conversationId) const
    {
        return m_loadingOlder.contains(conversationId);
    }
    [[nodiscard]] bool hasOlderOnServer(quint64 conversationId);

signals:
    /// The list changed (conversations came, went, or were refreshed): read it again.
    void conversationsChanged();
    /// One conversation's row changed (a message, a read position): read that row only.
    void conversationChanged(quint64 conversationId);
    void messagesChanged(quint64 conversationId);
    /// A message could not be written to this device's cache (disk full, a broken file), so
    /// it was not sent either: the text is handed back.
    void notSaved(quint64 conversationId, const QString &text);
    void synced();
    /// A message from someone else arrived live (for notifications).
    void incomingMessage(const natter::proto::Message &message);
    /// A member's receipt cursors moved in this conversation.
    void receiptsChanged(quint64 conversationId);

private:
    void holdUntilFilled(const proto::Message &message);
    void announceHeldMessages(quint64 conversationId);
    void onReady();
    void refreshConversations(const QString &cursor);
    void fillGap(quint64 conversationId);
    void onMessage(const proto::Message &message);
    void onConversationEvent(const proto::ConversationEvent &event);
    void onReceipt(const proto::ReceiptEvent &event);
    /// Messages of the conversation reached this device: report it (batched).
    void noteDelivered(quint64 conversationId);
    void reportDelivered();
    void flushOutbox();
    [[nodiscard]] bool connected() const;

    Client &m_client;
    LocalCache &m_cache;
    bool m_synced = false;
    bool m_sending = false;
    QSet<quint64> m_filling;
    QSet<quint64> m_refillAgain;
    // Live messages that arrived during a gap fill: announced when the fill has stored them.
    QHash<quint64, QList<proto::Message>> m_heldForFill;
    QSet<quint64> m_loadingOlder;
    QSet<quint64> m_startReached; // conversations whose first message is cached
    QTimer m_retryTimer;
    QTimer m_deliveredTimer;
    QSet<quint64> m_deliveredDirty;
    QHash<quint64, quint64> m_deliveredReported; // conversation → seq the server has
    CacheLimits m_limits;
};

} // namespace natter::client

#pragma once

#include "cache_worker.h"
#include "client.h"
#include "file_batch_upload.h"

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

namespace natter::client {

/// Keeps the local cache in step with the server: on every (re)connect it refreshes the
/// conversation list and fills each conversation's gap from its last cached seq; live events
/// are applied in seq order with duplicates ignored and gaps fetched; the outbox is sent in
/// order with its client_msg_ids, so a retry is never stored twice.
///
/// The cache work of each event runs as one job on the cache thread; what is in flight (gap
/// fills, the message being sent, held live messages) is kept here, on the engine's thread.
class SyncEngine : public QObject {
    Q_OBJECT
public:
    SyncEngine(Client &client, CacheWorker &cache, QObject *parent = nullptr);

    /// Starts syncing now if the client is already signed in (the engine was created later).
    void start();

    /// Stores the message in the outbox (before anything shows it: messagesChanged follows
    /// the write) and sends when possible. notSaved when this device could not store it: then
    /// it was not sent either.
    /// `files` (paths on this device) are uploaded when the message's turn comes, then go
    /// with it; they stay in the outbox across restarts like the text.
    void send(quint64 conversationId, const QString &text, const QStringList &files = {});
    /// Files under `dir` that a message carried are the app's own copies (pasted pictures):
    /// removed once the message is sent or discarded.
    void setOwnedFilesDir(const QString &dir) { m_ownedFilesDir = dir; }
    /// Removes those of `paths` that are under the owned files dir (the rest are the user's).
    void removeOwnedFiles(const QStringList &paths) const;
    void retry(const QString &clientMsgId);
    /// Removes an outbox message (failed, queued, or its files going up: their upload stops);
    /// one whose SendMessage is already in flight is sent, not discarded.
    void discard(const QString &clientMsgId);
    /// Fetches the page before `before` (0: the oldest cached message) from the server.
    void loadOlder(quint64 conversationId, int limit = 50, quint64 before = 0);
    /// A page of the server's messages, ascending, and whether more exist before and after it.
    struct ServerPage {
        bool ok = false; // false: offline, or the server said no
        QList<proto::Message> messages;
        bool hasOlder = false;
        bool hasNewer = false;
    };
    using PageDone = std::function<void(const ServerPage &)>;
    /// Pages for a timeline opened far back (a search hit), NOT cached: the cache holds the
    /// newest run of each conversation, which is what syncing and offline reading rely on.
    /// `done` runs unless `context` is gone by then.
    void fetchAround(quint64 conversationId, quint64 seq, int limit, QObject *context,
                     PageDone done);
    void fetchOlder(quint64 conversationId, quint64 before, int limit, QObject *context,
                    PageDone done);
    void fetchNewer(quint64 conversationId, quint64 after, int limit, QObject *context,
                    PageDone done);
    /// Caches messages that join the newest run (a far-back page read down to it); `done`
    /// runs once they are stored, unless `context` is gone by then.
    void cacheMessages(const QList<proto::Message> &messages, QObject *context,
                       std::function<void()> done);
    /// Tells the server the user has read everything cached in the conversation.
    void markRead(quint64 conversationId);

    [[nodiscard]] bool isSynced() const { return m_synced; }
    /// Bounds applied to the cache after every full sync.
    void setCacheLimits(const CacheLimits &limits) { m_limits = limits; }
    [[nodiscard]] bool isLoadingOlder(quint64 conversationId) const
    {
        return m_loadingOlder.contains(conversationId);
    }
    /// Whether the server may have messages before the oldest cached one (`cachedFirstSeq`,
    /// 0 when none is cached) of a conversation whose newest message is `lastSeq`.
    [[nodiscard]] bool hasOlderOnServer(quint64 conversationId, quint64 cachedFirstSeq,
                                        quint64 lastSeq) const;

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
    /// The files of the outbox message `clientMsgId` are on their way.
    void uploadProgress(const QString &clientMsgId, quint64 sent, quint64 total);

private:
    /// What a live message turned out to be, once the cache thread looked.
    enum class Arrival { UnknownConversation, Duplicate, AfterAGap, NotStored, Stored };
    void onArrival(const proto::Message &message, Arrival arrival);
    void holdUntilFilled(const proto::Message &message);
    /// Announces held messages that a fill from `after` stored (the cache's newest is `have`).
    void announceHeldMessages(quint64 conversationId, quint64 after, quint64 have);
    void onSummaries(const QList<proto::ConversationSummary> &summaries,
                     const QList<quint64> &behind);
    void requestGap(quint64 conversationId, quint64 after);
    void storeGapPage(quint64 conversationId, quint64 after, const proto::MessagesReply &page);
    void sendNext(const MessageRow &row);
    void sendWithFiles(const MessageRow &row, const QList<proto::Attachment> &files);
    void onSendOutcome(const MessageRow &row, const QList<proto::Attachment> &files,
                       const Result<proto::SendMessageReply> &reply);

    void requestOlder(quint64 conversationId, quint64 before, int limit);
    /// Hands a reply of fetchAround/fetchOlder/fetchNewer to `done` as a ServerPage.
    static void deliverPage(const Result<proto::MessagesReply> &reply, bool around, bool newer,
                            PageDone done);
    void reportDeliveredUpTo(const QHash<quint64, quint64> &newest);
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

    static constexpr int kRetryDelayMs = 3000; // after a transient failure

    Client &m_client;
    CacheWorker &m_cache;
    bool m_synced = false;
    bool m_sending = false; // a message of the outbox is on its way (or its outcome being written)
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
    QPointer<FileBatchUpload> m_uploading; // the files of the message being sent
    QString m_uploadingId;
    QString m_sendingId; // the message whose SendMessage is in flight (cannot be called off)
    QString m_ownedFilesDir;
};

} // namespace natter::client

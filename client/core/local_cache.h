#pragma once
/// The client's local SQLite cache for one account on one server: conversations, members,
/// messages and the outbox. The UI reads only from here; the network only writes here.
/// Used from one thread (the desktop client's CacheWorker thread, a test's, a tool's).

#include "natter.pb.h"
#include "thread_affinity.h"
#include "wal_checkpointer.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

namespace natter::client {

struct ConversationRow {
    quint64 id = 0;
    proto::ConversationKind kind = proto::DIRECT;
    QString title;
    quint64 lastSeq = 0;
    quint64 readSeq = 0;
    quint64 unreadCount = 0;
    qint64 lastActivityMs = 0;
    QString lastText;
    QString lastSender;
};

struct MemberRow {
    quint64 userId = 0;
    QString username;
    QString displayName;
    proto::MemberRole role = proto::MEMBER;
    quint64 deliveredSeq = 0; // receipt cursors (see docs/protocol.md)
    quint64 readSeq = 0;
    qint64 readAtMs = 0;
};

struct MessageRow {
    enum class Status { Sent, Pending, Failed };
    quint64 conversationId = 0;
    quint64 seq = 0; // 0 while pending
    quint64 senderId = 0;
    QString senderUsername;
    QString clientMsgId;
    QString text;
    qint64 sentAtMs = 0; // for pending messages: when it was composed
    Status status = Status::Sent;
    QString error;                        // why a failed message failed
    QList<proto::Attachment> attachments; // files it carries
    // Outbox only: files on this device it carries, not uploaded yet, and their sizes when
    // they were attached (so that showing them reads no disk).
    QStringList localFiles;
    QList<qint64> localFileSizes;
};

/// Limits of the bounded cache (the seed's client-side cache): the newest messages of the most
/// recently active conversations stay; older pages come back from the server on scroll.
struct CacheLimits {
    int conversations = 200;
    int messagesPerConversation = 500;
};

class LocalCache {
public:
    LocalCache();
    ~LocalCache();
    LocalCache(const LocalCache &) = delete;
    LocalCache &operator=(const LocalCache &) = delete;

    /// Opens (creating and migrating) `dir`/cache.sqlite. Each instance has its own connection,
    /// so two accounts (or two windows in one test) never share state.
    [[nodiscard]] bool open(const QString &dir, QString *error);
    [[nodiscard]] bool isOpen() const { return m_db.isOpen(); }
    /// The connection, for stores that keep their tables in the same file (MediaIndex), on
    /// this cache's thread only.
    [[nodiscard]] QSqlDatabase &database() { return m_db; }
    /// Write-ahead log frames the background checkpointer copied into the file so far.
    [[nodiscard]] qint64 checkpointedFrames() const
    {
        return m_checkpointer ? m_checkpointer->checkpointedFrames() : 0;
    }

    bool upsertSummary(const proto::ConversationSummary &summary);
    bool upsertConversation(const proto::Conversation &conversation);
    bool removeConversation(quint64 id);
    [[nodiscard]] QList<ConversationRow> conversations();
    [[nodiscard]] std::optional<ConversationRow> conversation(quint64 id);
    [[nodiscard]] QList<MemberRow> members(quint64 conversationId);
    /// The member ids of every direct conversation, in one query (for the list's presence).
    [[nodiscard]] QHash<quint64, QList<quint64>> directMembers();

    /// Stores server messages (duplicates ignored) and moves each conversation's last message
    /// forward. Messages from others above the read position count as unread when
    /// `countUnread`. Returns how many were new; -1 when nothing could be stored.
    int insertMessages(const QList<proto::Message> &messages, quint64 ownUserId, bool countUnread);
    [[nodiscard]] quint64 maxSeq(quint64 conversationId);
    [[nodiscard]] quint64 minSeq(quint64 conversationId);
    /// Server messages with seq < beforeSeq (0: the newest), ascending, at most `limit`.
    [[nodiscard]] QList<MessageRow> messages(quint64 conversationId, quint64 beforeSeq, int limit);
    /// Server messages with seq >= fromSeq (and <= toSeq unless it is 0), ascending.
    [[nodiscard]] QList<MessageRow> messagesFrom(quint64 conversationId, quint64 fromSeq,
                                                 quint64 toSeq = 0);
    /// Where the run of cached messages that ends at `seq` starts: the lowest r with every
    /// seq from r to `seq` cached; 0 when `seq` is not cached. (Opening a search hit caches a
    /// page far from the newest ones: the cache may hold islands.)
    [[nodiscard]] quint64 runStart(quint64 conversationId, quint64 seq);
    bool setReadPosition(quint64 conversationId, quint64 readSeq, quint64 unreadCount);
    /// A member's receipt cursors from a ReceiptEvent; they only move forward. False when the
    /// member is not cached (the next conversation refresh brings them).
    bool setMemberCursors(quint64 conversationId, quint64 userId, quint64 deliveredSeq,
                          quint64 readSeq, qint64 readAtMs);

    /// Writes a pending message (fsynced: it must survive a power cut) before anything shows
    /// it; returns it with its client_msg_id, or nothing when it could not be stored. `files`
    /// are paths on this device, uploaded when the message's turn comes.
    [[nodiscard]] std::optional<MessageRow> addPending(quint64 conversationId, const QString &text,
                                                       quint64 senderId,
                                                       const QString &senderUsername, qint64 nowMs,
                                                       const QStringList &files = {});
    /// Pending and failed messages in the order they were written (all conversations if 0).
    [[nodiscard]] QList<MessageRow> outbox(quint64 conversationId = 0, bool *ok = nullptr);
    /// The server stored it: one transaction moves it from the outbox to the messages.
    bool confirmSent(const QString &clientMsgId, const proto::Message &stored);
    bool markFailed(const QString &clientMsgId, const QString &reason);
    bool retry(const QString &clientMsgId);
    bool discard(const QString &clientMsgId);

    /// Applies the limits: drops old messages of active conversations and all cached messages
    /// of conversations beyond the limit. The outbox is never touched.
    bool evict(const CacheLimits &limits);

    // Writes return false when they changed nothing (an error was logged; a transaction was
    // rolled back as a whole).

private:
    bool exec(const QString &sql, const QVariantList &values = {});
    /// Runs `work` in a transaction: committed when it returns true and the commit succeeds,
    /// rolled back otherwise.
    bool inTransaction(const char *what, const std::function<bool()> &work);
    bool writeConversation(const proto::Conversation &c);
    bool storeMessages(const QList<proto::Message> &messages, quint64 ownUserId, bool countUnread,
                       int *inserted);
    QString m_connectionName;
    QSqlDatabase m_db;
    ThreadAffinity m_affinity; // the thread that opened it; every call comes from there
    std::unique_ptr<WalCheckpointer> m_checkpointer; // stops before the connection closes
};

} // namespace natter::client

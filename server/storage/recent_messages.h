#pragma once

#include "natter.pb.h"

#include <QCache>
#include <QList>
#include <QSet>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

namespace natter::server::storage {

/// The write-through cache of the newest messages of active conversations, with their member
/// sets, so that the newest page of GetMessages (what every client asks when a conversation
/// opens) needs no SQL and no trip to the shard thread.
///
/// Consistency: entries are filled and extended only on the shard thread that owns the
/// conversation, in commit order (after each committed batch, and from a newest-page read
/// done there); a membership change drops the entry in the same job. Readers on any thread
/// see an entry that matches some committed state. Bounded: least recently used
/// conversations are dropped beyond `maxConversations`.
class RecentMessages {
public:
    static constexpr int kMessagesPerConversation = 50;

    explicit RecentMessages(int maxConversations);

    struct Page {
        QList<proto::Message> messages; // ascending seq
        bool hasMore = false;
        /// Set instead of the two above when the page is every cached message: the
        /// MessagesReply already encoded, shared by every reader until the next message.
        std::shared_ptr<const QByteArray> encoded;
    };
    /// The newest `limit` messages, or nothing when the entry is missing (a miss) or cannot
    /// answer (more asked than kept). NOT_A_MEMBER is the caller's to decide: `isMember`.
    [[nodiscard]] std::optional<Page> newest(quint64 conversationId, quint64 userId, int limit,
                                             bool *isMember)
    {
        return page(conversationId, userId, limit, isMember, false);
    }
    /// The same for a reply: a page of every cached message comes as Page::encoded.
    [[nodiscard]] std::optional<Page> newestEncoded(quint64 conversationId, quint64 userId,
                                                    int limit, bool *isMember)
    {
        return page(conversationId, userId, limit, isMember, true);
    }

    /// The members of a cached conversation (the send path's membership check), or nothing.
    /// Exact on the shard thread, where membership changes drop the entry.
    [[nodiscard]] std::optional<QList<quint64>> members(quint64 conversationId) const;
    [[nodiscard]] bool contains(quint64 conversationId) const;

    /// The conversation (untitled: the title of a direct one depends on the viewer) with its
    /// members' profiles and receipt cursors, and its last activity; nothing when not cached.
    struct Conversation {
        proto::Conversation conversation;
        qint64 lastActivityMs = 0;
        proto::Message lastMessage; // empty when the conversation has none
        /// Whether the viewer is a member, their read cursor and unread messages; the count
        /// only when the cached messages reach back to that cursor.
        bool isMember = false;
        quint64 readSeq = 0;
        std::optional<quint64> unread;
    };
    [[nodiscard]] std::optional<Conversation> conversation(quint64 conversationId,
                                                           quint64 viewerId) const;
    /// Messages after `readSeq` not sent by `userId`, when the cache reaches back that far.
    [[nodiscard]] std::optional<quint64> unread(quint64 conversationId, quint64 userId,
                                                quint64 readSeq) const;

    /// Shard thread: the newest messages and members as just read from the database.
    void fill(quint64 conversationId, const QList<proto::Message> &newest, bool startReached,
              const QList<quint64> &members);
    /// Shard thread: the same with the conversation itself (members taken from it).
    void fill(quint64 conversationId, const QList<proto::Message> &newest, bool startReached,
              const proto::Conversation &conversation, qint64 lastActivityMs);
    /// Shard thread, after a commit: appends when the entry is exactly one behind.
    void append(const proto::Message &message);
    /// Shard thread, after a commit: a member's receipt cursors moved.
    void moveCursors(quint64 conversationId, quint64 userId, quint64 deliveredSeq, quint64 readSeq,
                     qint64 readAtMs);
    /// Shard thread: members changed; the next read fills it again.
    void invalidate(quint64 conversationId);

    [[nodiscard]] quint64 hits() const { return m_hits; }
    [[nodiscard]] quint64 misses() const { return m_misses; }
    [[nodiscard]] int size() const;

private:
    struct Entry {
        QList<proto::Message> messages; // the newest, contiguous, ascending
        bool startReached = false;      // messages.front() is seq 1 (or the conversation is empty)
        QSet<quint64> members;
        std::optional<proto::Conversation> conversation; // members in join order, with cursors
        qint64 lastActivityMs = 0;
        /// `messages` as a MessagesReply, encoded at the first read after they changed.
        std::shared_ptr<const QByteArray> encodedPage;
    };
    std::optional<Page> page(quint64 conversationId, quint64 userId, int limit, bool *isMember,
                             bool encodeWhole);

    mutable std::mutex m_mutex;
    QCache<quint64, Entry> m_entries;
    /// Caller holds m_mutex.
    Entry *insert(quint64 conversationId, const QList<proto::Message> &newest, bool startReached,
                  const QList<quint64> &members);
    static std::optional<quint64> unreadIn(const Entry &entry, quint64 userId, quint64 readSeq);

    std::atomic<quint64> m_hits{0};
    std::atomic<quint64> m_misses{0};
};

} // namespace natter::server::storage

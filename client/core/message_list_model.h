#pragma once

#include "cache_worker.h"

#include <QAbstractListModel>
#include <optional>

namespace natter::client {

class SyncEngine;

/// One conversation's messages, oldest first, from the local cache: server messages followed
/// by the outbox (pending and failed). Older pages arrive through fetchMore (the cache first,
/// then the server); changes are applied as row inserts, removals and data changes, so views
/// keep their place. Rows are read on the cache thread: a conversation's rows arrive as one
/// reset a moment after setConversation.
class MessageListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        TextRole = Qt::UserRole + 1,
        SenderRole,
        SenderIdRole,
        TimeRole,
        StatusRole, // MessageRow::Status as int
        IsOwnRole,
        DaySeparatorRole, // true for the first message of a calendar day (known to be first)
        SeqRole,
        ClientMsgIdRole,
        ErrorRole,
        DeliveryRole,     // Delivery as int: how far an own message got
        ReadCountRole,    // own messages: how many other members read it
        OtherMembersRole, // how many other members the conversation has
        FilesRole,        // QStringList: each attached file as "name (size)"
        CardsRole,        // QStringList: the files shown as cards (all but the inline picture)
        UploadRole,       // pending messages with files: percent uploaded (-1: not started)
        // The first picture it carries (natterd measured it): its blob id, pixel size and
        // thumbnail (PNG/JPEG bytes, checked by natterd; decode off the GUI thread).
        PictureKeyRole,
        PictureSizeRole,
        ThumbnailRole,
    };
    /// An own message's progress, as the glyphs show it.
    enum class Delivery { Pending, Sent, Delivered, Read, Failed };
    Q_ENUM(Delivery)

    MessageListModel(CacheWorker &cache, SyncEngine &engine, QObject *parent = nullptr);

    void setConversation(quint64 conversationId, quint64 ownUserId);
    /// Shows the conversation's timeline at `seq` (a search hit): from the cache when the
    /// message is among the newest cached ones, else the page around it from the server (then
    /// the rows stop at that page's end until newer pages are fetched: showsLatest() is false).
    /// targetShown tells its row once it is there, targetUnavailable when it cannot be had.
    void showAround(quint64 seq);
    /// Back to the newest messages, live, after showAround.
    void showLatest();
    /// Whether the rows reach the newest message (and new ones are added as they come).
    [[nodiscard]] bool showsLatest() const { return !m_inWindow; }
    /// showAround is still on its way to its message.
    [[nodiscard]] bool hasPendingTarget() const { return m_target != 0; }
    /// Scrolling down from a page opened by showAround: the next newer page.
    [[nodiscard]] bool canFetchNewer() const;
    void fetchNewer();
    /// The row of message `seq`, -1 when it is not shown.
    [[nodiscard]] int rowOfSeq(quint64 seq) const;
    [[nodiscard]] quint64 conversationId() const { return m_conversationId; }
    /// The files message `row` carries.
    [[nodiscard]] QList<proto::Attachment> attachmentsAt(int row) const
    {
        return m_rows.value(row).attachments;
    }
    /// The picture `row` shows inline (the first with a pixel size), if any.
    [[nodiscard]] std::optional<proto::Attachment> pictureAt(int row) const
    {
        const proto::Attachment *picture =
            row >= 0 && row < int(m_rows.size()) ? pictureOf(m_rows[row]) : nullptr;
        return picture ? std::optional<proto::Attachment>(*picture) : std::nullopt;
    }
    /// The files of `row` shown as cards, in CardsRole's order (all but the inline picture).
    [[nodiscard]] QList<proto::Attachment> cardsAt(int row) const;
    /// The first picture among `row`'s files (width and height set), if any.
    [[nodiscard]] static const proto::Attachment *pictureOf(const MessageRow &row);
    /// The conversation's other members with their receipt cursors.
    [[nodiscard]] const QList<MemberRow> &otherMembers() const { return m_others; }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    [[nodiscard]] bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    static constexpr int kPageSize = 50;

signals:
    /// otherMembers() changed (read for a new conversation, or a receipt moved).
    void membersChanged();
    /// A read of the cache finished that made canFetchMore() say no (it does while one runs):
    /// a view that wanted older rows then asks again now.
    void settled();
    /// The message showAround asked for is at `row` now.
    void targetShown(int row);
    /// The message showAround asked for is neither cached nor reachable (offline).
    void targetUnavailable();
    /// showsLatest() changed.
    void windowChanged();

private:
    /// What one read of the cache brings.
    struct Page {
        QList<MessageRow> rows; // from `fromSeq` (or the newest page) plus the outbox
        quint64 fromSeq = 0;
        quint64 cachedFirstSeq = 0; // the oldest cached message's seq
        quint64 lastSeq = 0;        // the conversation's newest seq
    };
    void onMessagesChanged(quint64 conversationId);
    /// Reads the rows again; down to where the cached run below them starts with
    /// `extendToOldest`.
    void load(bool extendToOldest = false);
    /// Reads the rows afresh (one reset): after the window moved somewhere else.
    void reload();
    /// Shows a page of the server's far from the cached messages (showAround).
    void enterWindow(const QList<proto::Message> &page, bool hasOlder);
    void fetchOlderInWindow();
    /// Reading down reached the newest or the cached run: the window's rows go into the cache
    /// and the rows are the cache's again, without a reset.
    /// `shown`: they are the rows on screen (which then stay, the newer ones added below).
    void joinLatest(const QList<proto::Message> &messages, bool shown);
    [[nodiscard]] static MessageRow rowOf(const proto::Message &message);
    void onLoaded(const Page &page);
    void loadMembers();
    void setMembers(const QList<MemberRow> &members);
    void prepend(const QList<MessageRow> &older);
    void apply(const QList<MessageRow> &rows);
    void onReceiptsChanged(quint64 conversationId);
    [[nodiscard]] Delivery delivery(const MessageRow &row) const;
    [[nodiscard]] int readCount(quint64 seq) const;
    [[nodiscard]] static QStringList files(const MessageRow &row, bool cardsOnly = false);

    CacheWorker &m_cache;
    SyncEngine &m_engine;
    quint64 m_conversationId = 0;
    quint64 m_ownUserId = 0;
    quint64 m_generation = 0; // bumped per conversation: results for an earlier one are dropped
    quint64 m_fromSeq = 0;    // lowest seq shown; 0 = just the newest page
    // A page opened far back (showAround): its rows come from the server and stay out of the
    // cache (which holds only the newest run) until reading down joins them to it.
    bool m_inWindow = false;
    bool m_windowHasOlder = false;
    quint64 m_toSeq = 0;                    // the window's newest seq
    QList<proto::Message> m_windowMessages; // its rows as the server sent them (to cache)
    quint64 m_target = 0;                   // the seq showAround waits to show
    quint64 m_window = 0;                   // bumped when the rows move to another stretch (reload)
    bool m_fetchingNewer = false;
    quint64 m_cachedFirstSeq = 0;
    quint64 m_lastSeq = 0;
    bool m_loaded = false;      // the first read for this conversation is in
    bool m_loading = false;     // a read of the rows is on its way
    bool m_loadAgain = false;   // ... and they changed again since it was asked for
    bool m_extendAgain = false; // ... and the next one should reach the oldest cached
    bool m_fetching = false;    // an older page is being read from the cache
    bool m_waitingForServer = false;
    bool m_busy = false;                        // inside apply() or fetchMore()
    mutable bool m_refusedWhileReading = false; // canFetchMore said no only because of a read
    QList<MessageRow> m_rows;
    QHash<QString, int> m_uploadPercent; // client_msg_id → percent of its files uploaded
    QList<MemberRow> m_others;           // the other members with their receipt cursors
};

} // namespace natter::client

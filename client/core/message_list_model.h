#pragma once

#include "local_cache.h"

#include <QAbstractListModel>

namespace natter::client {

class SyncEngine;

/// One conversation's messages, oldest first, from the local cache: server messages followed
/// by the outbox (pending and failed). Older pages arrive through fetchMore (the cache first,
/// then the server); changes are applied as row inserts, removals and data changes, so views
/// keep their place.
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
    };
    /// An own message's progress, as the glyphs show it.
    enum class Delivery { Pending, Sent, Delivered, Read, Failed };
    Q_ENUM(Delivery)

    MessageListModel(LocalCache &cache, SyncEngine &engine, QObject *parent = nullptr);

    void setConversation(quint64 conversationId, quint64 ownUserId);
    [[nodiscard]] quint64 conversationId() const { return m_conversationId; }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    [[nodiscard]] bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    static constexpr int kPageSize = 50;

private:
    void onMessagesChanged(quint64 conversationId);
    [[nodiscard]] QList<MessageRow> load() const;
    void apply(const QList<MessageRow> &rows);
    void onReceiptsChanged(quint64 conversationId);
    [[nodiscard]] Delivery delivery(const MessageRow &row) const;
    [[nodiscard]] int readCount(quint64 seq) const;

    LocalCache &m_cache;
    SyncEngine &m_engine;
    quint64 m_conversationId = 0;
    quint64 m_ownUserId = 0;
    quint64 m_fromSeq = 0; // lowest seq shown; 0 = just the newest page
    bool m_waitingForServer = false;
    bool m_busy = false; // inside apply() or fetchMore()
    QList<MessageRow> m_rows;
    QList<MemberRow> m_others; // the other members with their receipt cursors
};

} // namespace natter::client

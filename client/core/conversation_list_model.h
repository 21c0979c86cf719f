#pragma once

#include "cache_worker.h"
#include "presence_book.h"

#include <QAbstractListModel>

namespace natter::client {

class SyncEngine;

/// The conversation list, newest activity first, read from the local cache (on its thread:
/// the rows arrive a moment after a change is announced).
class ConversationListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        TitleRole,
        PreviewRole,
        UnreadRole,
        LastActivityRole,
        KindRole,
        PresenceRole, // direct conversations: the other person's proto::PresenceState
        PeerRole,     // direct conversations: the other person's user id (0 otherwise)
    };

    ConversationListModel(CacheWorker &cache, SyncEngine &engine, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] int rowOf(quint64 conversationId) const;
    /// A listed conversation as last read (nothing when it is not listed).
    [[nodiscard]] std::optional<ConversationRow> conversation(quint64 conversationId) const;
    [[nodiscard]] quint64 totalUnread() const;
    /// Direct conversations show the other person's presence.
    void setPresenceBook(PresenceBook *book);
    /// The other member of a direct conversation (0 for groups or when unknown).
    [[nodiscard]] quint64 peerOf(quint64 conversationId) const;

public slots:
    /// Reads the list again. A burst of changes is read once: while one reload is on its way,
    /// the next waits for it and covers every change since.
    void reload();
    /// Reads one conversation again and moves its row to where its activity puts it.
    void updateRow(quint64 conversationId);

signals:
    void totalUnreadChanged(quint64 total);
    /// The rows were read from the cache (the first time, and after each reload).
    void loaded();

private:
    struct Snapshot {
        QList<ConversationRow> rows;
        QHash<quint64, QList<quint64>> directMembers;
    };
    void apply(const Snapshot &snapshot);
    void applyRow(const ConversationRow &fresh);

    CacheWorker &m_cache;
    QList<ConversationRow> m_rows;
    QHash<quint64, QList<quint64>> m_directMembers; // conversation → its two members
    PresenceBook *m_presence = nullptr;
    bool m_reloading = false;   // a reload is on its way
    bool m_reloadAgain = false; // ... and the list changed again since it was asked for
};

} // namespace natter::client

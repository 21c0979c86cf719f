#pragma once

#include "local_cache.h"
#include "presence_book.h"

#include <QAbstractListModel>

namespace natter::client {

class SyncEngine;

/// The conversation list, newest activity first, read from the local cache.
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
    };

    ConversationListModel(LocalCache &cache, SyncEngine &engine, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] int rowOf(quint64 conversationId) const;
    [[nodiscard]] quint64 totalUnread() const;
    /// Direct conversations show the other person's presence.
    void setPresenceBook(PresenceBook *book);
    /// The other member of a direct conversation (0 for groups or when unknown).
    [[nodiscard]] quint64 peerOf(quint64 conversationId) const;

public slots:
    void reload();
    /// reload() once the current burst of changes is through.
    void scheduleReload();
    /// Reads one conversation again and moves its row to where its activity puts it.
    void updateRow(quint64 conversationId);

signals:
    void totalUnreadChanged(quint64 total);

private:
    LocalCache &m_cache;
    QList<ConversationRow> m_rows;
    PresenceBook *m_presence = nullptr;
    bool m_burst = false;                    // a reload ran in this turn of the event loop
    bool m_reloadAfterBurst = false;         // ... and the list changed again since
    mutable QHash<quint64, quint64> m_peers; // a direct conversation's members never change
};

} // namespace natter::client

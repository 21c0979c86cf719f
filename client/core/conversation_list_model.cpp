#include "conversation_list_model.h"

#include "sync_engine.h"

#include <QDateTime>
#include <QTimer>
#include <algorithm>
#include <utility>

namespace natter::client {

ConversationListModel::ConversationListModel(LocalCache &cache, SyncEngine &engine, QObject *parent)
    : QAbstractListModel(parent)
    , m_cache(cache)
{
    // Many changes in one go (a sync, a burst of messages) read the list once.
    connect(&engine, &SyncEngine::conversationsChanged, this,
            &ConversationListModel::scheduleReload);
    connect(&engine, &SyncEngine::conversationChanged, this, &ConversationListModel::updateRow);
    reload();
}

void ConversationListModel::scheduleReload()
{
    // The first change of a burst is shown at once; the rest of the burst is read once, when
    // control is back in the event loop.
    if (m_burst) {
        m_reloadAfterBurst = true;
        return;
    }
    reload();
    m_burst = true;
    QTimer::singleShot(0, this, [this] {
        m_burst = false;
        if (std::exchange(m_reloadAfterBurst, false))
            reload();
    });
}

namespace {
/// The list's order: newest activity first, then the higher id.
bool before(const ConversationRow &a, const ConversationRow &b)
{
    return a.lastActivityMs != b.lastActivityMs ? a.lastActivityMs > b.lastActivityMs : a.id > b.id;
}
} // namespace

void ConversationListModel::updateRow(quint64 conversationId)
{
    const int from = rowOf(conversationId);
    const auto fresh = m_cache.conversation(conversationId); // one row by key
    if (from < 0 || !fresh || m_reloadAfterBurst)
        return scheduleReload(); // new to the list, gone, or all of it is read again anyway
    const quint64 unreadBefore = totalUnread();
    m_rows.removeAt(from);
    const int to =
        int(std::find_if(m_rows.cbegin(), m_rows.cend(),
                         [&](const ConversationRow &row) { return before(*fresh, row); }) -
            m_rows.cbegin());
    m_rows.insert(from, *fresh); // back in place for the move notification
    if (to != from) {
        // beginMoveRows counts the destination before the row is taken out.
        beginMoveRows({}, from, from, {}, to > from ? to + 1 : to);
        m_rows.move(from, to);
        endMoveRows();
    }
    emit dataChanged(index(to), index(to));
    if (totalUnread() != unreadBefore)
        emit totalUnreadChanged(totalUnread());
}

void ConversationListModel::reload()
{
    const QList<ConversationRow> rows = m_cache.conversations();
    const quint64 before = totalUnread();
    if (rows.size() != m_rows.size()) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
    } else {
        bool sameOrder = true;
        for (qsizetype i = 0; sameOrder && i < rows.size(); ++i)
            sameOrder = rows[i].id == m_rows[i].id;
        if (sameOrder) {
            // Only contents changed: selection and scroll position stay untouched.
            m_rows = rows;
            if (!m_rows.isEmpty())
                emit dataChanged(index(0), index(int(m_rows.size()) - 1));
        } else {
            // Reordered by activity: persistent indexes (the selection) follow their rows.
            emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
            const QModelIndexList persistent = persistentIndexList();
            QList<quint64> ids;
            for (const QModelIndex &i : persistent)
                ids.append(m_rows.value(i.row()).id);
            m_rows = rows;
            QModelIndexList moved;
            for (quint64 id : ids) {
                const int row = rowOf(id);
                moved.append(row >= 0 ? index(row) : QModelIndex());
            }
            changePersistentIndexList(persistent, moved);
            emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
        }
    }
    if (totalUnread() != before)
        emit totalUnreadChanged(totalUnread());
}

int ConversationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

void ConversationListModel::setPresenceBook(PresenceBook *book)
{
    m_presence = book;
    connect(book, &PresenceBook::presenceChanged, this, [this]() {
        if (!m_rows.isEmpty())
            emit dataChanged(index(0), index(int(m_rows.size()) - 1),
                             {PresenceRole, Qt::ToolTipRole});
    });
}

quint64 ConversationListModel::peerOf(quint64 conversationId) const
{
    if (const auto it = m_peers.constFind(conversationId); it != m_peers.constEnd())
        return *it;
    const quint64 self = m_presence ? m_presence->ownUserId() : 0;
    const auto row = m_cache.conversation(conversationId);
    if (!row || row->kind != proto::DIRECT || self == 0)
        return 0;
    for (const MemberRow &member : m_cache.members(conversationId)) {
        if (member.userId != self) {
            m_peers.insert(conversationId, member.userId);
            return member.userId;
        }
    }
    return 0;
}

QVariant ConversationListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConversationRow &row = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return row.title;
    case Qt::ToolTipRole: {
        const quint64 peer = m_presence && row.kind == proto::DIRECT ? peerOf(row.id) : 0;
        return peer ? PresenceBook::describe(m_presence->presence(peer)) : QVariant();
    }
    case PresenceRole: {
        const quint64 peer = m_presence && row.kind == proto::DIRECT ? peerOf(row.id) : 0;
        return peer ? int(m_presence->presence(peer).state()) : int(proto::OFFLINE);
    }
    case Qt::AccessibleTextRole:
        return row.unreadCount > 0
                   ? tr("%1, %n unread", nullptr, int(row.unreadCount)).arg(row.title)
                   : row.title;
    case IdRole:
        return QVariant::fromValue(row.id);
    case PreviewRole:
        if (row.lastText.isEmpty())
            return QString();
        return row.kind == proto::GROUP ? row.lastSender + QStringLiteral(": ") + row.lastText
                                        : row.lastText;
    case UnreadRole:
        return QVariant::fromValue(row.unreadCount);
    case LastActivityRole:
        return QDateTime::fromMSecsSinceEpoch(row.lastActivityMs);
    case KindRole:
        return int(row.kind);
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationListModel::roleNames() const
{
    return {{IdRole, "conversationId"},         {TitleRole, "title"},
            {PreviewRole, "preview"},           {UnreadRole, "unread"},
            {LastActivityRole, "lastActivity"}, {KindRole, "kind"}};
}

int ConversationListModel::rowOf(quint64 conversationId) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].id == conversationId)
            return int(i);
    }
    return -1;
}

quint64 ConversationListModel::totalUnread() const
{
    quint64 total = 0;
    for (const ConversationRow &row : m_rows)
        total += row.unreadCount;
    return total;
}

} // namespace natter::client

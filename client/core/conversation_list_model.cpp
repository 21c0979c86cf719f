#include "conversation_list_model.h"

#include "sync_engine.h"

#include <QDateTime>
#include <algorithm>
#include <utility>

namespace natter::client {

ConversationListModel::ConversationListModel(CacheWorker &cache, SyncEngine &engine,
                                             QObject *parent)
    : QAbstractListModel(parent)
    , m_cache(cache)
{
    connect(&engine, &SyncEngine::conversationsChanged, this, &ConversationListModel::reload);
    connect(&engine, &SyncEngine::conversationChanged, this, &ConversationListModel::updateRow);
    reload();
}

void ConversationListModel::reload()
{
    if (m_reloading) {
        m_reloadAgain = true; // read once more when this one is in, covering the rest
        return;
    }
    m_reloading = true;
    m_cache.read(
        this,
        [](LocalCache &cache) {
            return Snapshot{cache.conversations(), cache.directMembers()};
        },
        [this](const Snapshot &snapshot) {
            m_reloading = false;
            apply(snapshot);
            if (std::exchange(m_reloadAgain, false))
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
    if (rowOf(conversationId) < 0)
        return reload(); // new to the list
    // Read after every write announced so far; a reload asked for earlier lands first.
    m_cache.read(
        this, [conversationId](LocalCache &cache) { return cache.conversation(conversationId); },
        [this, conversationId](const std::optional<ConversationRow> &fresh) {
            if (!fresh || rowOf(conversationId) < 0)
                return reload(); // gone, or no longer listed
            applyRow(*fresh);
        });
}

void ConversationListModel::applyRow(const ConversationRow &fresh)
{
    const int from = rowOf(fresh.id);
    const quint64 unreadBefore = totalUnread();
    m_rows.removeAt(from);
    const int to =
        int(std::find_if(m_rows.cbegin(), m_rows.cend(),
                         [&](const ConversationRow &row) { return before(fresh, row); }) -
            m_rows.cbegin());
    m_rows.insert(from, fresh); // back in place for the move notification
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

void ConversationListModel::apply(const Snapshot &snapshot)
{
    const QList<ConversationRow> &rows = snapshot.rows;
    m_directMembers = snapshot.directMembers;
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
    emit loaded();
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
    const quint64 self = m_presence ? m_presence->ownUserId() : 0;
    if (self == 0)
        return 0;
    for (quint64 member : m_directMembers.value(conversationId)) {
        if (member != self)
            return member;
    }
    return 0;
}

std::optional<ConversationRow> ConversationListModel::conversation(quint64 conversationId) const
{
    const int row = rowOf(conversationId);
    return row >= 0 ? std::optional(m_rows[row]) : std::nullopt;
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
    case PeerRole:
        return QVariant::fromValue(row.kind == proto::DIRECT ? peerOf(row.id) : quint64(0));
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

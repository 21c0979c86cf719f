#include "message_list_model.h"

#include <QFileInfo>
#include <QSize>

#include "sync_engine.h"

#include <QDateTime>
#include <QScopedValueRollback>
#include <QSet>

namespace natter::client {

MessageListModel::MessageListModel(CacheWorker &cache, SyncEngine &engine, QObject *parent)
    : QAbstractListModel(parent)
    , m_cache(cache)
    , m_engine(engine)
{
    connect(&engine, &SyncEngine::messagesChanged, this, &MessageListModel::onMessagesChanged);
    connect(&engine, &SyncEngine::receiptsChanged, this, &MessageListModel::onReceiptsChanged);
    connect(&engine, &SyncEngine::uploadProgress, this,
            [this](const QString &clientMsgId, quint64 sent, quint64 total) {
                const int percent = total ? int(sent * 100 / total) : 100;
                if (m_uploadPercent.value(clientMsgId, -1) == percent)
                    return;
                m_uploadPercent.insert(clientMsgId, percent);
                for (int i = m_rows.size() - 1; i >= 0; --i) {
                    if (m_rows[i].clientMsgId == clientMsgId) {
                        emit dataChanged(index(i), index(i), {UploadRole});
                        break;
                    }
                }
            });
}

void MessageListModel::onReceiptsChanged(quint64 conversationId)
{
    if (conversationId == m_conversationId && m_conversationId != 0)
        loadMembers();
}

void MessageListModel::loadMembers()
{
    m_cache.read(
        this, [id = m_conversationId](LocalCache &cache) { return cache.members(id); },
        [this, generation = m_generation](const QList<MemberRow> &members) {
            if (generation == m_generation)
                setMembers(members);
        });
}

void MessageListModel::setMembers(const QList<MemberRow> &members)
{
    m_others = members;
    m_others.removeIf([this](const MemberRow &m) { return m.userId == m_ownUserId; });
    if (!m_rows.isEmpty())
        emit dataChanged(index(0), index(int(m_rows.size()) - 1),
                         {DeliveryRole, ReadCountRole, OtherMembersRole});
    emit membersChanged();
}

int MessageListModel::readCount(quint64 seq) const
{
    return int(std::count_if(m_others.cbegin(), m_others.cend(),
                             [seq](const MemberRow &m) { return m.readSeq >= seq; }));
}

MessageListModel::Delivery MessageListModel::delivery(const MessageRow &row) const
{
    if (row.status == MessageRow::Status::Pending)
        return Delivery::Pending;
    if (row.status == MessageRow::Status::Failed)
        return Delivery::Failed;
    // Read once every other member read it (in a group "read by N of M" tells the rest);
    // delivered once any device of another member has it.
    if (!m_others.isEmpty() && readCount(row.seq) == m_others.size())
        return Delivery::Read;
    const bool delivered = std::any_of(m_others.cbegin(), m_others.cend(), [&](const MemberRow &m) {
        return m.deliveredSeq >= row.seq;
    });
    return delivered ? Delivery::Delivered : Delivery::Sent;
}

void MessageListModel::setConversation(quint64 conversationId, quint64 ownUserId)
{
    beginResetModel();
    ++m_generation;
    m_conversationId = conversationId;
    m_ownUserId = ownUserId;
    ++m_window;
    m_fromSeq = m_toSeq = m_target = m_cachedFirstSeq = m_lastSeq = 0;
    m_loaded = m_loading = m_loadAgain = m_extendAgain = m_fetching = m_fetchingNewer = false;
    m_inWindow = m_windowHasOlder = false;
    m_windowMessages.clear();
    m_waitingForServer = false;
    m_rows.clear();
    m_others.clear();
    endResetModel();
    if (conversationId == 0)
        return;
    loadMembers();
    load();
}

void MessageListModel::load(bool extendToOldest)
{
    // One read at a time, and none while an older page is being put on top: each starts
    // from the rows shown when it is asked for.
    if (m_inWindow)
        return; // a page opened far back: its rows are not the cache's
    if (m_loading || m_fetching) {
        m_loadAgain = true; // once this one is in: it covers every change since
        m_extendAgain = m_extendAgain || extendToOldest;
        return;
    }
    m_loading = true;
    m_cache.read(
        this,
        [id = m_conversationId, fromSeq = m_fromSeq, extendToOldest](LocalCache &cache) {
            Page page;
            // Older rows come only from the cached run that reaches down from what is shown.
            const quint64 top = fromSeq > 0 ? fromSeq : cache.maxSeq(id);
            page.cachedFirstSeq = top > 0 ? cache.runStart(id, top) : 0;
            page.fromSeq = fromSeq;
            if (extendToOldest && page.cachedFirstSeq > 0 &&
                (fromSeq == 0 || page.cachedFirstSeq < fromSeq))
                page.fromSeq = page.cachedFirstSeq; // the older page the user scrolled for
            page.rows = page.fromSeq > 0 ? cache.messagesFrom(id, page.fromSeq)
                                         : cache.messages(id, 0, kPageSize);
            page.rows += cache.outbox(id);
            page.lastSeq = cache.conversation(id).value_or(ConversationRow{}).lastSeq;
            return page;
        },
        [this, generation = m_generation, window = m_window](const Page &page) {
            if (generation != m_generation)
                return;
            if (window != m_window) { // read before the window moved: read it again
                m_loading = false;
                m_loadAgain = m_extendAgain = false;
                if (std::exchange(m_refusedWhileReading, false))
                    emit settled();
                return load();
            }
            onLoaded(page);
        });
}

void MessageListModel::onLoaded(const Page &page)
{
    m_loading = false;
    m_fromSeq = page.fromSeq;
    m_cachedFirstSeq = page.cachedFirstSeq;
    m_lastSeq = page.lastSeq;
    if (!std::exchange(m_loaded, true)) {
        // The conversation's first rows: one reset, and the view starts at the bottom.
        beginResetModel();
        m_rows = page.rows;
        endResetModel();
    } else {
        apply(page.rows);
    }
    if (m_target) {
        if (const int row = rowOfSeq(m_target); row >= 0) {
            m_target = 0;
            emit targetShown(row);
        }
    }
    if (std::exchange(m_loadAgain, false))
        return load(std::exchange(m_extendAgain, false));
    if (std::exchange(m_refusedWhileReading, false))
        emit settled();
}

int MessageListModel::rowOfSeq(quint64 seq) const
{
    if (seq == 0)
        return -1;
    const auto it = std::lower_bound(
        m_rows.cbegin(), m_rows.cend(), seq,
        [](const MessageRow &row, quint64 wanted) { return row.seq != 0 && row.seq < wanted; });
    return it != m_rows.cend() && it->seq == seq ? int(it - m_rows.cbegin()) : -1;
}

void MessageListModel::reload()
{
    ++m_window; // reads and fetches in flight are for the old rows: dropped
    m_fetching = m_fetchingNewer = m_waitingForServer = false;
    m_loaded = false; // one reset: the rows are another stretch of the conversation
    load();
}

void MessageListModel::onMessagesChanged(quint64 conversationId)
{
    if (conversationId != m_conversationId || m_conversationId == 0 || m_inWindow)
        return;
    if (m_fromSeq == 0 && !m_rows.isEmpty() && m_rows.front().seq > 0)
        m_fromSeq = m_rows.front().seq; // keep what is shown; new rows come after it
    // The older page the user scrolled for has arrived (or the server has none).
    load(std::exchange(m_waitingForServer, false));
}

void MessageListModel::apply(const QList<MessageRow> &rows)
{
    // Views and testers may call fetchMore() from the signals below; it must not change the
    // rows while this loop walks them.
    const QScopedValueRollback busy(m_busy, true);
    QSet<QString> wanted;
    for (const MessageRow &row : rows)
        wanted.insert(row.clientMsgId);
    // 1. Rows that are gone (a discarded failed message, an evicted page).
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (!wanted.contains(m_rows[i].clientMsgId)) {
            beginRemoveRows({}, i, i);
            m_rows.removeAt(i);
            endRemoveRows();
        }
    }
    // 2. The rows that stay must keep their order, else start over.
    QSet<QString> present;
    for (const MessageRow &row : std::as_const(m_rows))
        present.insert(row.clientMsgId);
    qsizetype k = 0;
    for (const MessageRow &row : rows) {
        if (!present.contains(row.clientMsgId))
            continue;
        if (m_rows[k++].clientMsgId != row.clientMsgId) {
            beginResetModel();
            m_rows = rows;
            endResetModel();
            return;
        }
    }
    // 3. Insert new rows where they belong; refresh rows whose state changed (pending→sent).
    for (int j = 0; j < int(rows.size()); ++j) {
        if (j < m_rows.size() && m_rows[j].clientMsgId == rows[j].clientMsgId) {
            const MessageRow &old = m_rows[j];
            if (old.status != rows[j].status || old.seq != rows[j].seq ||
                old.sentAtMs != rows[j].sentAtMs || old.error != rows[j].error) {
                m_rows[j] = rows[j];
                emit dataChanged(index(j), index(j));
            }
            continue;
        }
        beginInsertRows({}, j, j);
        m_rows.insert(j, rows[j]);
        endInsertRows();
        if (j + 1 < m_rows.size())
            emit dataChanged(index(j + 1), index(j + 1), {DaySeparatorRole});
    }
}

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MessageRow &row = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole: {
        // The caption, then a line per file.
        QStringList lines = files(row);
        for (QString &line : lines)
            line.prepend(QStringLiteral("📎 "));
        if (!row.text.isEmpty())
            lines.prepend(row.text);
        return lines.join(QLatin1Char('\n'));
    }
    case TextRole:
        return row.text;
    case FilesRole:
        return files(row);
    case CardsRole:
        return files(row, /*cardsOnly=*/true);
    case PictureKeyRole:
    case PictureSizeRole:
    case ThumbnailRole: {
        const proto::Attachment *picture = pictureOf(row);
        if (!picture)
            return {};
        if (role == PictureKeyRole)
            return QString::fromStdString(picture->blob_id());
        if (role == PictureSizeRole)
            return QSize(int(picture->width()), int(picture->height()));
        return QByteArray::fromStdString(picture->thumbnail());
    }
    case UploadRole:
        return row.localFiles.isEmpty() || row.status != MessageRow::Status::Pending
                   ? QVariant()
                   : QVariant(m_uploadPercent.value(row.clientMsgId, -1));
    case Qt::AccessibleTextRole:
        return tr("%1 at %2: %3")
            .arg(row.senderUsername,
                 QLocale().toString(QDateTime::fromMSecsSinceEpoch(row.sentAtMs).time(),
                                    QLocale::ShortFormat),
                 (row.text.isEmpty() ? files(row) : QStringList(row.text) + files(row))
                     .join(QStringLiteral(", ")));
    case SenderRole:
        return row.senderUsername;
    case SenderIdRole:
        return QVariant::fromValue(row.senderId);
    case TimeRole:
        return QDateTime::fromMSecsSinceEpoch(row.sentAtMs);
    case StatusRole:
        return int(row.status);
    case IsOwnRole:
        return row.senderId == m_ownUserId;
    case DaySeparatorRole: {
        // The first loaded row only knows it starts a day when it starts the conversation;
        // otherwise a page prepended later would add the separator and shift the view.
        if (index.row() == 0)
            return row.seq <= 1;
        const auto day = [](const MessageRow &r) {
            return QDateTime::fromMSecsSinceEpoch(r.sentAtMs).date();
        };
        return day(m_rows[index.row() - 1]) != day(row);
    }
    case SeqRole:
        return QVariant::fromValue(row.seq);
    case ClientMsgIdRole:
        return row.clientMsgId;
    case ErrorRole:
        return row.error;
    case DeliveryRole:
        return int(delivery(row));
    case ReadCountRole:
        return row.seq > 0 ? readCount(row.seq) : 0;
    case OtherMembersRole:
        return int(m_others.size());
    default:
        return {};
    }
}

const proto::Attachment *MessageListModel::pictureOf(const MessageRow &row)
{
    for (const proto::Attachment &file : row.attachments) {
        if (file.width() > 0 && file.height() > 0)
            return &file;
    }
    return nullptr;
}

QList<proto::Attachment> MessageListModel::cardsAt(int row) const
{
    QList<proto::Attachment> cards;
    if (row < 0 || row >= int(m_rows.size()))
        return cards;
    const MessageRow &message = m_rows[row];
    const proto::Attachment *picture = pictureOf(message);
    for (const proto::Attachment &file : message.attachments) {
        if (&file != picture)
            cards.append(file);
    }
    return cards;
}

QStringList MessageListModel::files(const MessageRow &row, bool cardsOnly)
{
    QStringList names;
    const proto::Attachment *picture = cardsOnly ? pictureOf(row) : nullptr;
    for (const proto::Attachment &file : row.attachments) {
        if (&file == picture)
            continue; // shown inline instead
        names.append(QStringLiteral("%1 (%2)").arg(
            QString::fromStdString(file.file_name()),
            QLocale().formattedDataSize(qint64(file.size()), 1, QLocale::DataSizeSIFormat)));
    }
    for (qsizetype i = 0; i < row.localFiles.size(); ++i)
        names.append(QStringLiteral("%1 (%2)").arg(
            QFileInfo(row.localFiles[i]).fileName(),
            QLocale().formattedDataSize(row.localFileSizes.value(i), 1,
                                        QLocale::DataSizeSIFormat)));
    return names;
}

QHash<int, QByteArray> MessageListModel::roleNames() const
{
    return {{TextRole, "text"},
            {SenderRole, "sender"},
            {SenderIdRole, "senderId"},
            {TimeRole, "time"},
            {StatusRole, "status"},
            {IsOwnRole, "isOwn"},
            {DaySeparatorRole, "daySeparator"},
            {SeqRole, "seq"},
            {ClientMsgIdRole, "clientMsgId"},
            {ErrorRole, "error"},
            {DeliveryRole, "delivery"},
            {ReadCountRole, "readCount"},
            {OtherMembersRole, "otherMembers"},
            {FilesRole, "files"}};
}

bool MessageListModel::canFetchMore(const QModelIndex &parent) const
{
    if (parent.isValid() || m_conversationId == 0 || m_busy)
        return false;
    if (!m_loaded || m_fetching || m_loading) {
        m_refusedWhileReading = true; // settled() tells when asking again can help
        return false;
    }
    if (m_inWindow)
        return m_windowHasOlder;
    const quint64 first = m_rows.isEmpty() ? 0 : m_rows.front().seq;
    if (first > 0 && m_cachedFirstSeq > 0 && m_cachedFirstSeq < first)
        return true; // older messages are in the cache
    return !m_waitingForServer &&
           m_engine.hasOlderOnServer(m_conversationId, m_cachedFirstSeq, m_lastSeq);
}

void MessageListModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    if (m_inWindow)
        return fetchOlderInWindow();
    const quint64 first = m_rows.isEmpty() ? 0 : m_rows.front().seq;
    if (first > 0 && m_cachedFirstSeq > 0 && m_cachedFirstSeq < first) {
        m_fetching = true;
        m_cache.read(
            this,
            [id = m_conversationId, first, runStart = m_cachedFirstSeq](LocalCache &cache) {
                QList<MessageRow> older = cache.messages(id, first, kPageSize);
                older.removeIf([runStart](const MessageRow &row) { return row.seq < runStart; });
                return older;
            },
            [this, generation = m_generation, window = m_window,
             first](const QList<MessageRow> &older) {
                // The rows moved elsewhere meanwhile: dropped (the move reset the flags).
                if (generation != m_generation || window != m_window)
                    return;
                m_fetching = false;
                if (older.isEmpty())
                    m_cachedFirstSeq = first; // evicted meanwhile: the server has them
                prepend(older);
                if (std::exchange(m_loadAgain, false))
                    return load(std::exchange(m_extendAgain, false));
                if (std::exchange(m_refusedWhileReading, false))
                    emit settled();
            });
        return;
    }
    m_waitingForServer = true;
    m_engine.loadOlder(m_conversationId, kPageSize, first);
}

void MessageListModel::prepend(const QList<MessageRow> &older)
{
    // Only when it still fits on top of what is shown (an eviction may have moved it).
    const quint64 first = m_rows.isEmpty() ? 0 : m_rows.front().seq;
    if (older.isEmpty() || first == 0 || older.back().seq + 1 != first)
        return;
    const QScopedValueRollback busy(m_busy, true);
    beginInsertRows({}, 0, int(older.size()) - 1);
    m_rows = older + m_rows;
    m_fromSeq = older.front().seq;
    endInsertRows();
}

} // namespace natter::client

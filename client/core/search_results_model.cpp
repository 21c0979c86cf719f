#include "search_results_model.h"

#include "cache_search.h"
#include "protocol.h"

#include <QDateTime>
#include <QPoint>

namespace natter::client {

SearchResultsModel::SearchResultsModel(Client &client, CacheWorker &cache, QObject *parent)
    : QAbstractListModel(parent)
    , m_client(client)
    , m_cache(cache)
    , m_serverDelay(new QTimer(this))
{
    m_serverDelay->setSingleShot(true);
    m_serverDelay->setInterval(kServerDelayMs);
    connect(m_serverDelay, &QTimer::timeout, this, &SearchResultsModel::searchServer);
    // Back online: the server adds what the cache does not have.
    connect(&client.connection(), &Connection::stateChanged, this, [this](Connection::State s) {
        if (s == Connection::State::Ready && m_status == Status::Offline && !m_query.isEmpty()) {
            m_cursor.clear();
            m_followUps = 0;
            searchServer();
        }
    });
}

void SearchResultsModel::setQuery(const QString &text, quint64 conversationId)
{
    beginResetModel();
    ++m_generation;
    m_text = text.trimmed();
    m_query = search::parseQuery(m_text);
    m_conversationId = conversationId;
    m_hits.clear();
    m_keys.clear();
    m_cursor.clear();
    m_serverBusy = m_anchored = false;
    m_followUps = 0;
    m_failure.clear();
    endResetModel();
    m_serverDelay->stop();
    if (m_query.isEmpty())
        return setStatus(Status::Idle);
    // The cache answers at once, with or without a network.
    m_cache.read(
        this,
        [query = m_query, conversationId](LocalCache &cache) {
            return CacheSearch(cache.database()).search(query, conversationId, kPageSize);
        },
        [this, generation = m_generation](const QList<CacheHit> &found) {
            if (generation != m_generation)
                return;
            QList<Hit> hits;
            for (const CacheHit &h : found)
                hits.append(Hit{h.conversationId, h.seq, h.senderUsername, h.sentAtMs, h.fileCount,
                                h.snippet, false});
            merge(hits);
        });
    if (m_client.connection().state() != Connection::State::Ready)
        return setStatus(Status::Offline);
    setStatus(Status::SearchingServer);
    m_serverDelay->start();
}

void SearchResultsModel::searchServer()
{
    if (m_client.connection().state() != Connection::State::Ready) {
        m_cursor.clear();
        return setStatus(Status::Offline);
    }
    proto::SearchRequest request;
    request.set_query(m_text.toStdString());
    request.set_conversation_id(m_conversationId);
    request.set_limit(kPageSize);
    request.set_cursor(m_cursor);
    m_retryCursor = m_cursor;
    m_serverBusy = true;
    setStatus(Status::SearchingServer);
    m_client.search(
        request,
        [this, generation = m_generation](Result<proto::SearchReply> reply) {
            if (generation != m_generation)
                return;
            m_serverBusy = false;
            if (!reply.ok()) {
                m_cursor.clear();
                const proto::ErrorCode code = reply.failure().code;
                if (code == proto::DISCONNECTED)
                    return setStatus(Status::Offline); // asked again on reconnecting
                if ((code == proto::RATE_LIMITED || code == proto::SERVER_BUSY ||
                     code == proto::TIMEOUT) &&
                    m_followUps++ < kFollowUps) { // busy: the same page again, a little later
                    m_cursor = m_retryCursor;
                    m_serverBusy = true; // the retry is this page's request
                    return QTimer::singleShot(
                        int(std::max<quint32>(reply.failure().retryAfterMs, 1000)), this,
                        [this, generation] {
                            if (generation == m_generation)
                                searchServer();
                        });
                }
                m_failure = reply.failure().message;
                return setStatus(Status::ServerFailed);
            }
            m_cursor = reply.value().next_cursor();
            QList<Hit> hits;
            for (const proto::SearchHit &h : reply.value().hits()) {
                Hit hit{h.message().conversation_id(),
                        h.message().seq(),
                        protocol::fromStd(h.message().sender_username()),
                        h.message().sent_at_ms(),
                        h.message().attachments_size(),
                        {protocol::fromStd(h.snippet()), {}},
                        true};
                for (const proto::TextRange &range : h.ranges())
                    hit.snippet.ranges.append(
                        {qsizetype(range.start()), qsizetype(range.length())});
                hits.append(std::move(hit));
            }
            merge(hits);
            // A page cut short by the server's work bound: the next one comes at once (a few
            // times; then scrolling down asks for more).
            if (!m_cursor.empty() && reply.value().hits_size() < kPageSize &&
                m_hits.size() < kPageSize && ++m_followUps < kFollowUps)
                return searchServer();
            setStatus(Status::Done);
        },
        this);
}

void SearchResultsModel::merge(const QList<Hit> &hits)
{
    auto newer = [](const Hit &a, const Hit &b) {
        return std::tie(a.sentAtMs, a.conversationId, a.seq) >
               std::tie(b.sentAtMs, b.conversationId, b.seq);
    };
    for (const Hit &hit : hits) {
        const QPair<quint64, quint64> key(hit.conversationId, hit.seq);
        if (m_keys.contains(key)) {
            if (hit.fromServer) { // the server confirms a cached hit: nothing moves
                for (int row = 0; row < int(m_hits.size()); ++row) {
                    if (m_hits[row].conversationId == key.first && m_hits[row].seq == key.second &&
                        !m_hits[row].fromServer) {
                        m_hits[row].fromServer = true;
                        emit dataChanged(index(row), index(row), {ServerRole});
                    }
                }
            }
            continue;
        }
        m_keys.insert(key);
        const int row = m_anchored
                            ? int(m_hits.size())
                            : int(std::lower_bound(m_hits.cbegin(), m_hits.cend(), hit, newer) -
                                  m_hits.cbegin());
        beginInsertRows({}, row, row);
        m_hits.insert(row, hit);
        endInsertRows();
    }
}

void SearchResultsModel::setStatus(Status status)
{
    if (m_status == status)
        return;
    m_status = status;
    emit statusChanged();
}

int SearchResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_hits.size());
}

QVariant SearchResultsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Hit &hit = m_hits[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return hit.snippet.text;
    case Qt::AccessibleTextRole:
        return tr("%1: %2").arg(hit.sender, hit.snippet.text);
    case ConversationIdRole:
        return hit.conversationId;
    case SeqRole:
        return hit.seq;
    case SenderRole:
        return hit.sender;
    case TimeRole:
        return QDateTime::fromMSecsSinceEpoch(hit.sentAtMs);
    case RangesRole: {
        QList<QPoint> ranges;
        for (const search::Range &range : hit.snippet.ranges)
            ranges.append(QPoint(int(range.start), int(range.length)));
        return QVariant::fromValue(ranges);
    }
    case FilesRole:
        return hit.files;
    case ServerRole:
        return hit.fromServer;
    default:
        return {};
    }
}

bool SearchResultsModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_cursor.empty() && !m_serverBusy;
}

void SearchResultsModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_followUps = 0;
    searchServer();
}

} // namespace natter::client

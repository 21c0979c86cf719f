#include "storage/search_walk.h"

#include "storage/search_index.h"
#include "storage/sql_util.h"

#include <QVariant>
#include <algorithm>

namespace natter::server::storage::search_detail {

Row readRow(const QSqlQuery &q)
{
    return Row{q.value(0).toULongLong(), q.value(1).toLongLong(), q.value(2).toULongLong(),
               q.value(3).toString(), q.value(4).toByteArray()};
}

Walk::Walk(const QSqlDatabase &db, quint64 conversationId)
    : m_db(db)
    , m_conversationId(conversationId)
    , m_rows(db)
{
    m_rows.setForwardOnly(true);
}

Result<Done> Walk::open(const Conversation &c, quint64 maxSeq, const IndexQuery &index,
                        const std::vector<quint64> *listed)
{
    const bool byIndex = !index.match.isEmpty() && c.indexed && c.slot >= 0;
    if (!byIndex)
        return openMessages(1, maxSeq);
    // Messages not in the index yet are read directly, before the index's.
    const quint64 indexedTo =
        std::min({maxSeq, c.pendingFrom > 0 ? c.pendingFrom - 1 : c.lastSeq, SearchIndex::kMaxSeq});
    if (listed) {
        for (auto seq = listed->crbegin(); seq != listed->crend(); ++seq)
            if (*seq <= indexedTo)
                m_seqs.push_back(*seq); // oldest first: taken from the back
    } else if (indexedTo > 0) {
        const double window = kWindowCandidates / std::max(index.expectedShare, 1e-9);
        m_window = Window{c.slot, index.match, indexedTo,
                          std::clamp(quint64(window), kSmallestWindow, kLargestFirstWindow)};
    }
    if (c.pendingFrom > 0 && c.pendingFrom <= maxSeq)
        return openMessages(c.pendingFrom, maxSeq);
    return Done{};
}

Result<std::optional<Row>> Walk::next()
{
    for (;;) {
        if (m_rows.isActive() && m_rows.next())
            return std::optional<Row>(readRow(m_rows));
        if (!m_read.empty()) {
            Row row = std::move(m_read.back());
            m_read.pop_back();
            return std::optional<Row>(std::move(row));
        }
        if (!m_seqs.empty()) {
            if (auto read = readCandidates(); !read.ok())
                return read.failure();
            continue;
        }
        if (!m_window || m_window->top == 0)
            return std::optional<Row>();
        if (auto read = readWindow(); !read.ok())
            return read.failure();
    }
}

Result<Done> Walk::readWindow()
{
    Window &w = *m_window;
    const quint64 low = w.top > w.size ? w.top - w.size + 1 : 1;
    Statement q(m_db, QStringLiteral("SELECT rowid FROM search_index WHERE search_index "
                                     "MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid"));
    q->addBindValue(w.match);
    q->addBindValue(SearchIndex::rowid(w.slot, low));
    q->addBindValue(SearchIndex::rowid(w.slot, w.top));
    if (!q->exec())
        return storageFailure(*q, "searching a conversation");
    bool dropped = false;
    while (q->next()) {
        m_seqs.push_back(quint64(q->value(0).toLongLong()) & SearchIndex::kMaxSeq);
        if (m_seqs.size() > kMaxKept) {
            m_seqs.pop_front(); // the oldest: read again with the next window
            dropped = true;
        }
    }
    w.top = dropped ? m_seqs.front() - 1 : low - 1;
    w.size = std::min(w.size * kWindowGrowth, kLargestWindow);
    return Done{};
}

Result<Done> Walk::readCandidates()
{
    const size_t batch = std::min(m_seqs.size(), m_batch);
    // One statement per batch size; a smaller batch repeats its oldest seq.
    static const auto sqlFor = [](size_t size) {
        QString marks = QStringLiteral("?");
        for (size_t i = 1; i < size; ++i)
            marks += QStringLiteral(",?");
        return QStringLiteral("SELECT %1 FROM messages m WHERE m.conversation_id = ? AND "
                              "m.seq IN (%2) ORDER BY m.seq")
            .arg(QLatin1String(kRowColumns), marks);
    };
    static const QString sql[] = {sqlFor(kFirstBatch), sqlFor(kFirstBatch * kBatchGrowth),
                                  sqlFor(kLargestBatch)};
    const int which = m_batch == kFirstBatch ? 0 : m_batch == kLargestBatch ? 2 : 1;
    Statement q(m_db, sql[which]);
    bind(*q, m_conversationId);
    quint64 oldest = 0;
    for (size_t i = 0; i < batch; ++i) {
        oldest = m_seqs.back();
        m_seqs.pop_back();
        bind(*q, oldest);
    }
    for (size_t i = batch; i < m_batch; ++i)
        bind(*q, oldest);
    if (!q->exec())
        return storageFailure(*q, "reading messages found by search");
    while (q->next())
        m_read.push_back(readRow(*q)); // oldest first: taken from the back
    m_batch = std::min(m_batch * kBatchGrowth, kLargestBatch);
    return Done{};
}

Result<Done> Walk::openMessages(quint64 fromSeq, quint64 maxSeq)
{
    static const QString sql =
        QStringLiteral("SELECT %1 FROM messages m WHERE m.conversation_id = ? AND m.seq >= ? "
                       "AND m.seq <= ? ORDER BY m.seq DESC")
            .arg(QLatin1String(kRowColumns));
    m_rows.prepare(sql);
    bind(m_rows, m_conversationId);
    bind(m_rows, fromSeq);
    bind(m_rows, maxSeq);
    if (!m_rows.exec())
        return storageFailure(m_rows, "searching a conversation");
    return Done{};
}

} // namespace natter::server::storage::search_detail

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
            ++m_handedOut;
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
    // The largest power of two up to the rows handed out so far (1 at first), 64
    // at most: the rows read ahead never outnumber the ones the search examined, so a
    // search's work budget bounds them too.
    int exponent = 0;
    while (exponent < kLargestBatchExponent && (size_t(2) << exponent) <= m_handedOut)
        ++exponent;
    const size_t size = size_t(1) << exponent;
    const size_t batch = std::min(m_seqs.size(), size);
    // One statement per batch size; a smaller batch repeats its oldest seq.
    static const auto sqlFor = [](size_t count) {
        QString marks = QStringLiteral("?");
        for (size_t i = 1; i < count; ++i)
            marks += QStringLiteral(",?");
        return QStringLiteral("SELECT %1 FROM messages m WHERE m.conversation_id = ? AND "
                              "m.seq IN (%2) ORDER BY m.seq")
            .arg(QLatin1String(kRowColumns), marks);
    };
    static const std::vector<QString> sql = [] {
        std::vector<QString> each;
        for (int e = 0; e <= kLargestBatchExponent; ++e)
            each.push_back(sqlFor(size_t(1) << e));
        return each;
    }();
    Statement q(m_db, sql[size_t(exponent)]);
    bind(*q, m_conversationId);
    quint64 oldest = 0;
    for (size_t i = 0; i < batch; ++i) {
        oldest = m_seqs.back();
        m_seqs.pop_back();
        bind(*q, oldest);
    }
    for (size_t i = batch; i < size; ++i)
        bind(*q, oldest);
    if (!q->exec())
        return storageFailure(*q, "reading messages found by search");
    while (q->next())
        m_read.push_back(readRow(*q)); // oldest first: taken from the back
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

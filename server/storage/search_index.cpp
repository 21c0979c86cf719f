#include "storage/search_index.h"

#include "search_text.h"
#include "storage/shard_store_detail.h"
#include "storage/sql_util.h"

#include <QSqlQuery>
#include <QVariant>

namespace natter::server::storage {

SearchIndex::SearchIndex(QSqlDatabase &db)
    : m_db(db)
{
    NATTER_ASSERT_CONNECTION_THREAD(db);
}

QString SearchIndex::searchableText(const QString &text, const QList<proto::Attachment> &files)
{
    QStringList names;
    for (const proto::Attachment &file : files)
        names.append(QString::fromStdString(file.file_name()));
    return search::searchableText(text, names);
}

Result<qint64> SearchIndex::slotFor(quint64 conversationId)
{
    {
        Statement q(m_db,
                    QStringLiteral("SELECT slot FROM search_slots WHERE conversation_id = ?"));
        bind(*q, conversationId);
        if (!q->exec())
            return storageFailure(*q, "finding a conversation's search slot");
        if (q->next())
            return q->value(0).toLongLong();
    }
    Statement insert(m_db, QStringLiteral("INSERT INTO search_slots (conversation_id) VALUES (?)"));
    bind(*insert, conversationId);
    if (!insert->exec())
        return storageFailure(*insert, "giving a conversation a search slot");
    return insert->lastInsertId().toLongLong();
}

Result<Done> SearchIndex::add(qint64 slot, quint64 seq, const QString &searchable)
{
    if (seq > kMaxSeq)
        return Done{}; // beyond what a rowid range holds: stored, not findable
    Statement q(m_db, QStringLiteral("INSERT INTO search_index (rowid, body) VALUES (?, ?)"));
    q->addBindValue(rowid(slot, seq));
    q->addBindValue(search::fold(searchable));
    if (!q->exec())
        return storageFailure(*q, "indexing a message for search");
    return Done{};
}

Result<Done> SearchIndex::markPending(quint64 conversationId, quint64 seq)
{
    // The lowest pending seq stays: everything from it on waits.
    Statement q(m_db, QStringLiteral("INSERT INTO search_pending (conversation_id, from_seq) "
                                     "VALUES (?, ?) ON CONFLICT (conversation_id) DO NOTHING"));
    bind(*q, conversationId);
    bind(*q, seq);
    if (!q->exec())
        return storageFailure(*q, "recording a message to index");
    return Done{};
}

Result<Done> SearchIndex::addRange(quint64 conversationId, quint64 from, quint64 to)
{
    static const QString sql =
        QStringLiteral("SELECT %1 WHERE m.conversation_id = ? AND m.seq >= ? AND m.seq <= ? "
                       "ORDER BY m.seq")
            .arg(QLatin1String(detail::kMessageColumns));
    Statement messages(m_db, sql);
    bind(*messages, conversationId);
    bind(*messages, from);
    bind(*messages, to);
    if (!messages->exec())
        return storageFailure(*messages, "reading messages to index");
    const auto slot = slotFor(conversationId); // once for the range
    if (!slot.ok())
        return slot.failure();
    while (messages->next()) {
        const proto::Message m = detail::readMessage(*messages);
        const auto added = add(slot.value(), m.seq(),
                               searchableText(QString::fromStdString(m.text()),
                                              QList<proto::Attachment>(m.attachments().begin(),
                                                                       m.attachments().end())));
        if (!added.ok())
            return added.failure();
    }
    return Done{};
}

Result<quint64> SearchIndex::indexPending(int maxMessages)
{
    struct Range {
        quint64 conversationId;
        quint64 from;
        quint64 until;
        bool more; // the conversation has pending messages after `until`
    };
    return detail::inTransaction<quint64>(m_db, [&]() -> Result<quint64> {
        QList<Range> ranges;
        {
            Statement q(m_db, QStringLiteral("SELECT p.conversation_id, p.from_seq, c.last_seq "
                                             "FROM search_pending p JOIN conversations c ON "
                                             "c.id = p.conversation_id"));
            if (!q->exec())
                return storageFailure(*q, "reading the messages to index");
            for (int left = maxMessages; left > 0 && q->next();) {
                const quint64 from = q->value(1).toULongLong();
                const quint64 last = std::max(from, q->value(2).toULongLong());
                const quint64 until = std::min(last, from + quint64(left) - 1);
                left -= int(until - from + 1);
                ranges.append({q->value(0).toULongLong(), from, until, until < last});
            }
        }
        for (const Range &range : std::as_const(ranges)) {
            if (auto added = addRange(range.conversationId, range.from, range.until); !added.ok())
                return added.failure();
            Statement progress(m_db, range.more
                                         ? QStringLiteral("UPDATE search_pending SET from_seq = ? "
                                                          "WHERE conversation_id = ?")
                                         : QStringLiteral("DELETE FROM search_pending WHERE "
                                                          "conversation_id = ?"));
            if (range.more)
                bind(*progress, range.until + 1);
            bind(*progress, range.conversationId);
            if (!progress->exec())
                return storageFailure(*progress, "recording what was indexed");
        }
        Statement count(m_db, QStringLiteral("SELECT COUNT(*) FROM search_pending"));
        if (!count->exec() || !count->next())
            return storageFailure(*count, "counting the messages to index");
        return count->value(0).toULongLong();
    });
}

Result<quint64> SearchIndex::indexBacklog(int maxMessages)
{
    return detail::inTransaction<quint64>(m_db, [&]() -> Result<quint64> {
        int left = maxMessages;
        while (left > 0) {
            quint64 conversationId = 0;
            quint64 indexedSeq = 0;
            quint64 upToSeq = 0;
            {
                Statement q(m_db, QStringLiteral("SELECT conversation_id, indexed_seq, up_to_seq "
                                                 "FROM search_backlog LIMIT 1"));
                if (!q->exec())
                    return storageFailure(*q, "reading the search backlog");
                if (!q->next())
                    break;
                conversationId = q->value(0).toULongLong();
                indexedSeq = q->value(1).toULongLong();
                upToSeq = q->value(2).toULongLong();
            }
            const quint64 until = std::min(upToSeq, indexedSeq + quint64(left));
            if (auto added = addRange(conversationId, indexedSeq + 1, until); !added.ok())
                return added.failure();
            left -= int(until - indexedSeq);
            Statement progress(m_db, until >= upToSeq
                                         ? QStringLiteral("DELETE FROM search_backlog WHERE "
                                                          "conversation_id = ?")
                                         : QStringLiteral("UPDATE search_backlog SET indexed_seq "
                                                          "= ? WHERE conversation_id = ?"));
            if (until < upToSeq)
                bind(*progress, until);
            bind(*progress, conversationId);
            if (!progress->exec())
                return storageFailure(*progress, "recording the search backlog's progress");
        }
        return backlog();
    });
}

Result<quint64> SearchIndex::backlog()
{
    Statement q(m_db, QStringLiteral("SELECT COALESCE(SUM(up_to_seq - indexed_seq), 0) FROM "
                                     "search_backlog"));
    if (!q->exec() || !q->next())
        return storageFailure(*q, "measuring the search backlog");
    return q->value(0).toULongLong();
}

Result<bool> SearchIndex::merge(int pages)
{
    // FTS5's merge command reports no result; what it changed does.
    const auto changes = [this]() -> Result<qint64> {
        Statement q(m_db, QStringLiteral("SELECT total_changes()"));
        if (!q->exec() || !q->next())
            return storageFailure(*q, "counting the search index's changes");
        return q->value(0).toLongLong();
    };
    return detail::inTransaction<bool>(m_db, [&]() -> Result<bool> {
        const auto before = changes();
        if (!before.ok())
            return before.failure();
        Statement q(m_db, QStringLiteral("INSERT INTO search_index (search_index, rank) VALUES "
                                         "('merge', ?)"));
        q->addBindValue(pages);
        if (!q->exec())
            return storageFailure(*q, "merging the search index");
        const auto after = changes();
        if (!after.ok())
            return after.failure();
        // The command itself counts as one change: more means pages were written.
        return after.value() - before.value() > 1;
    });
}

Result<int> SearchIndex::segments()
{
    Statement q(m_db, QStringLiteral("SELECT COUNT(DISTINCT segid) FROM search_index_idx"));
    if (!q->exec() || !q->next())
        return storageFailure(*q, "counting the search index's segments");
    return q->value(0).toInt();
}

} // namespace natter::server::storage

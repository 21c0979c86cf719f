#include "cache_search.h"

#include "client_logging.h"
#include "protocol.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace natter::client {

namespace {

QStringList fileNames(const QByteArray &stored, int *count)
{
    QStringList names;
    proto::AttachmentList list;
    if (!stored.isEmpty() && list.ParseFromArray(stored.constData(), int(stored.size()))) {
        for (const proto::Attachment &file : list.attachments())
            names.append(protocol::fromStd(file.file_name()));
    }
    if (count)
        *count = int(names.size());
    return names;
}

} // namespace

CacheSearch::CacheSearch(QSqlDatabase &db, int sampleSize, int readWholeConversation)
    : m_db(db)
    , m_sampleSize(sampleSize)
    , m_readWholeConversation(readWholeConversation)
{}

bool CacheSearch::add(const proto::Message &message)
{
    QStringList names;
    for (const proto::Attachment &file : message.attachments())
        names.append(protocol::fromStd(file.file_name()));
    return insert(message.conversation_id(), message.seq(), message.sent_at_ms(),
                  search::searchableText(protocol::fromStd(message.text()), names));
}

bool CacheSearch::insert(quint64 conversationId, quint64 seq, qint64 sentAtMs,
                         const QString &searchable)
{
    // Ids sort by time; two messages of the same millisecond take the next free low part.
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO search_docs (id, conversation_id, seq, body) VALUES "
                             "(?, ?, ?, ?) ON CONFLICT (conversation_id, seq) DO NOTHING"));
    const QString body = search::fold(searchable);
    for (qint64 low = 0; low < 1024; ++low) {
        q.addBindValue((std::max<qint64>(0, sentAtMs) << 10) | ((qint64(seq) + low) & 1023));
        q.addBindValue(qint64(conversationId));
        q.addBindValue(qint64(seq));
        q.addBindValue(body);
        if (q.exec())
            return true;
        if (q.lastError().nativeErrorCode() !=
            QLatin1String("1555")) // SQLITE_CONSTRAINT_PRIMARYKEY
            break;
    }
    qCWarning(lcCache) << "cannot index a message for search:" << q.lastError().text();
    return false;
}

bool CacheSearch::indexMissing()
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT m.conversation_id, m.seq, m.sent_at_ms, m.text, "
                               "m.attachments FROM messages m LEFT JOIN search_docs d ON "
                               "d.conversation_id = m.conversation_id AND d.seq = m.seq WHERE d.id "
                               "IS NULL"))) {
        qCWarning(lcCache) << "cannot list messages to index:" << q.lastError().text();
        return false;
    }
    QList<std::tuple<quint64, quint64, qint64, QString>> missing;
    while (q.next())
        missing.append({q.value(0).toULongLong(), q.value(1).toULongLong(), q.value(2).toLongLong(),
                        search::searchableText(q.value(3).toString(),
                                               fileNames(q.value(4).toByteArray(), nullptr))});
    q.finish();
    if (missing.isEmpty())
        return true;
    if (!m_db.transaction())
        return false;
    for (const auto &[conversationId, seq, sentAtMs, searchable] : missing) {
        if (!insert(conversationId, seq, sentAtMs, searchable)) {
            m_db.rollback();
            return false;
        }
    }
    return m_db.commit();
}

bool CacheSearch::hit(quint64 conversationId, quint64 seq, const search::Query &query,
                      CacheHit *out)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT sender_id, sender_username, sent_at_ms, text, attachments "
                             "FROM messages WHERE conversation_id = ? AND seq = ?"));
    q.addBindValue(qint64(conversationId));
    q.addBindValue(qint64(seq));
    if (!q.exec() || !q.next())
        return false;
    out->conversationId = conversationId;
    out->seq = seq;
    out->senderId = q.value(0).toULongLong();
    out->senderUsername = q.value(1).toString();
    out->sentAtMs = q.value(2).toLongLong();
    const QStringList names = fileNames(q.value(4).toByteArray(), &out->fileCount);
    out->snippet = search::snippet(search::searchableText(q.value(3).toString(), names), query);
    return true;
}

QString CacheSearch::indexMatch(const search::Query &query)
{
    // The sample: the newest documents (all of them in a smaller cache).
    QSqlQuery edge(m_db);
    edge.prepare(QStringLiteral("SELECT id FROM search_docs ORDER BY id DESC LIMIT 1 OFFSET ?"));
    edge.addBindValue(m_sampleSize - 1);
    qint64 sampleSize = m_sampleSize;
    qint64 fromId = 0;
    if (!edge.exec())
        sampleSize = -1;
    else if (edge.next())
        fromId = edge.value(0).toLongLong();
    else if (QSqlQuery all(m_db);
             all.exec(QStringLiteral("SELECT COUNT(*) FROM search_docs")) && all.next())
        sampleSize = all.value(0).toLongLong();
    QSqlQuery count(m_db);
    count.prepare(QStringLiteral("SELECT COUNT(*) FROM search_index WHERE search_index MATCH ? "
                                 "AND rowid >= ?"));
    return search::rarestTrigramMatch(query, sampleSize, [&](const QString &trigram) -> qint64 {
        count.addBindValue(search::matchAll({trigram}));
        count.addBindValue(fromId);
        if (!count.exec() || !count.next())
            return -1;
        const qint64 docs = count.value(0).toLongLong();
        count.finish();
        return docs;
    });
}

QList<CacheHit> CacheSearch::search(const search::Query &query, quint64 conversationId, int limit)
{
    QList<CacheHit> hits;
    if (query.isEmpty() || limit <= 0)
        return hits;
    // One conversation usually holds few enough cached messages to read them all, newest first,
    // through its (conversation, seq) key: the index would walk every conversation's
    // candidates. A larger one goes through the index.
    const bool usesIndex = !search::trigramMatch(query).isEmpty();
    bool readAll = conversationId != 0;
    if (readAll && usesIndex) {
        QSqlQuery count(m_db);
        count.prepare(QStringLiteral("SELECT COUNT(*) FROM search_docs WHERE conversation_id = ?"));
        count.addBindValue(qint64(conversationId));
        readAll =
            count.exec() && count.next() && count.value(0).toLongLong() <= m_readWholeConversation;
    }
    const QString match = usesIndex && !readAll ? indexMatch(query) : QString();
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (readAll) {
        q.prepare(QStringLiteral("SELECT conversation_id, seq, body FROM search_docs WHERE "
                                 "conversation_id = ? ORDER BY seq DESC"));
        q.addBindValue(qint64(conversationId));
    } else if (match.isEmpty()) {
        q.prepare(QStringLiteral("SELECT conversation_id, seq, body FROM search_docs ORDER BY id "
                                 "DESC"));
    } else {
        q.prepare(
            QStringLiteral("SELECT d.conversation_id, d.seq, d.body FROM search_index s "
                           "JOIN search_docs d ON d.id = s.rowid WHERE search_index MATCH ? "
                           "%1ORDER BY s.rowid DESC")
                .arg(conversationId ? QStringLiteral("AND d.conversation_id = ? ") : QString()));
        q.addBindValue(match);
        if (conversationId)
            q.addBindValue(qint64(conversationId));
    }
    if (!q.exec()) {
        qCWarning(lcCache) << "search failed:" << q.lastError().text();
        return hits;
    }
    QList<QPair<quint64, quint64>> found;
    for (int examined = 0; found.size() < limit && examined < kMaxExamined && q.next();
         ++examined) {
        if (search::matches(q.value(2).toString(), query))
            found.append({q.value(0).toULongLong(), q.value(1).toULongLong()});
    }
    q.finish();
    for (const auto &[conversation, seq] : found) {
        CacheHit one;
        if (hit(conversation, seq, query, &one))
            hits.append(std::move(one));
    }
    return hits;
}

} // namespace natter::client

#include "local_cache.h"

#include "local_cache_schema.h"

#include "cache_search.h"
#include "client_logging.h"
#include "migrations.h"
#include "protocol.h"
#include "sqlite.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace natter::client {

using protocol::fromStd;

namespace {

// QSQLITE binds quint64 as text; ids are bound as 64-bit integers instead.
QVariant id(quint64 value)
{
    return QVariant(qint64(value));
}

MessageRow readMessage(const QSqlQuery &q)
{
    MessageRow row;
    row.conversationId = q.value(0).toULongLong();
    row.seq = q.value(1).toULongLong();
    row.senderId = q.value(2).toULongLong();
    row.senderUsername = q.value(3).toString();
    row.clientMsgId = q.value(4).toString();
    row.text = q.value(5).toString();
    row.sentAtMs = q.value(6).toLongLong();
    return row;
}

/// A stored message's files (column 7 of kMessageColumns).
QList<proto::Attachment> readAttachments(const QSqlQuery &q)
{
    const QByteArray stored = q.value(7).toByteArray();
    proto::AttachmentList list;
    if (stored.isEmpty() || !list.ParseFromArray(stored.constData(), int(stored.size())))
        return {};
    return QList<proto::Attachment>(list.attachments().begin(), list.attachments().end());
}

QVariant attachmentsValue(const proto::Message &m)
{
    if (m.attachments().empty())
        return QVariant(); // NULL: most messages have none
    proto::AttachmentList list;
    *list.mutable_attachments() = m.attachments();
    return QByteArray::fromStdString(list.SerializeAsString());
}

constexpr auto kMessageColumns = "conversation_id, seq, sender_id, sender_username, "
                                 "client_msg_id, text, sent_at_ms, attachments";

} // namespace

LocalCache::LocalCache()
    : m_connectionName(QStringLiteral("natter-cache-") +
                       QUuid::createUuid().toString(QUuid::WithoutBraces))
{}

LocalCache::~LocalCache()
{
    m_checkpointer.reset();
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

bool LocalCache::open(const QString &dir, QString *error)
{
    if (!QDir().mkpath(dir)) {
        *error = QStringLiteral("cannot create the cache folder %1").arg(dir);
        return false;
    }
    m_affinity.rebindToCurrentThread();
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(QDir(dir).filePath(QStringLiteral("cache.sqlite")));
    if (!m_db.open()) {
        *error = m_db.lastError().text();
        return false;
    }
    if (!sql::configureCacheConnection(m_db, error) ||
        !sql::migrate(m_db, cacheMigrations(), error))
        return false;
    // Messages cached before offline search existed (once, after the upgrade).
    if (!CacheSearch(m_db).indexMissing())
        qCWarning(lcCache) << "older cached messages are not searchable offline";
    // Checkpoints (with their fsync) run on a thread of their own, not on this one.
    QSqlQuery(m_db).exec(QStringLiteral("PRAGMA wal_autocheckpoint=0"));
    m_checkpointer = std::make_unique<WalCheckpointer>(m_db.databaseName());
    m_checkpointer->start(QThread::LowPriority);
    return true;
}

bool LocalCache::exec(const QString &sql, const QVariantList &values)
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    QSqlQuery q(m_db);
    q.prepare(sql);
    for (const QVariant &value : values)
        q.addBindValue(value);
    if (!q.exec()) {
        qCWarning(lcCache) << "cache query failed:" << q.lastError().text() << sql;
        return false;
    }
    return true;
}

bool LocalCache::inTransaction(const char *what, const std::function<bool()> &work)
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    if (!m_db.transaction()) {
        qCWarning(lcCache) << "cannot start a transaction for" << what << ":"
                           << m_db.lastError().text();
        return false;
    }
    if (!work()) {
        m_db.rollback(); // all or nothing: a half-written conversation would mislead the UI
        qCWarning(lcCache) << "rolled back" << what;
        return false;
    }
    if (!m_db.commit()) {
        qCWarning(lcCache) << "cannot commit" << what << ":" << m_db.lastError().text();
        m_db.rollback();
        return false;
    }
    return true;
}

bool LocalCache::upsertConversation(const proto::Conversation &c)
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    return inTransaction("a conversation", [&] { return writeConversation(c); });
}

bool LocalCache::writeConversation(const proto::Conversation &c)
{
    if (!exec(QStringLiteral("INSERT INTO conversations (id, kind, title, last_seq) VALUES (?, ?, "
                             "?, ?) ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, "
                             "title = excluded.title, last_seq = MAX(last_seq, excluded.last_seq)"),
              {id(c.id()), int(c.kind()), fromStd(c.title()), id(c.last_seq())}))
        return false;
    if (c.members_size() > 0) {
        // Members who left go; the others are updated. Receipt cursors only move forward: a
        // snapshot can be older than a ReceiptEvent that arrived before it.
        QStringList present;
        for (const auto &m : c.members())
            present.append(QString::number(m.user().id()));
        if (!exec(QStringLiteral("DELETE FROM members WHERE conversation_id = ? AND user_id NOT IN "
                                 "(%1)")
                      .arg(present.join(QLatin1Char(','))),
                  {id(c.id())}))
            return false;
        for (const auto &m : c.members()) {
            const bool stored = exec(
                QStringLiteral(
                    "INSERT INTO members (conversation_id, user_id, username, display_name, "
                    "role, delivered_seq, read_seq, read_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (conversation_id, user_id) DO UPDATE SET "
                    "username = excluded.username, display_name = excluded.display_name, "
                    "role = excluded.role, "
                    "delivered_seq = MAX(delivered_seq, excluded.delivered_seq), "
                    "read_at_ms = CASE WHEN excluded.read_seq > read_seq THEN excluded.read_at_ms "
                    "ELSE read_at_ms END, read_seq = MAX(read_seq, excluded.read_seq)"),
                {id(c.id()), id(m.user().id()), fromStd(m.user().username()),
                 fromStd(m.user().display_name()), int(m.role()), id(m.delivered_seq()),
                 id(m.read_seq()), qint64(m.read_at_ms())});
            if (!stored)
                return false;
        }
    }
    return true;
}

bool LocalCache::upsertSummary(const proto::ConversationSummary &s)
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    return inTransaction("a conversation summary", [&] {
        if (!writeConversation(s.conversation()) ||
            !exec(QStringLiteral("UPDATE conversations SET read_seq = ?, unread_count = ?, "
                                 "last_activity_ms = MAX(last_activity_ms, ?) WHERE id = ?"),
                  {id(s.read_seq()), id(s.unread_count()), qint64(s.last_activity_ms()),
                   id(s.conversation().id())}))
            return false;
        if (!s.has_last_message())
            return true;
        const auto &m = s.last_message();
        return exec(QStringLiteral("UPDATE conversations SET last_text = ?, last_sender = ? WHERE "
                                   "id = ? AND last_seq <= ?"),
                    {fromStd(m.text()), fromStd(m.sender_username()), id(m.conversation_id()),
                     id(m.seq())});
    });
}

bool LocalCache::removeConversation(quint64 conversationId)
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    return inTransaction("removing a conversation", [&] {
        for (const char *table : {"messages", "members"}) {
            if (!exec(QStringLiteral("DELETE FROM %1 WHERE conversation_id = ?")
                          .arg(QLatin1String(table)),
                      {id(conversationId)}))
                return false;
        }
        return exec(QStringLiteral("DELETE FROM conversations WHERE id = ?"), {id(conversationId)});
    });
}

namespace {
constexpr auto kConversationColumns = "id, kind, title, last_seq, read_seq, unread_count, "
                                      "last_activity_ms, last_text, last_sender";

ConversationRow readConversation(const QSqlQuery &q)
{
    return ConversationRow{q.value(0).toULongLong(), proto::ConversationKind(q.value(1).toInt()),
                           q.value(2).toString(),    q.value(3).toULongLong(),
                           q.value(4).toULongLong(), q.value(5).toULongLong(),
                           q.value(6).toLongLong(),  q.value(7).toString(),
                           q.value(8).toString()};
}
} // namespace

QList<ConversationRow> LocalCache::conversations()
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    QList<ConversationRow> rows;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT %1 FROM conversations ORDER BY last_activity_ms DESC, "
                               "id DESC")
                    .arg(QLatin1String(kConversationColumns))))
        return rows;
    while (q.next())
        rows.append(readConversation(q));
    return rows;
}

std::optional<ConversationRow> LocalCache::conversation(quint64 conversationId)
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    // Asked for every live message: one row by key, not the whole list.
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM conversations WHERE id = ?")
                  .arg(QLatin1String(kConversationColumns)));
    q.addBindValue(id(conversationId));
    if (!q.exec() || !q.next())
        return std::nullopt;
    return readConversation(q);
}

QList<MemberRow> LocalCache::members(quint64 conversationId)
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    QList<MemberRow> rows;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT user_id, username, display_name, role, delivered_seq, "
                             "read_seq, read_at_ms FROM members WHERE conversation_id = ? ORDER "
                             "BY role DESC, username"));
    q.addBindValue(id(conversationId));
    if (!q.exec())
        return rows;
    while (q.next())
        rows.append(MemberRow{q.value(0).toULongLong(), q.value(1).toString(),
                              q.value(2).toString(), proto::MemberRole(q.value(3).toInt()),
                              q.value(4).toULongLong(), q.value(5).toULongLong(),
                              q.value(6).toLongLong()});
    return rows;
}

QHash<quint64, QList<quint64>> LocalCache::directMembers()
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    QHash<quint64, QList<quint64>> members;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT m.conversation_id, m.user_id FROM members m JOIN "
                             "conversations c ON c.id = m.conversation_id WHERE c.kind = ?"));
    q.addBindValue(int(proto::DIRECT));
    if (!q.exec())
        return members;
    while (q.next())
        members[q.value(0).toULongLong()].append(q.value(1).toULongLong());
    return members;
}

int LocalCache::insertMessages(const QList<proto::Message> &messages, quint64 ownUserId,
                               bool countUnread)
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    int inserted = 0;
    if (!inTransaction("messages",
                       [&] { return storeMessages(messages, ownUserId, countUnread, &inserted); }))
        return -1;
    return inserted;
}

bool LocalCache::storeMessages(const QList<proto::Message> &messages, quint64 ownUserId,
                               bool countUnread, int *inserted)
{
    QSqlQuery q(m_db);
    for (const proto::Message &m : messages) {
        q.prepare(
            QStringLiteral("INSERT OR IGNORE INTO messages (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .arg(QLatin1String(kMessageColumns)));
        for (const QVariant &v :
             {id(m.conversation_id()), id(m.seq()), id(m.sender_id()),
              QVariant(fromStd(m.sender_username())), QVariant(fromStd(m.client_msg_id())),
              QVariant(fromStd(m.text())), QVariant(qint64(m.sent_at_ms())), attachmentsValue(m)})
            q.addBindValue(v);
        if (!q.exec()) {
            qCWarning(lcCache) << "cannot store a message:" << q.lastError().text();
            return false;
        }
        if (q.numRowsAffected() != 1)
            continue; // had it already
        if (!CacheSearch(m_db).add(m))
            return false;
        ++*inserted;
        // A message that was ours and pending elsewhere (another device) is no longer pending.
        if (!exec(QStringLiteral("DELETE FROM outbox WHERE client_msg_id = ? AND sender_id = ?"),
                  {fromStd(m.client_msg_id()), id(m.sender_id())}) ||
            !exec(QStringLiteral("UPDATE conversations SET last_seq = ?, last_text = ?, "
                                 "last_sender = ?, last_activity_ms = MAX(last_activity_ms, ?) "
                                 "WHERE id = ? AND last_seq <= ?"),
                  {id(m.seq()), fromStd(m.text()), fromStd(m.sender_username()),
                   qint64(m.sent_at_ms()), id(m.conversation_id()), id(m.seq())}))
            return false;
        if (countUnread && m.sender_id() != ownUserId &&
            !exec(QStringLiteral("UPDATE conversations SET unread_count = unread_count + 1 WHERE "
                                 "id = ? AND read_seq < ?"),
                  {id(m.conversation_id()), id(m.seq())}))
            return false;
    }
    return true;
}

quint64 LocalCache::maxSeq(quint64 conversationId)
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT MAX(seq) FROM messages WHERE conversation_id = ?"));
    q.addBindValue(id(conversationId));
    return q.exec() && q.next() ? q.value(0).toULongLong() : 0;
}

quint64 LocalCache::minSeq(quint64 conversationId)
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT MIN(seq) FROM messages WHERE conversation_id = ?"));
    q.addBindValue(id(conversationId));
    return q.exec() && q.next() ? q.value(0).toULongLong() : 0;
}

QList<MessageRow> LocalCache::messages(quint64 conversationId, quint64 beforeSeq, int limit)
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    QList<MessageRow> rows;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM messages WHERE conversation_id = ? AND seq < ? "
                             "ORDER BY seq DESC LIMIT ?")
                  .arg(QLatin1String(kMessageColumns)));
    q.addBindValue(id(conversationId));
    q.addBindValue(beforeSeq == 0 ? std::numeric_limits<qint64>::max() : qint64(beforeSeq));
    q.addBindValue(limit);
    if (!q.exec())
        return rows;
    while (q.next()) {
        MessageRow row = readMessage(q);
        row.attachments = readAttachments(q);
        rows.prepend(row);
    }
    return rows;
}

quint64 LocalCache::runStart(quint64 conversationId, quint64 seq)
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    // Going down from `seq`, the n-th row (from 0) is part of the run while its seq is seq - n.
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT MIN(seq) FROM (SELECT seq, ROW_NUMBER() OVER (ORDER BY seq "
                             "DESC) - 1 AS n FROM messages WHERE conversation_id = ? AND seq <= "
                             "?) WHERE seq + n = ?"));
    q.addBindValue(id(conversationId));
    q.addBindValue(id(seq));
    q.addBindValue(id(seq));
    return q.exec() && q.next() ? q.value(0).toULongLong() : 0;
}

QList<MessageRow> LocalCache::messagesFrom(quint64 conversationId, quint64 fromSeq, quint64 toSeq)
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    QList<MessageRow> rows;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM messages WHERE conversation_id = ? AND seq >= ? "
                             "AND seq <= ? ORDER BY seq")
                  .arg(QLatin1String(kMessageColumns)));
    q.addBindValue(id(conversationId));
    q.addBindValue(id(fromSeq));
    q.addBindValue(toSeq == 0 ? std::numeric_limits<qint64>::max() : qint64(toSeq));
    if (!q.exec())
        return rows;
    while (q.next()) {
        MessageRow row = readMessage(q);
        row.attachments = readAttachments(q);
        rows.append(row);
    }
    return rows;
}

bool LocalCache::setReadPosition(quint64 conversationId, quint64 readSeq, quint64 unreadCount)
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    return exec(
        QStringLiteral("UPDATE conversations SET read_seq = MAX(read_seq, ?), unread_count = ? "
                       "WHERE id = ?"),
        {id(readSeq), id(unreadCount), id(conversationId)});
}

bool LocalCache::setMemberCursors(quint64 conversationId, quint64 userId, quint64 deliveredSeq,
                                  quint64 readSeq, qint64 readAtMs)
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE members SET delivered_seq = MAX(delivered_seq, ?), "
                             "read_at_ms = CASE WHEN ? > read_seq THEN ? ELSE read_at_ms END, "
                             "read_seq = MAX(read_seq, ?) WHERE conversation_id = ? AND "
                             "user_id = ?"));
    for (const QVariant &v : {id(deliveredSeq), id(readSeq), QVariant(readAtMs), id(readSeq),
                              id(conversationId), id(userId)})
        q.addBindValue(v);
    return q.exec() && q.numRowsAffected() > 0;
}

std::optional<MessageRow> LocalCache::addPending(quint64 conversationId, const QString &text,
                                                 quint64 senderId, const QString &senderUsername,
                                                 qint64 nowMs, const QStringList &files)
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    MessageRow row;
    row.conversationId = conversationId;
    row.senderId = senderId;
    row.senderUsername = senderUsername;
    row.clientMsgId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    row.text = text;
    row.sentAtMs = nowMs;
    row.status = MessageRow::Status::Pending;
    row.localFiles = files;
    QJsonArray filesJson;
    for (const QString &path : files) {
        row.localFileSizes.append(QFileInfo(path).size());
        filesJson.append(QJsonObject{{QStringLiteral("path"), path},
                                     {QStringLiteral("size"), row.localFileSizes.last()}});
    }
    // What the user wrote must outlive a power cut until the server has it.
    const sql::DurableCommit durable(m_db);
    if (!exec(QStringLiteral("INSERT INTO outbox (conversation_id, client_msg_id, sender_id, "
                             "sender_username, text, created_at_ms, files) VALUES (?, ?, ?, ?, "
                             "?, ?, ?)"),
              {id(conversationId), row.clientMsgId, id(senderId), senderUsername, text, nowMs,
               QString::fromUtf8(QJsonDocument(filesJson).toJson(QJsonDocument::Compact))}))
        return std::nullopt;
    return row;
}

QList<MessageRow> LocalCache::outbox(quint64 conversationId, bool *ok)
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    QList<MessageRow> rows;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT conversation_id, 0, sender_id, sender_username, "
                             "client_msg_id, text, created_at_ms, failed, error, files FROM "
                             "outbox WHERE ? = 0 OR conversation_id = ? ORDER BY id"));
    q.addBindValue(id(conversationId));
    q.addBindValue(id(conversationId));
    const bool read = q.exec();
    if (ok)
        *ok = read;
    if (!read)
        return rows;
    while (q.next()) {
        MessageRow row = readMessage(q);
        row.status = q.value(7).toInt() ? MessageRow::Status::Failed : MessageRow::Status::Pending;
        row.error = q.value(8).toString();
        for (const QJsonValue &file : QJsonDocument::fromJson(q.value(9).toByteArray()).array()) {
            row.localFiles.append(file[QLatin1String("path")].toString());
            row.localFileSizes.append(file[QLatin1String("size")].toInteger());
        }
        rows.append(row);
    }
    return rows;
}

bool LocalCache::confirmSent(const QString &clientMsgId, const proto::Message &stored)
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    // Storing the message drops its outbox row; the delete covers a message that was already
    // cached (its event came first). Losing this commit to a power cut only sends it again
    // with the same client_msg_id, which the server answers with the stored message.
    int inserted = 0;
    return inTransaction("a sent message", [&] {
        return storeMessages({stored}, stored.sender_id(), false, &inserted) &&
               exec(QStringLiteral("DELETE FROM outbox WHERE client_msg_id = ?"), {clientMsgId});
    });
}

bool LocalCache::markFailed(const QString &clientMsgId, const QString &reason)
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    const sql::DurableCommit durable(m_db);
    return exec(QStringLiteral("UPDATE outbox SET failed = 1, error = ? WHERE client_msg_id = ?"),
                {reason, clientMsgId});
}

bool LocalCache::retry(const QString &clientMsgId)
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    const sql::DurableCommit durable(m_db);
    return exec(QStringLiteral("UPDATE outbox SET failed = 0, error = '' WHERE client_msg_id = ?"),
                {clientMsgId});
}

bool LocalCache::discard(const QString &clientMsgId)
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    const sql::DurableCommit durable(m_db);
    return exec(QStringLiteral("DELETE FROM outbox WHERE client_msg_id = ?"), {clientMsgId});
}

bool LocalCache::evict(const CacheLimits &limits)
{
    NATTER_ASSERT_AFFINITY(m_affinity);
    return inTransaction("evicting old messages", [&] {
        // Conversations beyond the most active ones keep their list entry but no messages.
        return exec(QStringLiteral("DELETE FROM messages WHERE conversation_id NOT IN (SELECT id "
                                   "FROM conversations ORDER BY last_activity_ms DESC, id DESC "
                                   "LIMIT ?)"),
                    {limits.conversations}) &&
               exec(QStringLiteral("DELETE FROM messages WHERE (conversation_id, seq) IN (SELECT "
                                   "conversation_id, seq FROM (SELECT conversation_id, seq, "
                                   "ROW_NUMBER() OVER (PARTITION BY conversation_id ORDER BY seq "
                                   "DESC) AS rank FROM messages) WHERE rank > ?)"),
                    {limits.messagesPerConversation});
    });
}

} // namespace natter::client

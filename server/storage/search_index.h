#pragma once
/// A message shard's full-text index (see common/search_text.h for what matches), written on
/// the shard thread. The transaction that stores a message also records it as pending
/// (markPending: one row per conversation, its lowest unindexed seq); indexPending() moves what
/// is pending into the index later, between commits, many messages per transaction (the
/// index costs per transaction about what it costs per message). MessageSearch reads pending
/// messages directly, so a message is findable exactly when it is acknowledged. Messages stored
/// before the index existed wait in the backlog, which indexBacklog() works off likewise.
///
/// Each conversation gets a slot; its messages sit at rowid slot << 32 | seq, so a search
/// walks one conversation's entries newest first (MessageSearch) and never the others'.

#include "natter.pb.h"
#include "result.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace natter::server::storage {

class SearchIndex {
public:
    /// Seqs above this are not indexed (four billion messages in one conversation).
    static constexpr quint64 kMaxSeq = 0xffff'ffffULL;

    explicit SearchIndex(QSqlDatabase &db);

    /// What the index holds of a message, unfolded: its text, then its files' names.
    [[nodiscard]] static QString searchableText(const QString &text,
                                                const QList<proto::Attachment> &files);
    [[nodiscard]] static QString searchableText(const QString &text,
                                                const proto::AttachmentList &files)
    {
        return searchableText(
            text, QList<proto::Attachment>(files.attachments().begin(), files.attachments().end()));
    }
    [[nodiscard]] static qint64 rowid(qint64 slot, quint64 seq)
    {
        return (slot << 32) | qint64(seq);
    }

    /// Records that message `seq` waits to be indexed; in the caller's transaction.
    Result<Done> markPending(quint64 conversationId, quint64 seq);
    /// Indexes up to about `maxMessages` pending messages in one transaction; how many
    /// conversations still have pending messages after it.
    Result<quint64> indexPending(int maxMessages);
    /// Indexes up to `maxMessages` messages of the backlog in one transaction; how many are
    /// left after it.
    Result<quint64> indexBacklog(int maxMessages);
    /// Messages stored before the index existed and not indexed yet.
    Result<quint64> backlog();
    /// Merges index segments, writing about `pages` pages at most, in one transaction;
    /// whether there was anything to merge. Indexing itself never merges (migration 5): the
    /// shard runs this between its commits so that no commit waits behind a large merge.
    Result<bool> merge(int pages);
    /// How many segments the index has (each search seeks into every one).
    Result<int> segments();

private:
    /// Indexes messages `from` to `to` of a conversation (those that exist).
    Result<Done> addRange(quint64 conversationId, quint64 from, quint64 to);
    /// Indexes one message of the conversation in `slot`; in the caller's transaction.
    Result<Done> add(qint64 slot, quint64 seq, const QString &searchable);
    /// The conversation's slot, given one when it has none yet.
    Result<qint64> slotFor(quint64 conversationId);

    QSqlDatabase &m_db;
};

} // namespace natter::server::storage

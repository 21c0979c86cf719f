#pragma once
/// The parts of MessageSearch that read one conversation's candidates: the conversation as
/// the search sees it, a candidate's row, and the Walk over the conversation newest first.

#include "result.h"
#include "storage/message_search.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <deque>
#include <optional>
#include <vector>

namespace natter::server::storage::search_detail {

/// One of the user's conversations, as listed for a search.
struct Conversation {
    int shard = 0;
    quint64 id = 0;
    qint64 lastActivityMs = 0; // no message of it is newer
    quint64 lastSeq = 0;
    qint64 slot = -1;        // its range in the index; -1: none yet
    bool indexed = false;    // false while older messages of it wait in the backlog
    quint64 pendingFrom = 0; // its messages from this seq on are not in the index yet (0: none)
};

/// What deciding whether a candidate is a hit needs of its row; the whole message is read
/// only for the hits.
struct Row {
    quint64 seq = 0;
    qint64 sentAtMs = 0;
    quint64 senderId = 0;
    QString text;
    QByteArray attachments; // a serialized AttachmentList, empty for none
};

/// The columns a Row is read from, in its order (messages as `m`).
inline constexpr const char *kRowColumns =
    "m.seq, m.sent_at_ms, m.sender_id, m.text, m.attachments";

[[nodiscard]] Row readRow(const QSqlQuery &q);

/// How the index is asked for its candidates.
struct IndexQuery {
    QString match;              // the MATCH expression
    double expectedShare = 1.0; // of the messages expected to be candidates (1: not known)
};

/// One conversation's candidates, newest first: first the messages not in the index yet (read
/// directly), then its range of the index when the query can use the index and every older
/// message of it is indexed; otherwise every message.
///
/// The index is read in windows of seqs from the newest down, each in ascending order and
/// handed out in reverse: FTS5 opens a descending read at several times the cost of an
/// ascending one (it parses the last page of each trigram's list in every segment backwards),
/// and the open is most of what a search costs. The first window should hold about
/// kWindowCandidates candidates by the expected share; each next one is kWindowGrowth times
/// larger (kLargestWindow at most). A window is read only once the candidates before it are
/// used up, and keeps its newest kMaxKept candidates, one more than a request may examine (the
/// rest are read again with the next window): a walk holds at most that many seqs, and no
/// more rows read ahead than it has handed out.
class Walk {
public:
    static constexpr double kWindowCandidates = 64;
    static constexpr quint64 kSmallestWindow = 1024;
    static constexpr quint64 kLargestFirstWindow = 65'536;
    static constexpr quint64 kLargestWindow = 524'288;
    static constexpr quint64 kWindowGrowth = 8;
    static constexpr size_t kMaxKept = size_t(MessageSearch::kWorkBudget) + 1;
    static constexpr int kLargestBatchExponent = 6; // 64 rows

    Walk(const QSqlDatabase &db, quint64 conversationId);

    [[nodiscard]] const QSqlDatabase &db() const { return m_db; }
    [[nodiscard]] quint64 conversationId() const { return m_conversationId; }

    /// `listed`: when not null, the conversation's candidates in the index, newest first, from
    /// a pass over the shard's whole index (listShardCandidates); `index` otherwise.
    Result<Done> open(const Conversation &c, quint64 maxSeq, const IndexQuery &index,
                      const std::vector<quint64> *listed);
    /// The next candidate, nothing when the conversation has no more.
    Result<std::optional<Row>> next();

private:
    struct Window {
        qint64 slot;
        QString match;
        quint64 top;  // the newest seq of the next window; 0: none left
        quint64 size; // in seqs, of the next window
    };

    Result<Done> readWindow();
    /// Reads the rows of the newest candidates held, a batch in one statement (a statement per
    /// row costs several times what SQLite spends on the row): one row at first, then as many
    /// as were handed out (rounded down to a power of two), 64 at most.
    Result<Done> readCandidates();
    Result<Done> openMessages(quint64 fromSeq, quint64 maxSeq);

    QSqlDatabase m_db;
    quint64 m_conversationId;
    QSqlQuery m_rows;               // read directly, newest first
    std::deque<quint64> m_seqs;     // then these candidates of the index, oldest first
    std::vector<Row> m_read;        // the rows of the newest of them, read, oldest first
    size_t m_handedOut = 0;         // rows of m_read handed out by next()
    std::optional<Window> m_window; // then the index's older windows
};

} // namespace natter::server::storage::search_detail

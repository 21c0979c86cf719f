#pragma once
/// Offline search over the local cache (the same rules as natterd's, common/search_text.h):
/// what the cache holds is found without the network, newest first. Runs on the cache's
/// thread, inside LocalCache (indexing) and CacheWorker jobs (searching).

#include "natter.pb.h"
#include "search_text.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace natter::client {

struct CacheHit {
    quint64 conversationId = 0;
    quint64 seq = 0;
    quint64 senderId = 0;
    QString senderUsername;
    qint64 sentAtMs = 0;
    int fileCount = 0;
    search::Snippet snippet;
};

class CacheSearch {
public:
    /// Candidates examined per search (a bound on its time: about 25 ms at a million cached
    /// messages): a query too short for the trigram index (one or two characters) reads the
    /// newest this many messages at most, and one whose trigrams are common stops after this
    /// many candidates; the server's search goes on from there.
    static constexpr int kMaxExamined = 50'000;
    /// A search in one conversation reads all of its cached messages when it has at most this
    /// many (each costs a read of its own page, a few microseconds), the index otherwise.
    static constexpr int kReadWholeConversation = 4'000;

    /// The newest documents whose trigram counts decide which trigrams a search asks the
    /// index for (search::rarestTrigramMatch).
    static constexpr int kSampleSize = 10'000;

    explicit CacheSearch(QSqlDatabase &db, int sampleSize = kSampleSize,
                         int readWholeConversation = kReadWholeConversation);

    /// Indexes a message just stored in `messages` (in the caller's transaction); false when
    /// the statement failed.
    bool add(const proto::Message &message);
    /// Indexes the cached messages that are not indexed yet (a cache from before search).
    bool indexMissing();

    /// The newest `limit` hits, in `conversationId` only when not 0.
    [[nodiscard]] QList<CacheHit> search(const search::Query &query, quint64 conversationId,
                                         int limit);

private:
    [[nodiscard]] QString indexMatch(const search::Query &query);
    bool insert(quint64 conversationId, quint64 seq, qint64 sentAtMs, const QString &searchable);
    [[nodiscard]] bool hit(quint64 conversationId, quint64 seq, const search::Query &query,
                           CacheHit *out);

    QSqlDatabase &m_db;
    const int m_sampleSize;
    const int m_readWholeConversation;
};

} // namespace natter::client

// natter-search-bench: the search index's own figures, in process, without a network.
//   --insert N   what indexing adds to storing a message in a shard (CPU per message with
//                and without the index, in group-committed batches) and its size per message;
//   --cache N    offline search over a desktop cache holding N messages: newest-first top 50;
//   --shard N    natterd's search over a shard holding N messages, one request at a time: the
//                CPU each request costs (what bounds searches per second on a core);
//   --data DIR   the same over the shards of a natterd data dir, as its groups' members.
// See docs/performance.md "Search".
#include "cache_search.h"
#include "local_cache.h"
#include "storage/message_search.h"
#include "storage/search_index.h"
#include "storage/shard_store.h"
#include "vocabulary.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <numeric>

using namespace natter;
using namespace natter::bench;

namespace {

double threadCpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(p * double(values.size())))];
}

struct InsertCost {
    double cpuMicros = 0;  // per message, this thread's CPU
    double wallMicros = 0; // per message, with the commits' fsyncs
    qint64 indexBytes = 0;
    qint64 messageBytes = 0;
    int segments = 0; // of the index at the end
};

/// Stores `count` made-up messages in a fresh shard in batches of 64 (one commit each, as the
/// group commit does under load), each batch indexed after its commit as natterd does; with
/// `indexed` false the index is replaced by a no-op and nothing is indexed. `indexEvery`:
/// messages per indexing transaction (natterd's shard indexes what the commits before left,
/// so under load its batches are larger than one commit's).
/// Conversations of the shards these figures fill: users 2c and 2c + 1 are in conversation c,
/// user 1 in all of them. 100, or fewer for a small shard, so that each still has 600 messages
/// or so (enough to sample trigram counts from) and there are at least 8 (enough for a pass
/// over the whole index for the member of all).
int conversationsFor(qint64 messages)
{
    return int(std::clamp<qint64>(messages / 600, 8, 100));
}

/// `usermerge`: FTS5's option for the index (0: the shard's own, as natterd sets it).
InsertCost storeMessages(const QString &path, qint64 count, bool indexed, qint64 indexEvery,
                         int usermerge = 0)
{
    using namespace natter::server::storage;
    InsertCost cost;
    const QString name = indexed ? QStringLiteral("indexed") : QStringLiteral("plain");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        QString error;
        if (!db.open() || !configureConnection(db, &error) ||
            !migrate(db, ShardStore::migrations(), &error))
            qFatal("cannot make a shard: %s", qPrintable(error));
        if (!indexed) {
            // The same statements run; the index's table takes nothing.
            for (const char *sql :
                 {"DROP TABLE search_index",
                  "CREATE VIEW search_index (rowid, body) AS SELECT 0, ''",
                  "CREATE TRIGGER search_index_off INSTEAD OF INSERT ON search_index BEGIN "
                  "SELECT 1; END"}) {
                QSqlQuery q(db);
                if (!q.exec(QString::fromLatin1(sql)))
                    qFatal("cannot switch the index off: %s", sql);
            }
        }
        if (indexed && usermerge > 0) {
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral("INSERT INTO search_index (search_index, rank) VALUES "
                                       "('usermerge', %1)")
                            .arg(usermerge)))
                qFatal("cannot set usermerge %d", usermerge);
        }
        ShardStore store(db);
        const int conversations = conversationsFor(count);
        const UserRow everywhere{1, QStringLiteral("everywhere"), QString()};
        for (int c = 1; c <= conversations; ++c) {
            const UserRow a{quint64(2 * c), QStringLiteral("a%1").arg(c), QString()};
            const UserRow b{quint64(2 * c + 1), QStringLiteral("b%1").arg(c), QString()};
            if (!store
                     .createConversation(quint64(c), proto::GROUP, QStringLiteral("room"),
                                         {{a, proto::ADMIN}, {b, proto::MEMBER}, {everywhere, {}}},
                                         1)
                     .ok())
                qFatal("cannot create a conversation");
        }
        QRandomGenerator random(7);
        QElapsedTimer wall;
        wall.start();
        const double cpuBefore = threadCpuSeconds();
        for (qint64 done = 0; done < count;) {
            QList<SendRequest> batch;
            for (int i = 0; i < 64 && done < count; ++i, ++done) {
                const int c = int(done % conversations) + 1;
                batch.append(SendRequest{quint64(c), quint64(2 * c), QString::number(done),
                                         Vocabulary::sentence(random, 12), QString()});
            }
            for (const auto &sent : store.appendBatch(batch, 1'700'000'000'000 + done))
                if (!sent.ok())
                    qFatal("cannot store: %s", qPrintable(sent.failure().message));
            if (indexed && (done % indexEvery < 64 || done == count)) {
                const sql::FastCommit fast(db);
                if (!SearchIndex(db).indexPending(2000).ok())
                    qFatal("cannot index");
                // As natterd's shards merge: about two pages per message, a few at a time.
                for (qint64 owed = 2 * std::min<qint64>(indexEvery, 2000); owed > 0; owed -= 32)
                    if (const auto merged = SearchIndex(db).merge(32); !merged.ok())
                        qFatal("cannot merge the index");
                    else if (!merged.value())
                        break;
            }
        }
        cost.cpuMicros = (threadCpuSeconds() - cpuBefore) * 1e6 / double(count);
        if (indexed)
            cost.segments = SearchIndex(db).segments().value();
        cost.wallMicros = double(wall.nsecsElapsed()) / 1e3 / double(count);
        QSqlQuery q(db);
        if (q.exec(QStringLiteral("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"))) {
            while (q.next()) {
                const QString table = q.value(0).toString();
                if (table.startsWith(QLatin1String("search_")) ||
                    table == QLatin1String("sqlite_autoindex_search_slots_1"))
                    cost.indexBytes += q.value(1).toLongLong();
                else if (table == QLatin1String("messages") ||
                         table == QLatin1String("messages_idempotency"))
                    cost.messageBytes += q.value(1).toLongLong();
            }
        }
    }
    QSqlDatabase::removeDatabase(name);
    return cost;
}

int insertFigures(qint64 count, qint64 indexEvery, int usermerge)
{
    QTemporaryDir dir;
    const InsertCost plain =
        storeMessages(dir.filePath(QStringLiteral("plain.sqlite")), count, false, indexEvery);
    const InsertCost indexed = storeMessages(dir.filePath(QStringLiteral("indexed.sqlite")), count,
                                             true, indexEvery, usermerge);
    std::printf("messages\t%lld (12 words, ~85 bytes each; commits of 64, indexed %lld at a "
                "time)\n",
                static_cast<long long>(count), static_cast<long long>(indexEvery));
    std::printf("CPU per message\twithout index %.1f us, with index %.1f us (+%.1f us)\n",
                plain.cpuMicros, indexed.cpuMicros, indexed.cpuMicros - plain.cpuMicros);
    std::printf("wall per message\twithout index %.1f us, with index %.1f us\n", plain.wallMicros,
                indexed.wallMicros);
    std::printf("bytes per message\tindex %.1f, messages table %.1f\n",
                double(indexed.indexBytes) / double(count),
                double(indexed.messageBytes) / double(count));
    std::printf("index segments\t%d at the end (usermerge %s)\n", indexed.segments,
                usermerge > 0 ? qPrintable(QString::number(usermerge)) : "as natterd sets it");
    return 0;
}

int shardFigures(qint64 count, int queries, const QString &keep)
{
    using namespace natter::server::storage;
    QTemporaryDir scratch;
    const QString path = (keep.isEmpty() ? scratch.path() : keep) + QStringLiteral("/shard.sqlite");
    const bool filled = QFileInfo::exists(path);
    if (!filled)
        storeMessages(path, count, true, 2000);
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("read"));
        db.setDatabaseName(path);
        QString error;
        if (!db.open() || !configureConnection(db, &error))
            qFatal("cannot open the shard: %s", qPrintable(error));
        QSqlQuery sizes(db);
        if (!sizes.exec(QStringLiteral("SELECT (SELECT COUNT(*) FROM messages), (SELECT COUNT(*) "
                                       "FROM conversations)")) ||
            !sizes.next())
            qFatal("cannot read the shard's size");
        const qint64 messages = sizes.value(0).toLongLong();
        const int conversations = sizes.value(1).toInt();
        sizes.finish();
        std::printf("shard\t%lld messages in %d conversations (%s)\n",
                    static_cast<long long>(messages), conversations,
                    filled ? "filled before" : "filled now");
        const std::vector<QSqlDatabase> shards{db};
        const ShardMap map(1);
        TrigramStatistics trigrams; // as natterd's: the shard's sample is kept between searches
        MessageSearch search(shards, map, &trigrams);
        struct Kind {
            const char *name;
            std::vector<double> ms;
            qint64 hits = 0;
        };
        Kind kinds[] = {{"one conversation's member (typed query)", {}, 0},
                        {"a member of every conversation (typed query)", {}, 0}};
        QRandomGenerator random(13);
        for (int i = 0; i < queries; ++i) {
            Kind &kind = kinds[i % 2];
            SearchParams params;
            params.query = search::parseQuery(Vocabulary::query(random));
            const quint64 user = i % 2 == 0 ? quint64(2 * random.bounded(1, conversations + 1)) : 1;
            const double before = threadCpuSeconds();
            const auto reply = search.run(user, params);
            if (!reply.ok())
                qFatal("search failed: %s", qPrintable(reply.failure().message));
            kind.ms.push_back((threadCpuSeconds() - before) * 1e3);
            kind.hits += reply.value().hits_size();
        }
        for (const Kind &kind : kinds) {
            if (kind.ms.empty())
                continue;
            std::printf("%s\tCPU p50 %.2f ms  p99 %.2f ms  max %.2f ms  (%zu searches, %.1f hits "
                        "each, 20 wanted)\n",
                        kind.name, percentile(kind.ms, 0.5), percentile(kind.ms, 0.99),
                        *std::max_element(kind.ms.begin(), kind.ms.end()), kind.ms.size(),
                        double(kind.hits) / double(kind.ms.size()));
        }
        std::printf("trigram samples\t%lld taken, %lld reused\n",
                    static_cast<long long>(trigrams.taken()),
                    static_cast<long long>(trigrams.reused()));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("read"));
    return 0;
}

/// natterd's search over the shards of a natterd data dir (filled by natter-bench's search
/// workload, say), one request at a time, as members of its groups: the CPU each costs, and
/// the costliest queries with what they found. `onlyQuery`: time that text alone (to profile it).
int dataDirFigures(const QString &dataDir, int queries, const QString &onlyQuery)
{
    using namespace natter::server::storage;
    const QStringList files =
        QDir(dataDir).entryList({QStringLiteral("shard-*.sqlite")}, QDir::Files, QDir::Name);
    if (files.isEmpty())
        qFatal("no shard-*.sqlite in %s", qPrintable(dataDir));
    std::vector<QSqlDatabase> shards;
    for (const QString &file : files) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), file);
        db.setDatabaseName(QDir(dataDir).filePath(file));
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        QString error;
        if (!db.open() || !configureConnection(db, &error))
            qFatal("cannot open %s: %s", qPrintable(file), qPrintable(error));
        shards.push_back(db);
    }
    QList<quint64> members; // of a group, in the first shard
    {
        QSqlQuery q(shards.front());
        if (!q.exec(QStringLiteral("SELECT DISTINCT m.user_id FROM members m JOIN conversations c "
                                   "ON c.id = m.conversation_id WHERE c.kind = %1 ORDER BY 1")
                        .arg(int(proto::GROUP))))
            qFatal("cannot list the members");
        while (q.next())
            members.append(q.value(0).toULongLong());
    }
    if (members.isEmpty())
        qFatal("no group members in %s", qPrintable(files.front()));
    const ShardMap map(int(shards.size()));
    TrigramStatistics trigrams; // as natterd's: each shard's sample is kept between searches
    struct Timed {
        double ms;
        QString query;
        int hits;
    };
    std::vector<Timed> timed;
    QRandomGenerator random(17);
    {
        MessageSearch search(shards, map, &trigrams);
        for (int i = 0; i < queries; ++i) {
            SearchParams params;
            const QString query = onlyQuery.isEmpty() ? Vocabulary::query(random) : onlyQuery;
            params.query = search::parseQuery(query);
            const quint64 user = members[int(random.bounded(members.size()))];
            const double before = threadCpuSeconds();
            const auto reply = search.run(user, params);
            if (!reply.ok())
                qFatal("search failed: %s", qPrintable(reply.failure().message));
            timed.push_back(
                {(threadCpuSeconds() - before) * 1e3, query, reply.value().hits_size()});
        }
    }
    std::vector<double> ms;
    for (const Timed &t : timed)
        ms.push_back(t.ms);
    std::printf("searches\t%zu as %lld members, CPU p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max "
                "%.2f ms  mean %.2f ms\n",
                ms.size(), static_cast<long long>(members.size()), percentile(ms, 0.5),
                percentile(ms, 0.9), percentile(ms, 0.99), *std::max_element(ms.begin(), ms.end()),
                std::accumulate(ms.begin(), ms.end(), 0.0) / double(ms.size()));
    std::printf("trigram samples\t%lld taken, %lld reused\n",
                static_cast<long long>(trigrams.taken()),
                static_cast<long long>(trigrams.reused()));
    std::sort(timed.begin(), timed.end(),
              [](const Timed &a, const Timed &b) { return a.ms > b.ms; });
    for (size_t i = 0; i < std::min<size_t>(10, timed.size()); ++i)
        std::printf("costliest\t%.2f ms  %d hits  \"%s\"\n", timed[i].ms, timed[i].hits,
                    qPrintable(timed[i].query));
    shards.clear();
    for (const QString &file : files)
        QSqlDatabase::removeDatabase(file);
    return 0;
}

int cacheFigures(qint64 count, int queries, const QString &keep)
{
    QTemporaryDir scratch;
    const QString dir = keep.isEmpty() ? scratch.path() : keep;
    client::LocalCache cache;
    QString error;
    if (!cache.open(dir, &error))
        qFatal("cannot open a cache: %s", qPrintable(error));
    const qint64 requested = count;
    if (!keep.isEmpty() && cache.maxSeq(1) > 0)
        count = 0; // filled by an earlier run
    constexpr int kConversations = 500;
    for (int c = 1; c <= kConversations; ++c) {
        proto::Conversation conversation;
        conversation.set_id(quint64(c));
        conversation.set_kind(proto::GROUP);
        conversation.set_title("room");
        cache.upsertConversation(conversation);
    }
    QRandomGenerator random(11);
    QElapsedTimer fill;
    fill.start();
    for (qint64 done = 0; done < count;) {
        QList<proto::Message> batch;
        for (int i = 0; i < 1000 && done < count; ++i, ++done) {
            proto::Message m;
            m.set_conversation_id(quint64(done % kConversations) + 1);
            m.set_seq(quint64(done / kConversations) + 1);
            m.set_sender_id(2);
            m.set_sender_username("ben");
            m.set_client_msg_id(std::to_string(done));
            m.set_text(Vocabulary::sentence(random, 12).toStdString());
            m.set_sent_at_ms(1'700'000'000'000 + done * 1000);
            batch.append(m);
        }
        if (cache.insertMessages(batch, 1, false) < 0)
            qFatal("cannot fill the cache");
    }
    std::printf("cached messages\t%lld in %d conversations (%s %.0f s)\n",
                static_cast<long long>(requested), kConversations,
                count > 0 ? "filled in" : "filled before; opened in",
                double(fill.elapsed()) / 1000);
    client::CacheSearch search(cache.database());
    struct Kind {
        const char *name;
        std::vector<double> ms;
        qint64 hits = 0;
    };
    Kind kinds[] = {{"typed query (word, word start, two words)", {}, 0},
                    {"two letters (no index: newest messages read)", {}, 0},
                    {"one conversation (Ctrl+F)", {}, 0}};
    for (int i = 0; i < queries; ++i) {
        const int k = i % 3;
        QString text = Vocabulary::query(random);
        if (k == 1)
            text = text.left(2);
        const quint64 conversation = k == 2 ? quint64(random.bounded(kConversations)) + 1 : 0;
        QElapsedTimer clock;
        clock.start();
        const auto hits = search.search(search::parseQuery(text), conversation, 50);
        kinds[k].ms.push_back(double(clock.nsecsElapsed()) / 1e6);
        kinds[k].hits += hits.size();
    }
    for (const Kind &kind : kinds) {
        if (kind.ms.empty())
            continue;
        std::printf("%s\tp50 %.2f ms  p99 %.2f ms  max %.2f ms  (%zu searches, %.1f hits each)\n",
                    kind.name, percentile(kind.ms, 0.5), percentile(kind.ms, 0.99),
                    *std::max_element(kind.ms.begin(), kind.ms.end()), kind.ms.size(),
                    double(kind.hits) / double(kind.ms.size()));
    }
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "natter-search-bench: the search index's figures (see docs/performance.md)."));
    parser.addHelpOption();
    parser.addOptions(
        {{QStringLiteral("insert"), QStringLiteral("Store N messages with and without the index."),
          QStringLiteral("N")},
         {QStringLiteral("cache"), QStringLiteral("Search a desktop cache of N messages."),
          QStringLiteral("N")},
         {QStringLiteral("shard"),
          QStringLiteral("Search a shard of N messages, one request at a time."),
          QStringLiteral("N")},
         {QStringLiteral("usermerge"),
          QStringLiteral("--insert: FTS5's usermerge for the index (natterd's: see shard_schema)."),
          QStringLiteral("N")},
         {QStringLiteral("data"),
          QStringLiteral("Search the shards of natterd's data dir DIR as its groups' members."),
          QStringLiteral("DIR")},
         {QStringLiteral("index-every"),
          QStringLiteral("--insert: messages per indexing transaction (default 64)."),
          QStringLiteral("N")},
         {QStringLiteral("keep"),
          QStringLiteral("--cache, --shard: keep the data in DIR (filled once, reused after)."),
          QStringLiteral("DIR")},
         {QStringLiteral("queries"),
          QStringLiteral("--cache, --shard, --data: searches to time (default 600)."),
          QStringLiteral("Q")},
         {QStringLiteral("query"),
          QStringLiteral("--data: search for TEXT every time, as random members (to profile it)."),
          QStringLiteral("TEXT")}});
    parser.process(app);
    if (parser.isSet(QStringLiteral("insert")))
        return insertFigures(
            parser.value(QStringLiteral("insert")).toLongLong(),
            std::max<qint64>(64, parser.value(QStringLiteral("index-every")).toLongLong()),
            parser.value(QStringLiteral("usermerge")).toInt());
    const int queries = parser.isSet(QStringLiteral("queries"))
                            ? parser.value(QStringLiteral("queries")).toInt()
                            : 600;
    if (parser.isSet(QStringLiteral("cache")))
        return cacheFigures(parser.value(QStringLiteral("cache")).toLongLong(), queries,
                            parser.value(QStringLiteral("keep")));
    if (parser.isSet(QStringLiteral("data")))
        return dataDirFigures(parser.value(QStringLiteral("data")), queries,
                              parser.value(QStringLiteral("query")));
    if (parser.isSet(QStringLiteral("shard")))
        return shardFigures(parser.value(QStringLiteral("shard")).toLongLong(), queries,
                            parser.value(QStringLiteral("keep")));
    std::fputs("natter-search-bench: pass --insert N, --cache N, --shard N or --data DIR\n",
               stderr);
    return 2;
}

#include "search_workload.h"

#include "now.h"
#include "pacer.h"

#include "blocking.h"
#include "vocabulary.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>

namespace natter::bench {

namespace {

/// Quits `loop` once `flag` is set by another thread (checked every 10 ms by `poll`).
void quitWhenSet(QEventLoop &loop, QTimer &poll, const std::atomic<bool> &flag)
{
    QObject::connect(&poll, &QTimer::timeout, &loop, [&loop, &flag] {
        if (flag)
            loop.quit();
    });
    poll.start(10);
}

QString searcherName(const QString &run, int i)
{
    return QStringLiteral("s%1u%2").arg(run).arg(i);
}

/// A client signed in as `name`: registered, or logged in when an earlier run registered it.
std::unique_ptr<client::Client> signedIn(const QUrl &url, const QString &name, bool registered)
{
    auto c = std::make_unique<client::Client>(QStringLiteral("natter-bench"));
    c->connection().setAutoReconnect(false);
    c->connection().setRequestTimeout(60'000);
    if (!client::connectAndWait(*c, url).ok())
        return nullptr;
    const QString password = QStringLiteral("bench-password");
    const auto done = client::waitFor<proto::AuthReply>([&](auto reply) {
        if (registered)
            c->login(name, password, reply);
        else
            c->registerUser(name, password, name, reply);
    });
    return done.ok() ? std::move(c) : nullptr;
}

/// What a seeded run leaves for the next one with the same data dir and sizes.
struct Seeded {
    QString run;
    QList<quint64> groups;
    double seedSeconds = 0;
};

std::optional<Seeded> readSeeded(const QString &file, const SearchOptions &o)
{
    QFile f(file);
    if (file.isEmpty() || !f.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject json = QJsonDocument::fromJson(f.readAll()).object();
    if (json.value(QLatin1String("messages")).toInteger() != o.messages ||
        json.value(QLatin1String("searchers")).toInt() != o.searchers ||
        json.value(QLatin1String("groups")).toArray().size() != o.groups)
        return std::nullopt; // another size: seed anew, under a new run id
    Seeded s;
    s.run = json.value(QLatin1String("run")).toString();
    s.seedSeconds = json.value(QLatin1String("seed_seconds")).toDouble();
    for (const QJsonValue &g : json.value(QLatin1String("groups")).toArray())
        s.groups.append(quint64(g.toInteger()));
    return s;
}

bool writeSeeded(const QString &file, const SearchOptions &o, const Seeded &s)
{
    QJsonArray groups;
    for (quint64 g : s.groups)
        groups.append(qint64(g));
    const QJsonObject json{{QLatin1String("run"), s.run},
                           {QLatin1String("messages"), o.messages},
                           {QLatin1String("searchers"), o.searchers},
                           {QLatin1String("seed_seconds"), s.seedSeconds},
                           {QLatin1String("groups"), groups}};
    QSaveFile f(file);
    return f.open(QIODevice::WriteOnly) && f.write(QJsonDocument(json).toJson()) > 0 && f.commit();
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(p * double(values.size())))];
}

/// Some of the searchers, on a thread: signed in first, then searching until told to stop.
class SearcherThread : public QThread {
public:
    SearcherThread(QUrl url, QStringList names, bool registered, int thinkMs, quint32 seed)
        : m_url(std::move(url))
        , m_names(std::move(names))
        , m_registered(registered)
        , m_thinkMs(thinkMs)
        , m_random(seed)
    {}
    std::atomic<bool> ready = false;
    std::atomic<bool> go = false;
    std::atomic<bool> stop = false;
    std::vector<double> latenciesMs;
    qint64 hits = 0;
    int errors = 0;
    QString problem;

protected:
    void run() override
    {
        std::vector<std::unique_ptr<client::Client>> clients;
        for (const QString &name : std::as_const(m_names)) {
            clients.push_back(signedIn(m_url, name, m_registered));
            if (!clients.back()) {
                problem = QStringLiteral("searcher %1 could not sign in").arg(name);
                break;
            }
        }
        ready = true;
        if (!problem.isEmpty())
            return;
        {
            // Seeding can take minutes: the connections answer natterd's pings meanwhile.
            QEventLoop waiting;
            QTimer poll;
            quitWhenSet(waiting, poll, go);
            waiting.exec();
        }
        QEventLoop loop;
        QTimer stopper;
        quitWhenSet(loop, stopper, stop);
        int outstanding = 0;
        std::function<void(client::Client *)> searchOnce = [&](client::Client *c) {
            if (stop)
                return;
            proto::SearchRequest request;
            request.set_query(Vocabulary::query(m_random).toStdString());
            request.set_limit(20);
            QElapsedTimer clock;
            clock.start();
            ++outstanding;
            c->search(request, [&, c, clock](Result<proto::SearchReply> reply) {
                --outstanding;
                if (stop)
                    return;
                if (!reply.ok()) {
                    ++errors;
                } else {
                    latenciesMs.push_back(double(clock.nsecsElapsed()) / 1e6);
                    hits += reply.value().hits_size();
                }
                QTimer::singleShot(m_thinkMs > 0 ? int(m_random.bounded(m_thinkMs * 2)) : 0, c,
                                   [&, c] { searchOnce(c); });
            });
        };
        for (auto &c : clients) // spread over the first think time: no thundering start
            QTimer::singleShot(m_thinkMs > 0 ? int(m_random.bounded(m_thinkMs)) : 0, c.get(),
                               [&, c = c.get()] { searchOnce(c); });
        loop.exec();
    }

private:
    QUrl m_url;
    QStringList m_names;
    bool m_registered;
    int m_thinkMs;
    QRandomGenerator m_random;
};

/// Texts into `conversation` at `rate` per second for `seconds`, paced one by one (Pacer);
/// their send → ack times, from the write of each frame.
std::vector<double> steadySends(client::Client &sender, quint64 conversation, double rate,
                                double seconds, int *errors)
{
    std::vector<double> latencies;
    QEventLoop loop;
    quint64 sent = 0;
    int outstanding = 0;
    bool stopped = false;
    const qint64 startNs = nowNs();
    Pacer pacer(rate, startNs, 0, [&] {
        const auto written = std::make_shared<qint64>(0);
        ++outstanding;
        sender.sendMessage(conversation, QStringLiteral("steady-%1-%2").arg(startNs).arg(sent),
                           QStringLiteral("steady text number %1").arg(sent),
                           [&, written](Result<proto::SendMessageReply> r) {
                               --outstanding;
                               if (r.ok())
                                   latencies.push_back(double(nowNs() - *written) / 1e6);
                               else
                                   ++*errors;
                               if (stopped && outstanding == 0)
                                   loop.quit();
                           });
        *written = nowNs(); // the transport wrote the frame before sendMessage() returned
        ++sent;
    });
    QTimer::singleShot(int(seconds * 1000), Qt::PreciseTimer, &loop, [&] {
        pacer.stop();
        stopped = true;
        if (outstanding == 0)
            loop.quit();
    });
    loop.exec();
    return latencies;
}

} // namespace

SearchFigures runSearchWorkload(const QUrl &url, const SearchOptions &o)
{
    SearchFigures f;
    // A run over a data dir an earlier run seeded with the same sizes measures that data
    // again: seeding 10 M messages through the protocol takes most of an hour.
    const std::optional<Seeded> earlier = readSeeded(o.seedFile, o);
    const bool reused = earlier.has_value();
    const QString run =
        reused ? earlier->run : QString::number(QRandomGenerator::global()->bounded(1'000'000));
    auto seeder = signedIn(url, QStringLiteral("seeder%1").arg(run), reused);
    if (!seeder) {
        f.problem = QStringLiteral("the seeding user could not sign in");
        return f;
    }
    // Searchers sign in on their threads, all at once.
    std::vector<std::unique_ptr<SearcherThread>> threads;
    for (int t = 0; t < o.threads; ++t) {
        QStringList names;
        for (int i = t; i < o.searchers; i += o.threads)
            names.append(searcherName(run, i));
        threads.push_back(
            std::make_unique<SearcherThread>(url, names, reused, o.thinkMs, 1000 + t));
        threads.back()->start();
    }
    for (auto &t : threads) {
        while (!t->ready)
            QThread::msleep(5);
        if (!t->problem.isEmpty()) {
            f.problem = t->problem;
            for (auto &s : threads) {
                s->stop = s->go = true;
                s->wait();
            }
            return f;
        }
    }
    QRandomGenerator random(42);
    QList<quint64> groups = reused ? earlier->groups : QList<quint64>{};
    for (int g = 0; !reused && g < o.groups; ++g) {
        QStringList members;
        for (int k = 0; k < std::min(o.groupSize, o.searchers); ++k)
            members.append(searcherName(run, int((g * 7 + k * 13) % o.searchers)));
        members.removeDuplicates();
        const auto group = client::waitFor<proto::Conversation>([&](auto done) {
            seeder->createGroup(QStringLiteral("room %1").arg(g), members, done);
        });
        if (!group.ok()) {
            f.problem = QStringLiteral("cannot create a group: ") + group.failure().message;
            for (auto &s : threads) {
                s->stop = s->go = true;
                s->wait();
            }
            return f;
        }
        groups.append(group.value().id());
    }

    // Seed: many sends in flight, round robin over the groups.
    QElapsedTimer seedClock;
    seedClock.start();
    {
        QEventLoop loop;
        qint64 next = 0;
        qint64 acked = 0;
        std::function<void()> sendNext = [&] {
            if (next >= o.messages)
                return;
            const qint64 n = next++;
            seeder->sendMessage(
                groups[int(n % groups.size())], QStringLiteral("seed-%1-%2").arg(run).arg(n),
                Vocabulary::sentence(random, 12), [&](Result<proto::SendMessageReply> r) {
                    if (!r.ok())
                        ++f.errors;
                    if (++acked == o.messages)
                        loop.quit();
                    sendNext();
                });
        };
        for (int i = 0; !reused && i < 256; ++i)
            sendNext();
        if (!reused && o.messages > 0)
            loop.exec();
    }
    f.seeded = o.messages;
    f.seedReused = reused;
    f.seedSeconds = reused ? earlier->seedSeconds : double(seedClock.elapsed()) / 1000;
    if (!reused && f.errors == 0 && !o.seedFile.isEmpty() &&
        !writeSeeded(o.seedFile, o, {run, groups, f.seedSeconds}))
        qWarning("cannot write %s: the next run will seed again", qPrintable(o.seedFile));

    // Sends alone, then sends with every searcher searching.
    std::vector<double> idle = steadySends(*seeder, groups[0], o.sendRate, o.seconds, &f.errors);
    for (auto &t : threads)
        t->go = true;
    QElapsedTimer searchClock;
    searchClock.start();
    std::vector<double> busy = steadySends(*seeder, groups[0], o.sendRate, o.seconds, &f.errors);
    const double searchSeconds = double(searchClock.elapsed()) / 1000;
    std::vector<double> searches;
    qint64 hits = 0;
    for (auto &t : threads) {
        t->stop = true;
        t->wait();
        searches.insert(searches.end(), t->latenciesMs.begin(), t->latenciesMs.end());
        hits += t->hits;
        f.errors += t->errors;
    }
    f.searches = int(searches.size());
    f.searchesPerSecond = double(searches.size()) / searchSeconds;
    f.p50Ms = percentile(searches, 0.50);
    f.p99Ms = percentile(searches, 0.99);
    f.maxMs = searches.empty() ? 0 : *std::max_element(searches.begin(), searches.end());
    f.hitsPerSearch = searches.empty() ? 0 : double(hits) / double(searches.size());
    f.sendsIdle = int(idle.size());
    f.sendsBusy = int(busy.size());
    f.idleP50Ms = percentile(idle, 0.50);
    f.idleP99Ms = percentile(idle, 0.99);
    f.busyP50Ms = percentile(busy, 0.50);
    f.busyP99Ms = percentile(busy, 0.99);
    return f;
}

void measureIndexSize(const QString &dataDir, SearchFigures *figures)
{
    qint64 indexBytes = 0;
    qint64 messageBytes = 0;
    qint64 messages = 0;
    const QStringList shards =
        QDir(dataDir).entryList({QStringLiteral("shard-*.sqlite")}, QDir::Files);
    for (const QString &file : shards) {
        const QString name = QStringLiteral("bench-size-") + file;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(QDir(dataDir).filePath(file));
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            if (db.open()) {
                QSqlQuery q(db);
                if (q.exec(QStringLiteral("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"))) {
                    while (q.next()) {
                        const QString table = q.value(0).toString();
                        if (table.startsWith(QLatin1String("search_index")) ||
                            table.startsWith(QLatin1String("search_slots")) ||
                            table.startsWith(QLatin1String("sqlite_autoindex_search_slots")))
                            indexBytes += q.value(1).toLongLong();
                        else if (table == QLatin1String("messages") ||
                                 table == QLatin1String("messages_idempotency"))
                            messageBytes += q.value(1).toLongLong();
                    }
                }
                if (q.exec(QStringLiteral("SELECT COUNT(*) FROM messages")) && q.next())
                    messages += q.value(0).toLongLong();
            }
        }
        QSqlDatabase::removeDatabase(name);
    }
    figures->storedMessages = messages;
    if (messages > 0) {
        figures->indexBytesPerMessage = double(indexBytes) / double(messages);
        figures->messageBytesPerMessage = double(messageBytes) / double(messages);
    }
}

QString SearchFigures::table() const
{
    QString t;
    t += QStringLiteral("seeded messages\t%1 in %2 s (%3/s)%4\n")
             .arg(seeded)
             .arg(seedSeconds, 0, 'f', 1)
             .arg(seedSeconds > 0 ? double(seeded) / seedSeconds : 0, 0, 'f', 0)
             .arg(seedReused ? QStringLiteral(" by an earlier run; this one reused them")
                             : QString());
    t += QStringLiteral("searches\t%1 (%2/s), %3 hits each on average\n")
             .arg(searches)
             .arg(searchesPerSecond, 0, 'f', 1)
             .arg(hitsPerSearch, 0, 'f', 1);
    t += QStringLiteral("search latency ms\tp50 %1  p99 %2  max %3\n")
             .arg(p50Ms, 0, 'f', 2)
             .arg(p99Ms, 0, 'f', 2)
             .arg(maxMs, 0, 'f', 2);
    t += QStringLiteral("send→ack ms without searches\tp50 %1  p99 %2  (%3 sends)\n")
             .arg(idleP50Ms, 0, 'f', 2)
             .arg(idleP99Ms, 0, 'f', 2)
             .arg(sendsIdle);
    t += QStringLiteral("send→ack ms during searches\tp50 %1  p99 %2  (%3 sends; p99 %4× idle)\n")
             .arg(busyP50Ms, 0, 'f', 2)
             .arg(busyP99Ms, 0, 'f', 2)
             .arg(sendsBusy)
             .arg(idleP99Ms > 0 ? busyP99Ms / idleP99Ms : 0, 0, 'f', 2);
    if (storedMessages > 0)
        t += QStringLiteral("bytes per stored message\tindex %1, messages table %2 (%3 messages)\n")
                 .arg(indexBytesPerMessage, 0, 'f', 1)
                 .arg(messageBytesPerMessage, 0, 'f', 1)
                 .arg(storedMessages);
    t += QStringLiteral("errors\t%1\n").arg(errors);
    return t;
}

} // namespace natter::bench

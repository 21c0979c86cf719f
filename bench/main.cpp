// natter-bench: the load generator. Starts (or targets) natterd, creates users and their
// conversations through the protocol, runs one workload and reports throughput, latency
// percentiles, server cost and the correctness verdict.
#include "bench_server.h"
#include "blocking.h"
#include "fleet.h"
#include "report.h"
#include "search_workload.h"
#include "upload_workload.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QThread>
#include <cerrno>
#include <cstdio>
#include <mutex>

using namespace natter;
using namespace natter::bench;

namespace {

struct Options {
    QString workload;
    int users = 100;
    int groupSize = 10;
    double duration = 10;
    int window = 8;
    double rate = 0;
    int threads = 2;
    int textBytes = 200;
    QUrl server;
    QString natterd;
    QString dataDir;
    bool json = false;
    bool receipts = false;
};

int fail(const QString &message)
{
    std::fprintf(stderr, "natter-bench: %s\n", qPrintable(message));
    return 2;
}

/// natterd's CPU over the measured phase, by thread (nothing when the bench did not start it).
class LoadWatch {
public:
    explicit LoadWatch(qint64 pid)
        : m_pid(pid)
        , m_before(pid ? threadTimes(pid) : QList<ThreadTime>())
        , m_cpuBefore(pid ? processSeconds(pid) : 0)
        , m_startNs(nowNs())
    {
        m_clock.start();
    }
    void finish(Report *report) const
    {
        report->loadStartNs = m_startNs;
        if (m_pid == 0)
            return;
        const QList<ThreadTime> after = threadTimes(m_pid);
        report->loadWallSeconds = double(m_clock.nsecsElapsed()) / 1e9;
        report->loadCpuSeconds = processSeconds(m_pid) - m_cpuBefore;
        report->serverThreads = threadLoad(m_before, after, report->loadWallSeconds);
    }

private:
    qint64 m_pid;
    QList<ThreadTime> m_before;
    double m_cpuBefore;
    qint64 m_startNs;
    QElapsedTimer m_clock;
};

/// Spins the main thread's event loop until `done` or the timeout; false on timeout.
bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        QThread::msleep(2);
    }
    return true;
}

QString password(int i)
{
    return QStringLiteral("bench-password-%1").arg(i);
}

QString username(int i)
{
    return QStringLiteral("bench%1").arg(i);
}

/// Signs every user in: with saved tokens when the data dir has them, otherwise registering.
bool signIn(Fleet &fleet, const Options &o, const QUrl &url, QString *error)
{
    const QString stateFile =
        o.dataDir.isEmpty() ? QString() : o.dataDir + QStringLiteral("/bench-users.json");
    QJsonObject saved;
    if (!stateFile.isEmpty()) {
        QFile f(stateFile);
        if (f.open(QIODevice::ReadOnly))
            saved = QJsonDocument::fromJson(f.readAll()).object();
    }
    bool haveAll = true;
    for (int i = 0; i < o.users; ++i)
        haveAll = haveAll && !saved.value(username(i)).toString().isEmpty();
    std::atomic<int> ready{0};
    std::atomic<int> failed{0};
    for (int w = 0; w < fleet.size(); ++w) {
        Worker *worker = &fleet.worker(w);
        // Clients are created on their worker's thread: their sockets live there.
        worker->run([&, worker, w, haveAll] {
            for (int i = w; i < o.users; i += fleet.size()) {
                worker->addUser(i, username(i), password(i));
                worker->setToken(i, saved.value(username(i)).toString());
            }
            worker->connectAll(url, !haveAll, &ready, &failed, 32);
        });
    }
    if (!waitUntil([&] { return ready + failed >= o.users; }, 600'000) || failed > 0) {
        *error =
            QStringLiteral("%1 of %2 users could not sign in").arg(o.users - ready).arg(o.users);
        return false;
    }
    if (!stateFile.isEmpty() && !haveAll) {
        for (int i = 0; i < o.users; ++i)
            saved.insert(username(i), fleet.workerOf(i).token(i));
        QFile f(stateFile);
        if (f.open(QIODevice::WriteOnly))
            f.write(QJsonDocument(saved).toJson());
    }
    return true;
}

/// Creates the conversations of the workload; returns who sends where and who is in each.
bool createConversations(Fleet &fleet, const Options &o, QList<SendPlan> *senders,
                         QHash<quint64, QList<int>> *members, QString *error)
{
    struct Room {
        QList<int> users;
        QList<int> sending;
    };
    QList<Room> rooms;
    if (o.workload == QLatin1String("pairs") || o.workload == QLatin1String("history")) {
        for (int i = 0; i + 1 < o.users; i += 2)
            rooms.append({{i, i + 1}, {i, i + 1}});
    } else if (o.workload == QLatin1String("group")) {
        for (int first = 0; first + o.groupSize <= o.users; first += o.groupSize) {
            Room room;
            for (int k = 0; k < o.groupSize; ++k)
                room.users.append(first + k);
            room.sending = room.users;
            rooms.append(room);
        }
    } else if (o.workload == QLatin1String("fanout")) {
        Room room;
        for (int k = 0; k <= o.groupSize && k < o.users; ++k)
            room.users.append(k);
        room.sending = {0};
        rooms.append(room);
    }
    std::mutex mutex;
    std::atomic<int> done{0};
    std::atomic<int> failed{0};
    for (const Room &room : rooms) {
        const int creator = room.users.front();
        Worker *worker = &fleet.workerOf(creator);
        QStringList others;
        for (int u : room.users.mid(1))
            others.append(username(u));
        const bool direct = room.users.size() == 2 && o.workload != QLatin1String("group");
        worker->run([&, room, creator, others, direct, worker] {
            auto record = [&, room](Result<proto::Conversation> c) {
                if (!c.ok()) {
                    ++failed;
                    return;
                }
                std::lock_guard lock(mutex);
                members->insert(c.value().id(), room.users);
                for (int u : room.sending)
                    senders->append(SendPlan{u, c.value().id()});
                ++done;
            };
            if (direct)
                worker->client(creator)->createDirect(others.front(), record);
            else
                worker->client(creator)->createGroup(QStringLiteral("bench room"), others, record);
        });
    }
    if (!waitUntil([&] { return done + failed >= rooms.size(); }, 120'000) || failed > 0) {
        *error = QStringLiteral("could not create %1 conversations").arg(int(failed));
        return false;
    }
    return true;
}

void runPhase(Fleet &fleet, const QList<SendPlan> &plans,
              const std::function<void(Worker &, QList<SendPlan>)> &start,
              const std::function<void(Worker &)> &stop, double seconds)
{
    QVector<QList<SendPlan>> perWorker(fleet.size());
    for (const SendPlan &plan : plans)
        perWorker[plan.user % fleet.size()].append(plan);
    for (int w = 0; w < fleet.size(); ++w) {
        Worker *worker = &fleet.worker(w);
        worker->run([worker, mine = perWorker[w], start] { start(*worker, mine); });
    }
    waitUntil([] { return false; }, int(seconds * 1000));
    for (int w = 0; w < fleet.size(); ++w) {
        Worker *worker = &fleet.worker(w);
        worker->run([worker, stop] { stop(*worker); });
    }
    // Drain: every request answered, then a moment for the last events to arrive.
    waitUntil(
        [&] {
            for (int w = 0; w < fleet.size(); ++w)
                if (fleet.worker(w).inFlight() > 0)
                    return false;
            return true;
        },
        60'000);
    // Then until no event has arrived for 1.5 s: clients may still be working off a backlog.
    const auto seen = [&] {
        quint64 total = 0;
        for (int w = 0; w < fleet.size(); ++w)
            total += fleet.worker(w).eventsSeen();
        return total;
    };
    QElapsedTimer quiet;
    quiet.start();
    quint64 last = seen();
    waitUntil(
        [&] {
            const quint64 now = seen();
            if (now != last) {
                last = now;
                quiet.restart();
            }
            return quiet.elapsed() > 1500;
        },
        120'000);
}

} // namespace

/// natterd's own figures (its newest-page cache), asked as the first bench user; left unknown
/// when that user is no admin there (a natterd natter-bench did not start).
void fetchServerStats(const QUrl &url, const QString &token, Report *report)
{
    client::Client admin(QStringLiteral("natter-bench"));
    admin.connection().setAutoReconnect(false);
    admin.setToken(token);
    if (!client::connectAndWait(admin, url).ok())
        return;
    auto stats =
        client::waitFor<proto::ServerStatsReply>([&](auto done) { admin.serverStats(done); });
    if (!stats.ok())
        return;
    report->cacheHits = qint64(stats.value().cache_hits());
    report->cacheMisses = qint64(stats.value().cache_misses());
}

int main(int argc, char *argv[])
{
    // As in natterd: the GLib dispatcher's per-iteration cost grows with the socket count,
    // and the load generator must not be what a storm measures.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("natter-bench"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "natter-bench: load generator for natterd. Workloads: pairs, group, fanout, history, "
        "idle, storm. See docs/performance.md."));
    parser.addHelpOption();
    const auto opt = [&](const char *name, const char *help, const char *value = nullptr) {
        QCommandLineOption o(QString::fromLatin1(name), QString::fromLatin1(help));
        if (value)
            o.setValueName(QString::fromLatin1(value));
        parser.addOption(o);
    };
    opt("workload", "pairs, group, fanout, history, idle, storm, upload or search.", "NAME");
    opt("searchers", "search: users searching at once (default 100).", "N");
    opt("messages", "search: messages seeded before measuring (default 100000).", "N");
    opt("think-ms", "search: each searcher's pause between searches (default 1000).", "MS");
    opt("file-mb", "upload: size of each file (default 32).", "MB");
    opt("users", "Number of users (default 100).", "N");
    opt("group-size", "Members per room for group, receivers for fanout (default 10).", "G");
    opt("duration", "Seconds of load (default 10).", "S");
    opt("window", "Closed loop: sends outstanding per sender (default 8).", "W");
    opt("rate", "Open loop: total sends per second (default: closed loop).", "R");
    opt("threads", "Client threads (default 2).", "T");
    opt("text-bytes", "Message size (default 200).", "B");
    opt("server", "Target this natterd instead of starting one.", "URL");
    opt("natterd", "natterd binary to start (default: beside natter-bench's build).", "PATH");
    opt("data",
        "Data dir for the started natterd; keeps users for re-runs (search: and the seeded "
        "messages, reused by a run with the same --messages and --searchers).",
        "DIR");
    opt("json", "Print the report as one JSON object.");
    opt("receipts", "Recipients report delivery as the desktop client does (every 200 ms).");
    opt("server-cpus", "Run the natterd it starts on these CPUs only (as taskset -c: 0-3,8).",
        "LIST");
    opt("bench-cpus", "Run natter-bench itself on these CPUs only.", "LIST");
    parser.process(app);

    // natterd gets the CPUs asked for, or those natter-bench had before it pinned itself.
    cpu_set_t serverCpus;
    if (sched_getaffinity(0, sizeof serverCpus, &serverCpus) != 0)
        return fail(
            QStringLiteral("cannot read this process's CPUs: %1").arg(qt_error_string(errno)));
    QString cpuError;
    if (parser.isSet(QStringLiteral("server-cpus")) &&
        !parseCpuList(parser.value(QStringLiteral("server-cpus")), &serverCpus, &cpuError))
        return fail(QStringLiteral("--server-cpus: ") + cpuError);
    if (parser.isSet(QStringLiteral("bench-cpus"))) {
        cpu_set_t benchCpus;
        if (!parseCpuList(parser.value(QStringLiteral("bench-cpus")), &benchCpus, &cpuError))
            return fail(QStringLiteral("--bench-cpus: ") + cpuError);
        // Before the workers start: every thread made after this inherits it.
        if (sched_setaffinity(0, sizeof benchCpus, &benchCpus) != 0)
            return fail(QStringLiteral("--bench-cpus: %1").arg(qt_error_string(errno)));
    }

    Options o;
    o.workload = parser.value(QStringLiteral("workload"));
    const QStringList workloads{QStringLiteral("pairs"),  QStringLiteral("group"),
                                QStringLiteral("fanout"), QStringLiteral("history"),
                                QStringLiteral("idle"),   QStringLiteral("storm"),
                                QStringLiteral("upload"), QStringLiteral("search")};
    if (!workloads.contains(o.workload))
        return fail(QStringLiteral("pass --workload with one of: ") +
                    workloads.join(QStringLiteral(", ")));
    const auto number = [&](const char *name, double fallback) {
        const QString v = parser.value(QString::fromLatin1(name));
        return v.isEmpty() ? fallback : v.toDouble();
    };
    o.users = int(number("users", 100));
    o.groupSize = int(number("group-size", 10));
    o.duration = number("duration", 10);
    o.window = int(number("window", 8));
    o.rate = number("rate", 0);
    o.threads = qMax(1, int(number("threads", 2)));
    o.textBytes = int(number("text-bytes", 200));
    o.json = parser.isSet(QStringLiteral("json"));
    o.receipts = parser.isSet(QStringLiteral("receipts"));
    o.dataDir = parser.value(QStringLiteral("data"));
    o.natterd = parser.value(QStringLiteral("natterd"));
    if (o.natterd.isEmpty())
        o.natterd = QCoreApplication::applicationDirPath() + QStringLiteral("/../server/natterd");
    const bool uploads = o.workload == QLatin1String("upload");
    if (o.users < (uploads ? 1 : 2))
        return fail(QStringLiteral("--users must be at least 2 (1 for upload: the uploaders)"));

    BenchServer server;
    QTemporaryDir scratch;
    QUrl url(parser.value(QStringLiteral("server")));
    const bool spawned = url.isEmpty();
    if (spawned) {
        if (o.dataDir.isEmpty())
            o.dataDir = scratch.path();
        QDir().mkpath(o.dataDir);
        QString error;
        if (!server.start(o.natterd, o.dataDir, &error, &serverCpus))
            return fail(error);
        url = server.url();
    }
    if (o.workload == QLatin1String("search")) {
        SearchOptions so;
        so.searchers = qMax(2, int(number("searchers", 100)));
        so.groups = qMax(1, so.searchers / 2);
        so.messages = qint64(number("messages", 100'000));
        so.seconds = o.duration;
        so.sendRate = o.rate > 0 ? o.rate : 500;
        so.thinkMs = int(number("think-ms", 1000));
        so.threads = o.threads;
        if (spawned && !parser.value(QStringLiteral("data")).isEmpty()) // kept: reuse it
            so.seedFile = o.dataDir + QStringLiteral("/natter-bench-search.json");
        SearchFigures figures = runSearchWorkload(url, so);
        if (spawned) {
            server.stop();
            measureIndexSize(o.dataDir, &figures);
        }
        if (!figures.problem.isEmpty())
            return fail(figures.problem);
        std::fputs(qPrintable(figures.table()), stdout);
        return figures.errors == 0 ? 0 : 1;
    }
    if (uploads) {
        const UploadFigures figures =
            runUploads(url, o.users, o.duration, qint64(number("file-mb", 32) * 1e6));
        if (spawned)
            server.stop();
        if (!figures.problem.isEmpty())
            return fail(figures.problem);
        std::fputs(qPrintable(figures.table()), stdout);
        return 0;
    }

    Report report;
    report.workload = o.workload;
    report.users = o.users;
    Fleet fleet(o.threads, o.textBytes);
    if (o.receipts) {
        for (int w = 0; w < fleet.size(); ++w)
            fleet.worker(w).run([&worker = fleet.worker(w)] { worker.reportDeliveries(); });
    }
    QElapsedTimer setup;
    setup.start();
    QString error;
    if (!signIn(fleet, o, url, &error))
        return fail(error);
    if (spawned) // the first user reads natterd's statistics at the end
        server.grantAdmin(username(0));
    report.setupSeconds = double(setup.elapsed()) / 1000;

    QList<SendPlan> senders;
    QHash<quint64, QList<int>> members;
    if (o.workload == QLatin1String("idle") || o.workload == QLatin1String("storm")) {
        // Everyone disconnects; then all reconnect at once with their tokens.
        for (int w = 0; w < fleet.size(); ++w) {
            Worker *worker = &fleet.worker(w);
            worker->run([worker] { worker->disconnectAll(); });
        }
        waitUntil([] { return false; }, 3000);
        const qint64 baseline = spawned ? server.rssBytes() : 0;
        const qint64 overflows = listenOverflows();
        std::atomic<int> ready{0};
        std::atomic<int> failed{0};
        QElapsedTimer storm;
        storm.start();
        for (int w = 0; w < fleet.size(); ++w) {
            Worker *worker = &fleet.worker(w);
            worker->run([worker, url, &ready, &failed] {
                worker->connectAll(url, false, &ready, &failed);
            });
        }
        waitUntil([&] { return ready + failed >= o.users; }, 600'000);
        report.stormSeconds = double(storm.elapsed()) / 1000;
        report.connected = ready;
        report.listenOverflows = listenOverflows() - overflows;
        waitUntil([] { return false; }, int(qMin(o.duration, 5.0) * 1000));
        if (spawned && ready > 0)
            report.rssPerConnection = double(server.rssBytes() - baseline) / ready;
    } else {
        if (!createConversations(fleet, o, &senders, &members, &error))
            return fail(error);
        if (o.workload == QLatin1String("history")) {
            // Seed: every conversation gets its newest page, then users page through them.
            runPhase(
                fleet, senders,
                [&](Worker &w, QList<SendPlan> mine) { w.startSending(mine, 4, 0); },
                [](Worker &w) { w.stopSending(); }, 3);
            const LoadWatch watch(spawned ? server.pid() : 0);
            runPhase(
                fleet, senders,
                [&](Worker &w, QList<SendPlan> mine) {
                    w.startPaging(mine, qMax(1, o.window / 4));
                },
                [](Worker &w) { w.stopPaging(); }, o.duration);
            watch.finish(&report);
            report.seconds = o.duration;
        } else {
            const double perWorkerRate = o.rate / fleet.size();
            // Open loop: the workers' sends interleave, one every 1/rate s across them all.
            const qint64 startNs = nowNs() + 20'000'000;
            std::atomic<int> phases = 0;
            const LoadWatch watch(spawned ? server.pid() : 0);
            runPhase(
                fleet, senders,
                [&](Worker &w, QList<SendPlan> mine) {
                    w.startSending(mine, o.window, perWorkerRate, startNs,
                                   double(phases++) / fleet.size());
                },
                [](Worker &w) { w.stopSending(); }, o.duration);
            watch.finish(&report);
            report.seconds = o.duration;
        }
    }
    const Stats stats = fleet.merged();
    report.fill(stats, members);
    fetchServerStats(url, fleet.workerOf(0).token(0), &report);
    if (spawned) {
        report.serverCpuSeconds = server.cpuSeconds();
        report.serverPeakRss = server.peakRssBytes();
        server.stop();
    }
    std::fputs(qPrintable(o.json ? report.json() : report.table()), stdout);
    return report.correct() ? 0 : 1;
}

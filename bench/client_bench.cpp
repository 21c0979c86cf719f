// natter-client-bench: the desktop client's figures for docs/performance.md. With a cache of
// CONVERSATIONS × MESSAGES messages it measures the cold start to the first painted window,
// the resident memory, and the GUI thread's longest stall while messages pour into a
// conversation in the background (the load is sent from another thread).
#include "bench_server.h"
#include "blocking.h"
#include "desktop_client.h"
#include "local_cache.h"
#include "main_window.h"
#include "notifier.h"
#include "token_store.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSettings>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>

using namespace natter;

namespace {

struct Options {
    QString natterd;
    int conversations = 200; // the cache's limits: 200 conversations of 500 messages
    int messages = 500;
    int rate = 1000; // messages per second into the background conversation
    int seconds = 10;
};

class QuietNotifier : public app::Notifier {
public:
    void notify(quint64, const QString &, const QString &) override {}
};

[[noreturn]] void fail(const QString &what)
{
    std::fprintf(stderr, "natter-client-bench: %s\n", qPrintable(what));
    std::exit(1);
}

template <typename T> T need(Result<T> result, const char *what)
{
    if (!result.ok())
        fail(QStringLiteral("%1: %2").arg(QLatin1String(what), result.failure().message));
    return std::move(result).value();
}

qint64 rssKb()
{
    return bench::statusKb(QCoreApplication::applicationPid(), "VmRSS:");
}

/// Runs the event loop until `done()` holds (checked after every event batch) or `ms` pass.
template <typename Done> bool waitUntil(Done done, int ms)
{
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    return done();
}

/// Notes the first paint of any widget in `window` once that window shows its content.
class FirstPaint : public QObject {
public:
    bool painted = false;
    QWidget *window = nullptr;
    std::function<bool()> showsContent; // a frame counts once it has what the user came for

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && window && showsContent()) {
            auto *widget = qobject_cast<QWidget *>(watched);
            if (widget && widget->window() == window)
                painted = true;
        }
        return false;
    }
};

/// Sends messages at a steady rate from a thread of its own, so that the load does not run on
/// the thread being measured.
class Flood : public QThread {
public:
    Flood(QUrl url, QString token, quint64 conversationId, int rate, int seconds)
        : m_url(std::move(url))
        , m_token(std::move(token))
        , m_conversation(conversationId)
        , m_rate(rate)
        , m_seconds(seconds)
    {}
    std::atomic<int> acked = 0;
    QString problem;

protected:
    void run() override
    {
        client::Client writer(QStringLiteral("natter-client-bench"));
        writer.setToken(m_token);
        if (auto ready = client::connectAndWait(writer, m_url); !ready.ok()) {
            problem = ready.failure().message;
            return;
        }
        QEventLoop loop;
        QTimer tick;
        QElapsedTimer clock;
        clock.start();
        int sent = 0;
        const int total = m_rate * m_seconds;
        tick.setTimerType(Qt::PreciseTimer);
        QObject::connect(&tick, &QTimer::timeout, [&] {
            // Catch up to where the rate says we should be: smooth, not bursty.
            const int due = std::min(total, int(clock.elapsed() * m_rate / 1000));
            for (; sent < due; ++sent)
                writer.sendMessage(m_conversation, client::Client::newClientMsgId(),
                                   QStringLiteral("load %1: the quick brown fox jumps over the "
                                                  "lazy dog")
                                       .arg(sent),
                                   [this, total, &loop](Result<proto::SendMessageReply> r) {
                                       if (r.ok() && ++acked == total)
                                           loop.quit();
                                   });
        });
        tick.start(5);
        QTimer::singleShot(m_seconds * 1000 + 30'000, &loop, &QEventLoop::quit);
        loop.exec();
    }

private:
    QUrl m_url;
    QString m_token;
    quint64 m_conversation;
    int m_rate;
    int m_seconds;
};

Options parseOptions()
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The desktop client's start-up, memory and "
                                                    "GUI-thread stalls (docs/performance.md)."));
    parser.addHelpOption();
    const QCommandLineOption natterd(QStringLiteral("natterd"), QStringLiteral("natterd binary."),
                                     QStringLiteral("PATH"));
    const QCommandLineOption conversations(QStringLiteral("conversations"),
                                           QStringLiteral("Cached conversations (200)."),
                                           QStringLiteral("N"));
    const QCommandLineOption messages(QStringLiteral("messages"),
                                      QStringLiteral("Cached messages per conversation (500)."),
                                      QStringLiteral("N"));
    const QCommandLineOption rate(QStringLiteral("rate"),
                                  QStringLiteral("Messages per second into a background "
                                                 "conversation (1000)."),
                                  QStringLiteral("N"));
    const QCommandLineOption seconds(QStringLiteral("seconds"),
                                     QStringLiteral("How long the load lasts (10)."),
                                     QStringLiteral("N"));
    parser.addOptions({natterd, conversations, messages, rate, seconds});
    parser.process(QCoreApplication::arguments());
    Options o;
    o.natterd = parser.value(natterd);
    if (o.natterd.isEmpty())
        fail(QStringLiteral("pass --natterd PATH (build/release/server/natterd)"));
    auto number = [&](const QCommandLineOption &option, int fallback) {
        bool ok = false;
        const int value = parser.value(option).toInt(&ok);
        return ok && value > 0 ? value : fallback;
    };
    o.conversations = number(conversations, o.conversations);
    o.messages = number(messages, o.messages);
    o.rate = number(rate, o.rate);
    o.seconds = number(seconds, o.seconds);
    return o;
}

/// The reader's cache, filled as a long-used client's would be.
void fillCache(const QString &dir, const QList<proto::Conversation> &conversations, int perConv,
               quint64 writerId)
{
    client::LocalCache cache;
    QString error;
    if (!cache.open(dir, &error))
        fail(QStringLiteral("cache: %1").arg(error));
    for (const proto::Conversation &conversation : conversations) {
        cache.upsertConversation(conversation);
        QList<proto::Message> batch;
        for (int seq = 1; seq <= perConv; ++seq) {
            proto::Message m;
            m.set_conversation_id(conversation.id());
            m.set_seq(quint64(seq));
            m.set_sender_id(writerId);
            m.set_sender_username("writer");
            m.set_client_msg_id(
                QStringLiteral("fill-%1-%2").arg(conversation.id()).arg(seq).toStdString());
            m.set_text("An ordinary message of about the length people write, give or take.");
            m.set_sent_at_ms(1'700'000'000'000 + conversation.id() * 1'000'000 + seq * 1000);
            batch.append(m);
        }
        if (cache.insertMessages(batch, 0, false) != perConv)
            fail(QStringLiteral("cache: could not store the messages"));
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const Options o = parseOptions();

    // natterd, a reader (the desktop user) and a writer, their conversations.
    QTemporaryDir work;
    const QString dataDir = work.filePath(QStringLiteral("natterd"));
    QDir().mkpath(dataDir);
    bench::BenchServer server;
    QString error;
    if (!server.start(o.natterd, dataDir, &error))
        fail(error);
    const QUrl url = server.url();
    client::Client reader(QStringLiteral("setup"));
    client::Client writer(QStringLiteral("setup"));
    need(client::connectAndWait(reader, url), "connect");
    need(client::connectAndWait(writer, url), "connect");
    const auto readerAuth =
        need(client::waitFor<proto::AuthReply>([&](auto done) {
                 reader.registerUser(QStringLiteral("reader"), QStringLiteral("reader-password"),
                                     QString(), done);
             }),
             "register");
    const auto writerAuth =
        need(client::waitFor<proto::AuthReply>([&](auto done) {
                 writer.registerUser(QStringLiteral("writer"), QStringLiteral("writer-password"),
                                     QString(), done);
             }),
             "register");
    QList<proto::Conversation> cached;
    for (int i = 0; i <= o.conversations; ++i) {
        cached.append(need(client::waitFor<proto::Conversation>([&](auto done) {
                               writer.createGroup(QStringLiteral("Room %1").arg(i),
                                                  {QStringLiteral("reader")}, done);
                           }),
                           "create a group"));
    }
    const proto::Conversation background = cached.takeFirst(); // the flood goes here
    reader.close();
    writer.close();

    // The reader's profile: a saved session and a full cache.
    const QString profile = work.filePath(QStringLiteral("profile"));
    QElapsedTimer fillClock;
    fillClock.start();
    fillCache(app::DesktopClient::cacheDirIn(profile, url.toString(), QStringLiteral("reader")),
              cached, o.messages, writerAuth.user().id());
    const qint64 fillMs = fillClock.elapsed();
    {
        QSettings ini(QDir(profile).filePath(QStringLiteral("natter.ini")), QSettings::IniFormat);
        ini.setValue(app::DesktopClient::kServerKey, url.toString());
        ini.setValue(app::DesktopClient::kUserKey, QStringLiteral("reader"));
    }
    app::FileTokenStore tokens(profile);
    bool saved = false;
    tokens.save(app::DesktopClient::accountKey(url.toString(), QStringLiteral("reader")),
                QString::fromStdString(readerAuth.token()), [&](bool ok, const QString &problem) {
                    if (!ok)
                        fail(QStringLiteral("token: %1").arg(problem));
                    saved = true;
                });
    waitUntil([&] { return saved; }, 10'000);

    // Cold start: from creating the client to the first painted frame with its conversations.
    const qint64 rssBefore = rssKb();
    FirstPaint firstPaint;
    app.installEventFilter(&firstPaint);
    QuietNotifier notifier;
    QElapsedTimer startClock;
    startClock.start();
    app::DesktopClient desktop({profile, url.toString(), {}}, tokens, notifier);
    QObject::connect(&desktop, &app::DesktopClient::mainWindowShown,
                     [&] { firstPaint.window = desktop.mainWindow(); });
    // The cache is read on its own thread: the first frame with the conversation list in it.
    firstPaint.showsContent = [&] { return desktop.session()->conversations().rowCount() > 0; };
    desktop.start();
    if (!waitUntil([&] { return firstPaint.painted; }, 60'000))
        fail(QStringLiteral("the window was never painted"));
    const qint64 coldStartMs = startClock.elapsed();
    app.removeEventFilter(&firstPaint); // not on the path of the events measured below
    const qint64 rssStarted = rssKb();
    desktop.mainWindow()->openConversation(cached.front().id());
    waitUntil([&] { return desktop.mainWindow()->currentConversation() == cached.front().id(); },
              10'000);
    QCoreApplication::processEvents();
    const qint64 rssOpen = rssKb();
    if (!waitUntil([&] { return desktop.session()->engine().isSynced(); }, 60'000))
        fail(QStringLiteral("the client never synced with natterd"));

    // The load: messages into a conversation the user is not looking at. What arrived is
    // what the cache holds (live events and gap fills alike).
    // Counted as the client learns of them, without blocking the thread being measured.
    client::CacheWorker &readerCache = desktop.session()->cache();
    quint64 newestCached = 0;
    QObject counter;
    QObject::connect(
        &desktop.session()->engine(), &client::SyncEngine::messagesChanged, &counter,
        [&](quint64 conversationId) {
            if (conversationId != background.id())
                return;
            readerCache.read(
                &counter,
                [conversationId](client::LocalCache &c) { return c.maxSeq(conversationId); },
                [&](quint64 seq) { newestCached = std::max(newestCached, seq); });
        });
    auto received = [&] { return int(newestCached); };
    Flood flood(url, QString::fromStdString(writerAuth.token()), background.id(), o.rate,
                o.seconds);
    QList<qint64> gapsUs;
    QElapsedTimer sinceTick;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        gapsUs.append(sinceTick.nsecsElapsed() / 1000);
        sinceTick.restart();
    });
    const int expected = o.rate * o.seconds;
    sinceTick.start();
    tick.start(1);
    flood.start();
    waitUntil([&] { return flood.isFinished(); }, o.seconds * 1000 + 60'000);
    waitUntil([&] { return received() >= expected; }, 10'000);
    tick.stop();
    flood.wait();
    if (!flood.problem.isEmpty())
        fail(QStringLiteral("load: %1").arg(flood.problem));

    std::sort(gapsUs.begin(), gapsUs.end());
    const qint64 longest = gapsUs.isEmpty() ? 0 : gapsUs.back();
    const qint64 p99 = gapsUs.isEmpty() ? 0 : gapsUs[qsizetype(double(gapsUs.size() - 1) * 0.99)];
    const auto over16 =
        std::count_if(gapsUs.cbegin(), gapsUs.cend(), [](qint64 gap) { return gap > 16'000; });
    std::printf("cache: %d conversations x %d messages = %d (filled in %lld ms)\n",
                int(cached.size()), o.messages, int(cached.size()) * o.messages, qint64(fillMs));
    std::printf("start to the first painted window (in this process, from creating the client; "
                "the cache file just written, so in the page cache): %lld ms\n",
                qint64(coldStartMs));
    std::printf("RSS: %lld MB before the client (Qt, the setup clients), %lld MB at first "
                "paint, %lld MB with a conversation open\n",
                rssBefore / 1024, rssStarted / 1024, rssOpen / 1024);
    std::printf("load: %d of %d messages at %d/s reached the client in the background\n",
                received(), expected, o.rate);
    std::printf("GUI thread (1 ms timer): longest gap %.1f ms, p99 %.1f ms, %lld gaps over "
                "16 ms in %lld ticks\n",
                double(longest) / 1000, double(p99) / 1000, qint64(over16), qint64(gapsUs.size()));
    return received() >= expected ? 0 : 1;
}

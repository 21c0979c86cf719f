#include "upload_workload.h"

#include "blocking.h"
#include "file_transfer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <atomic>
#include <memory>

namespace natter::bench {

namespace {

QString uniqueName(const char *prefix)
{
    return QStringLiteral("%1%2")
        .arg(QLatin1String(prefix))
        .arg(QRandomGenerator::global()->generate());
}

std::unique_ptr<client::Client> signedInClient(const QUrl &url, const QString &name)
{
    auto c = std::make_unique<client::Client>(QStringLiteral("natter-bench"));
    c->connection().setAutoReconnect(false);
    if (!client::connectAndWait(*c, url).ok())
        return nullptr;
    const auto signedIn = client::waitFor<proto::AuthReply>(
        [&](auto done) { c->registerUser(name, QStringLiteral("bench-password"), name, done); });
    return signedIn.ok() ? std::move(c) : nullptr;
}

/// One user uploading files back to back on a connection of its own.
class Uploader : public QThread {
public:
    Uploader(QUrl url, QString dir, qint64 fileBytes)
        : m_url(std::move(url))
        , m_dir(std::move(dir))
        , m_fileBytes(fileBytes)
    {}
    std::atomic<bool> ready = false;
    std::atomic<bool> go = false;
    std::atomic<bool> stop = false;
    std::atomic<qint64> bytes = 0;
    std::atomic<int> files = 0;
    QString problem;

protected:
    void run() override
    {
        auto c = signedInClient(m_url, uniqueName("uploader"));
        if (!c) {
            problem = QStringLiteral("an uploader could not sign in");
            ready = true;
            return;
        }
        const QString path = m_dir + QStringLiteral("/file-") + uniqueName("");
        QFile file(path);
        QByteArray content(m_fileBytes, Qt::Uninitialized);
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(content.data()),
                                              content.size() / 4);
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size()) {
            problem = QStringLiteral("cannot write %1").arg(path);
            ready = true;
            return;
        }
        file.close();
        ready = true;
        while (!go)
            QThread::msleep(1);
        for (quint32 round = 0; !stop; ++round) {
            // New content every round: the first bytes count the rounds.
            if (!file.open(QIODevice::ReadWrite) ||
                file.write(reinterpret_cast<const char *>(&round), 4) != 4)
                break;
            file.close();
            client::FileUpload upload(*c, path);
            QEventLoop loop;
            std::optional<Result<proto::Attachment>> outcome;
            upload.start([&](Result<proto::Attachment> r) {
                outcome = std::move(r);
                loop.quit();
            });
            if (!outcome)
                loop.exec();
            if (!outcome->ok()) {
                problem = outcome->failure().message;
                return;
            }
            if (stop)
                break; // finished after the window: not counted
            bytes += m_fileBytes;
            ++files;
        }
    }

private:
    QUrl m_url;
    QString m_dir;
    qint64 m_fileBytes;
};

/// Milliseconds from send to the receiver's event, one text every 10 ms for `ms`.
QList<double> textLatencies(client::Client &writer, client::Client &reader, quint64 conversation,
                            int ms)
{
    QList<double> latencies;
    QElapsedTimer clock;
    clock.start();
    QHash<QString, qint64> sentAtNs;
    QObject scope;
    QObject::connect(&reader, &client::Client::messageReceived, &scope,
                     [&](const proto::Message &m) {
                         const auto it = sentAtNs.find(QString::fromStdString(m.client_msg_id()));
                         if (it != sentAtNs.end())
                             latencies.append(double(clock.nsecsElapsed() - *it) / 1e6);
                     });
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, &scope, [&] {
        const QString id = client::Client::newClientMsgId();
        sentAtNs.insert(id, clock.nsecsElapsed());
        writer.sendMessage(conversation, id, QStringLiteral("ping"), [](auto) {});
    });
    tick.start(10);
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
    tick.stop();
    // The last answers.
    QTimer::singleShot(500, &loop, &QEventLoop::quit);
    loop.exec();
    std::sort(latencies.begin(), latencies.end());
    return latencies;
}

double percentile(const QList<double> &sorted, double p)
{
    return sorted.isEmpty() ? 0 : sorted[qsizetype(double(sorted.size() - 1) * p)];
}

} // namespace

UploadFigures runUploads(const QUrl &url, int uploaders, double seconds, qint64 fileBytes)
{
    UploadFigures f;
    f.uploaders = uploaders;
    auto writer = signedInClient(url, uniqueName("writer"));
    auto reader = signedInClient(url, uniqueName("reader"));
    if (!writer || !reader) {
        f.problem = QStringLiteral("the text pair could not sign in");
        return f;
    }
    const auto direct = client::waitFor<proto::Conversation>([&](auto done) {
        writer->createDirect(QString::fromStdString(reader->user().username()), done);
    });
    if (!direct.ok()) {
        f.problem = direct.failure().message;
        return f;
    }
    const QList<double> idle = textLatencies(*writer, *reader, direct.value().id(), 3000);
    f.idleP50Ms = percentile(idle, 0.5);
    f.idleP99Ms = percentile(idle, 0.99);

    QTemporaryDir dir;
    std::vector<std::unique_ptr<Uploader>> threads;
    for (int i = 0; i < uploaders; ++i) {
        threads.push_back(std::make_unique<Uploader>(url, dir.path(), fileBytes));
        threads.back()->start();
    }
    for (auto &t : threads) {
        while (!t->ready)
            QThread::msleep(5);
    }
    QElapsedTimer window;
    window.start();
    for (auto &t : threads)
        t->go = true;
    const QList<double> busy =
        textLatencies(*writer, *reader, direct.value().id(), int(seconds * 1000));
    f.seconds = double(window.elapsed()) / 1000;
    for (auto &t : threads)
        t->stop = true;
    for (auto &t : threads) {
        t->wait();
        f.bytes += t->bytes;
        f.files += t->files;
        if (!t->problem.isEmpty())
            f.problem = t->problem;
    }
    f.busyP50Ms = percentile(busy, 0.5);
    f.busyP99Ms = percentile(busy, 0.99);
    f.texts = int(busy.size());
    f.totalMBps = double(f.bytes) / 1e6 / f.seconds;
    f.perConnectionMBps = f.totalMBps / uploaders;
    return f;
}

QString UploadFigures::table() const
{
    return QStringLiteral("workload upload, %1 uploader connections, %2 s\n"
                          "uploaded: %3 files, %4 MB: %5 MB/s in total, %6 MB/s per connection\n"
                          "text send→event while idle: p50 %7 ms, p99 %8 ms\n"
                          "text send→event during uploads: p50 %9 ms, p99 %10 ms (%11 texts)\n")
        .arg(uploaders)
        .arg(seconds, 0, 'f', 1)
        .arg(files)
        .arg(double(bytes) / 1e6, 0, 'f', 0)
        .arg(totalMBps, 0, 'f', 1)
        .arg(perConnectionMBps, 0, 'f', 1)
        .arg(idleP50Ms, 0, 'f', 2)
        .arg(idleP99Ms, 0, 'f', 2)
        .arg(busyP50Ms, 0, 'f', 2)
        .arg(busyP99Ms, 0, 'f', 2)
        .arg(texts);
}

} // namespace natter::bench

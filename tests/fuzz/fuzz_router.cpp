// libFuzzer target: natterd's request handling, from decoded frame to stored data. The input is
// a sequence of frames (two bytes of big-endian length, then the frame), all sent on one new
// connection to a real natterd composition (SQLite in a temporary dir); each input waits until
// every request it made is answered. Crashes, sanitizer reports and unanswered requests fail.
#include "gateway/client_connection.h"
#include "gateway/socket_thread.h"
#include "server.h"
#include "support/logging.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTemporaryDir>
#include <cstdlib>
#include <google/protobuf/stubs/logging.h>
#include <memory>
#include <sodium.h>

namespace {

using namespace natter::server;

struct Harness {
    QTemporaryDir dir;
    std::unique_ptr<Server> server;
    std::atomic<quint64> nextId{1};
    gateway::ConnectionLimiter limiter{1, 1};
    std::atomic<qint64> queued{0};
    // Replies go to a gateway thread that knows no such connection and drops them.
    std::unique_ptr<gateway::SocketThread> socketThread;
    quint64 nextConnection = 1'000'000;
};

Harness *harness = nullptr;

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    google::protobuf::SetLogHandler(nullptr);
    if (sodium_init() < 0)
        std::abort();
    static auto *application = new QCoreApplication(*argc, *argv); // for the whole process
    Q_UNUSED(application);
    harness = new Harness;
    auto config = ServerConfig::parse({QStringLiteral("natterd"), QStringLiteral("--listen"),
                                       QStringLiteral("127.0.0.1:0"), QStringLiteral("--data"),
                                       harness->dir.path(), QStringLiteral("--log-level"),
                                       QStringLiteral("error")});
    if (!config.ok() || !applyLogLevel(QStringLiteral("error")))
        std::abort();
    harness->server = std::make_unique<Server>(config.value());
    QString error;
    if (!harness->server->start(&error))
        std::abort();
    harness->socketThread = std::make_unique<gateway::SocketThread>(
        0, gateway::SocketSettings{}, [](gateway::SocketEvent) {}, harness->nextId,
        harness->limiter, harness->queued);
    harness->socketThread->startServing();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gateway::ClientConnection connection(harness->nextConnection++, *harness->socketThread, 30'000);
    // An address of its own per input: one input's failed logins do not lock out the next.
    connection.setPeerAddress(QStringLiteral("fuzz-%1").arg(harness->nextConnection));
    gateway::RequestRouter &router = harness->server->router();
    connection.setDispatch(
        [&router](gateway::ClientConnection &c, const natter::proto::Envelope &request) {
            router.dispatch(c, request);
        },
        8, 64);
    size_t at = 0;
    quint64 requestId = 0;
    while (at + 2 <= size) {
        const size_t length = (size_t(data[at]) << 8) | data[at + 1];
        at += 2;
        const size_t take = std::min(length, size - at);
        const QByteArray frame(reinterpret_cast<const char *>(data + at), qsizetype(take));
        at += take;
        auto envelope = natter::protocol::decode(frame);
        if (!envelope)
            continue;
        envelope->set_request_id(++requestId);
        connection.received(std::move(*envelope));
    }
    // Every request is answered, however bad; Argon2 makes sign-ins take a while.
    QDeadlineTimer deadline(20'000);
    while (connection.busy() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
    if (connection.busy())
        std::abort();
    connection.markClosed();
    QCoreApplication::processEvents();
    return 0;
}

// libFuzzer target: natterd's WebSocket framing. The input is split at its first byte's value
// into an upgrade request and a client byte stream, which is fed to the frame reader in
// chunks of varying size. Nothing may crash; what is buffered stays within the limits; the
// same stream fed whole gives the same messages or the same failure.
#include "gateway/websocket_protocol.h"

#include <cstdlib>

using namespace natter::server::gateway::websocket;

namespace {

constexpr qint64 kMaxFrame = 512;
constexpr qint64 kMaxMessage = 1024;

struct Outcome {
    std::vector<FrameReader::Message> messages;
    bool ok = true;
    quint16 code = 0;
};

Outcome readAll(const QByteArray &stream, int chunk)
{
    FrameReader reader(kMaxFrame, kMaxMessage);
    Outcome outcome;
    for (qsizetype at = 0; at < stream.size() && outcome.ok; at += chunk) {
        outcome.ok = reader.feed(stream.mid(at, chunk), &outcome.messages);
        // A frame header is at most 14 bytes; a message's fragments at most kMaxMessage.
        if (reader.bufferedBytes() > kMaxFrame + 14 + kMaxMessage + chunk)
            std::abort();
    }
    outcome.code = reader.failure().code;
    return outcome;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype split = qMin<qsizetype>(uchar(input[0]), input.size() - 1);
    const QByteArray head = input.mid(1, split);
    const QByteArray stream = input.mid(1 + split);

    const UpgradeAnswer answer = answerUpgrade(head, {QStringLiteral("https://ok.example")});
    if (answer.accepted != answer.response.startsWith("HTTP/1.1 101"))
        std::abort();

    const Outcome whole = readAll(stream, int(qMax<qsizetype>(1, stream.size())));
    const Outcome pieces = readAll(stream, 1 + int(uchar(input[0]) % 7));
    if (whole.ok != pieces.ok || whole.code != pieces.code ||
        whole.messages.size() != pieces.messages.size())
        std::abort();
    for (size_t i = 0; i < whole.messages.size(); ++i) {
        if (whole.messages[i].payload != pieces.messages[i].payload ||
            whole.messages[i].kind != pieces.messages[i].kind)
            std::abort();
        if (whole.messages[i].payload.size() > kMaxMessage)
            std::abort();
    }
    return 0;
}

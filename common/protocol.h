#pragma once
/// Wire-level constants and helpers shared by natterd and every client: framing of one
/// Envelope per binary WebSocket frame, the advertised limits, and typed errors.

#include "natter.pb.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

namespace natter::protocol {

using proto::Envelope;
using proto::ErrorCode;

/// Bumped only for incompatible changes; servers answer other versions with UNSUPPORTED_VERSION.
inline constexpr quint32 kProtocolVersion = 1;

/// WebSocket close codes of natterd's own (RFC 6455 leaves 4000-4999 to applications).
namespace closecode {
/// The session was revoked (logout elsewhere, an admin) or expired: sign in again.
inline constexpr quint16 kSessionEnded = 4001;
/// Hello and sign-in did not finish within the server's deadline.
inline constexpr quint16 kSignInTimeout = 4003;
/// The client read slower than its events arrived; reconnect and fetch by seq.
inline constexpr quint16 kTooSlow = 4008;
/// More requests were waiting for their turn than the server keeps for one connection.
inline constexpr quint16 kTooManyRequests = 4009;
} // namespace closecode

/// Limits the server enforces and advertises in HelloReply.
struct Limits {
    quint32 maxFrameBytes = 256 * 1024;
    quint32 maxTextBytes = 16 * 1024;
    quint32 maxGroupMembers = 1000;
    quint32 maxPageSize = 200;
    quint64 maxFileBytes = 100 * 1024 * 1024;
    // A chunk and its envelope fit in one frame; messages on the same connection wait for at
    // most one chunk.
    quint32 maxChunkBytes = 192 * 1024;
    quint32 maxAttachments = 10;
    quint64 quotaBytes = quint64(2) * 1024 * 1024 * 1024;
    quint32 maxThumbnailBytes = 16 * 1024; // fixed: natter::image::kMaxThumbnailBytes

    [[nodiscard]] proto::Limits toProto() const;
    [[nodiscard]] static Limits fromProto(const proto::Limits &limits);
};

/// Serialises an envelope into the payload of one binary frame.
[[nodiscard]] QByteArray encode(const Envelope &envelope);

/// A page of history as its reply: `messages` in ascending seq.
[[nodiscard]] proto::MessagesReply messagesReply(const QList<proto::Message> &messages,
                                                 bool hasMore);

/// The frame of an Envelope answering `requestId` whose field number `field` holds a message
/// encoded beforehand (`message`): what encode() gives for that envelope, without building it.
[[nodiscard]] QByteArray encodeReply(quint64 requestId, int field, const QByteArray &message);

/// Parses a binary frame; nullopt when the bytes are not a valid Envelope.
[[nodiscard]] std::optional<Envelope> decode(const QByteArray &frame);

/// Error messages are cut to this many characters.
inline constexpr int kMaxErrorMessageLength = 300;

/// An error envelope answering `requestId`.
[[nodiscard]] Envelope makeError(quint64 requestId, ErrorCode code, const QString &message,
                                 quint32 retryAfterMs = 0);

/// Protobuf strings are UTF-8 std::strings; these convert at the boundary.
[[nodiscard]] inline QString fromStd(const std::string &s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}
[[nodiscard]] inline std::string toStd(const QString &s)
{
    return s.toStdString();
}

/// The symbolic name of an error code, e.g. "NOT_A_MEMBER".
[[nodiscard]] QString errorName(ErrorCode code);

} // namespace natter::protocol

#pragma once
/// The server side of RFC 6455 without I/O: the upgrade request, client frames, server frames.
/// natterd frames WebSockets itself because Qt's QWebSocket accepts unmasked client frames and
/// unbounded upgrade headers, and echoes the Origin it was shown: a client must mask (§5.1),
/// and a request that is not a well-formed upgrade gets a plain HTTP error.

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <vector>

namespace natter::server::gateway::websocket {

/// Close codes of RFC 6455 §7.4.1 that natterd sends.
namespace close {
inline constexpr quint16 kNormal = 1000;
inline constexpr quint16 kGoingAway = 1001;
inline constexpr quint16 kProtocolError = 1002;
inline constexpr quint16 kInvalidPayload = 1007;
inline constexpr quint16 kTooBig = 1009;
inline constexpr quint16 kNoStatus = 1005; // received without a code; never sent
} // namespace close

/// At most this much of an upgrade request is read: a browser's is about 1 KiB.
inline constexpr qsizetype kMaxUpgradeBytes = 16 * 1024;

/// The answer to an upgrade request: 101 with the accept key, or an HTTP error to send
/// before closing.
struct UpgradeAnswer {
    bool accepted = false;
    QByteArray response; // the whole HTTP response
    QString problem;     // why it was refused (for the log)
};

/// `head` is the request up to and including the blank line. Requests with an Origin header
/// (browsers) are accepted only when `allowedOrigins` lists it; native clients send none.
UpgradeAnswer answerUpgrade(const QByteArray &head, const QStringList &allowedOrigins);

/// The HTTP error for an upgrade request longer than kMaxUpgradeBytes.
QByteArray upgradeTooLarge();

/// Reads client frames from a byte stream: unmasks them, joins fragments into messages and
/// answers what breaks the protocol with a close code.
class FrameReader {
public:
    enum class Kind { Binary, Text, Ping, Pong, Close };
    struct Message {
        Kind kind = Kind::Binary;
        QByteArray payload; // Close: the reason, without the code
        quint16 closeCode = 0;
    };
    struct Failure {
        quint16 code = 0;
        QString reason;
    };

    /// Data frames above `maxFrameBytes` and messages above `maxMessageBytes` fail with 1009.
    FrameReader(qint64 maxFrameBytes, qint64 maxMessageBytes);

    /// Takes the next bytes of the stream and appends each complete message to `out`.
    /// Returns false when the stream broke the protocol (failure() says how); nothing is read
    /// after that.
    bool feed(const QByteArray &bytes, std::vector<Message> *out);
    [[nodiscard]] const Failure &failure() const { return m_failure; }
    /// Bytes held: an unfinished frame and the fragments of an unfinished message.
    [[nodiscard]] qint64 bufferedBytes() const
    {
        return m_buffer.size() - m_offset + m_message.size();
    }

private:
    /// Reads one frame at m_offset: 1 when done, 0 when more bytes are needed, -1 on failure.
    int readFrame(std::vector<Message> *out);
    /// Records the failure and drops what is buffered; returns -1 (readFrame's failure).
    int fail(quint16 code, QString reason);

    qint64 m_maxFrameBytes;
    qint64 m_maxMessageBytes;
    QByteArray m_buffer;
    qsizetype m_offset = 0;
    bool m_inMessage = false; // fragments of a data message are arriving
    Kind m_messageKind = Kind::Binary;
    QByteArray m_message;
    Failure m_failure;
};

/// A server frame (unmasked, unfragmented): header and payload.
QByteArray serverFrame(FrameReader::Kind kind, const QByteArray &payload);
/// A close frame with `code` and as much of `reason` as fits (123 bytes of UTF-8).
QByteArray closeFrame(quint16 code, const QString &reason);

} // namespace natter::server::gateway::websocket

#include "gateway/websocket_protocol.h"

#include <QCryptographicHash>
#include <QHash>
#include <QtEndian>

namespace natter::server::gateway::websocket {

namespace {

constexpr QByteArrayView kAcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
constexpr qsizetype kMaxCloseReasonBytes = 123; // a control frame's 125 less the code

/// Codes a peer may send (RFC 6455 §7.4): the defined ones that are not reserved for local
/// use (1004-1006, 1015), and those registered or private (3000-4999).
bool isSendableCloseCode(quint16 code)
{
    return (code >= 1000 && code <= 1014 && code != 1004 && code != 1005 && code != 1006) ||
           (code >= 3000 && code <= 4999);
}

QByteArray httpError(int status, const char *statusText, const QString &problem,
                     const QByteArray &extraHeaders = {})
{
    const QByteArray body = problem.toUtf8() + '\n';
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + statusText +
           "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\nConnection: close\r\n" + extraHeaders + "\r\n" +
           body;
}

UpgradeAnswer refuse(int status, const char *statusText, const QString &problem,
                     const QByteArray &extraHeaders = {})
{
    return {false, httpError(status, statusText, problem, extraHeaders), problem};
}

/// Whether a comma-separated header value holds `token` (case-insensitively).
bool hasToken(const QByteArray &value, QByteArrayView token)
{
    for (const QByteArray &part : value.split(',')) {
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

UpgradeAnswer answerUpgrade(const QByteArray &head, const QStringList &allowedOrigins)
{
    QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1."))
        return refuse(400, "Bad Request", QStringLiteral("not an HTTP/1.1 request"));
    if (requestLine[0] != "GET")
        return refuse(405, "Method Not Allowed",
                      QStringLiteral("natterd speaks WebSocket only: send a GET upgrade"));
    QHash<QByteArray, QByteArray> headers; // lower-case names; repeats joined with ", "
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return refuse(400, "Bad Request", QStringLiteral("malformed header line"));
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        QByteArray &stored = headers[name];
        stored = stored.isEmpty() ? value : stored + ", " + value;
    }
    if (!headers.contains("host"))
        return refuse(400, "Bad Request", QStringLiteral("the Host header is missing"));
    if (!hasToken(headers.value("upgrade"), "websocket") ||
        !hasToken(headers.value("connection"), "upgrade"))
        return refuse(426, "Upgrade Required",
                      QStringLiteral("natterd speaks WebSocket only: ask for an upgrade"),
                      "Upgrade: websocket\r\n");
    if (headers.value("sec-websocket-version") != "13")
        return refuse(426, "Upgrade Required",
                      QStringLiteral("only WebSocket version 13 is supported"),
                      "Sec-WebSocket-Version: 13\r\n");
    const QByteArray key = headers.value("sec-websocket-key");
    if (QByteArray::fromBase64(key).size() != 16)
        return refuse(400, "Bad Request",
                      QStringLiteral("Sec-WebSocket-Key must be 16 bytes in base64"));
    // Browsers let any page open a WebSocket anywhere, the user's own machine included:
    // only listed origins get in, and the answer never names the origin.
    if (headers.contains("origin") &&
        !allowedOrigins.contains(QString::fromUtf8(headers.value("origin")), Qt::CaseInsensitive))
        return refuse(403, "Forbidden",
                      QStringLiteral("this origin may not connect; an admin can list it in "
                                     "[server] allowed-origins"));
    const QByteArray accept = QCryptographicHash::hash(QByteArray(key + kAcceptGuid.toByteArray()),
                                                       QCryptographicHash::Sha1)
                                  .toBase64();
    return {true,
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Accept: " +
                accept + "\r\n\r\n",
            {}};
}

QByteArray upgradeTooLarge()
{
    return httpError(
        431, "Request Header Fields Too Large",
        QStringLiteral("the upgrade request is longer than %1 bytes").arg(kMaxUpgradeBytes));
}

FrameReader::FrameReader(qint64 maxFrameBytes, qint64 maxMessageBytes)
    : m_maxFrameBytes(maxFrameBytes)
    , m_maxMessageBytes(maxMessageBytes)
{}

int FrameReader::fail(quint16 code, QString reason)
{
    m_failure = {code, std::move(reason)};
    m_buffer.clear();
    m_offset = 0;
    m_message.clear();
    return -1;
}

bool FrameReader::feed(const QByteArray &bytes, std::vector<Message> *out)
{
    if (m_failure.code != 0)
        return false;
    if (m_offset == m_buffer.size()) { // the usual case: nothing left over
        m_buffer = bytes;
        m_offset = 0;
    } else {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
        m_buffer.append(bytes);
    }
    for (;;) {
        const int read = readFrame(out);
        if (read < 0)
            return false;
        if (read == 0)
            break;
    }
    if (m_offset == m_buffer.size()) { // hold no memory between reads (thousands of idle peers)
        m_buffer = QByteArray();
        m_offset = 0;
    }
    return true;
}

int FrameReader::readFrame(std::vector<Message> *out)
{
    const auto *p = reinterpret_cast<const uchar *>(m_buffer.constData()) + m_offset;
    const qint64 available = m_buffer.size() - m_offset;
    if (available < 2)
        return 0;
    const bool fin = (p[0] & 0x80) != 0;
    const int opcode = p[0] & 0x0F;
    if ((p[0] & 0x70) != 0)
        return fail(close::kProtocolError, QStringLiteral("reserved bits set; no extension was "
                                                          "negotiated"));
    if ((p[1] & 0x80) == 0)
        return fail(close::kProtocolError,
                    QStringLiteral("client frames must be masked (RFC 6455 section 5.1)"));
    qint64 header = 2;
    quint64 length = p[1] & 0x7F;
    if (length == 126) {
        if (available < 4)
            return 0;
        length = qFromBigEndian<quint16>(p + 2);
        header = 4;
    } else if (length == 127) {
        if (available < 10)
            return 0;
        length = qFromBigEndian<quint64>(p + 2);
        header = 10;
        if (length >> 63)
            return fail(close::kProtocolError, QStringLiteral("frame length out of range"));
    }
    const bool control = (opcode & 0x8) != 0;
    if (control) {
        if (opcode > 0xA)
            return fail(close::kProtocolError, QStringLiteral("unknown control opcode"));
        if (!fin || length > 125)
            return fail(close::kProtocolError,
                        QStringLiteral("control frames are unfragmented and at most 125 bytes"));
    } else {
        if (opcode > 0x2)
            return fail(close::kProtocolError, QStringLiteral("unknown data opcode"));
        if (length > quint64(m_maxFrameBytes))
            return fail(close::kTooBig,
                        QStringLiteral("frames are limited to %1 bytes").arg(m_maxFrameBytes));
        if ((opcode == 0) != m_inMessage)
            return fail(close::kProtocolError,
                        opcode == 0 ? QStringLiteral("continuation frame without a message")
                                    : QStringLiteral("new message before the last one ended"));
    }
    header += 4; // the masking key
    if (available < header + qint64(length))
        return 0;
    const uchar *mask = p + header - 4;
    QByteArray payload(qsizetype(length), Qt::Uninitialized);
    char *out8 = payload.data();
    const uchar *in = p + header;
    for (qsizetype i = 0; i < qsizetype(length); ++i)
        out8[i] = char(in[i] ^ mask[i & 3]);
    m_offset += header + qsizetype(length);

    if (control) {
        Message message;
        message.kind = opcode == 0x8 ? Kind::Close : opcode == 0x9 ? Kind::Ping : Kind::Pong;
        if (message.kind == Kind::Close) {
            if (payload.size() == 1)
                return fail(close::kProtocolError, QStringLiteral("truncated close code"));
            message.closeCode = payload.size() >= 2 ? qFromBigEndian<quint16>(payload.constData())
                                                    : close::kNoStatus;
            if (payload.size() >= 2 && !isSendableCloseCode(message.closeCode))
                return fail(close::kProtocolError,
                            QStringLiteral("close code %1 may not be sent").arg(message.closeCode));
            payload.remove(0, qMin<qsizetype>(2, payload.size()));
            if (!payload.isValidUtf8())
                return fail(close::kInvalidPayload,
                            QStringLiteral("the close reason is not UTF-8"));
        }
        message.payload = std::move(payload);
        out->push_back(std::move(message));
        return 1;
    }
    if (opcode != 0) {
        m_messageKind = opcode == 0x1 ? Kind::Text : Kind::Binary;
        m_message = std::move(payload);
    } else {
        m_message.append(payload);
    }
    if (m_message.size() > m_maxMessageBytes)
        return fail(close::kTooBig,
                    QStringLiteral("messages are limited to %1 bytes").arg(m_maxMessageBytes));
    m_inMessage = !fin;
    if (fin)
        out->push_back(Message{m_messageKind, std::exchange(m_message, {}), 0});
    return 1;
}

QByteArray serverFrame(FrameReader::Kind kind, const QByteArray &payload)
{
    using Kind = FrameReader::Kind;
    const uchar opcode = kind == Kind::Binary  ? 0x2
                         : kind == Kind::Text  ? 0x1
                         : kind == Kind::Close ? 0x8
                         : kind == Kind::Ping  ? 0x9
                                               : 0xA;
    const qsizetype size = payload.size();
    QByteArray frame;
    frame.reserve(size + 10);
    frame.append(char(0x80 | opcode));
    if (size < 126) {
        frame.append(char(size));
    } else if (size <= 0xFFFF) {
        frame.append(char(126));
        uchar length[2];
        qToBigEndian<quint16>(quint16(size), length);
        frame.append(reinterpret_cast<const char *>(length), 2);
    } else {
        frame.append(char(127));
        uchar length[8];
        qToBigEndian<quint64>(quint64(size), length);
        frame.append(reinterpret_cast<const char *>(length), 8);
    }
    frame.append(payload);
    return frame;
}

QByteArray closeFrame(quint16 code, const QString &reason)
{
    QByteArray payload(2, Qt::Uninitialized);
    qToBigEndian<quint16>(code, payload.data());
    QByteArray text = reason.toUtf8();
    if (text.size() > kMaxCloseReasonBytes) {
        // Cut at a character boundary: continuation bytes are 10xxxxxx.
        qsizetype cut = kMaxCloseReasonBytes;
        while (cut > 0 && (uchar(text[cut]) & 0xC0) == 0x80)
            --cut;
        text.truncate(cut);
    }
    payload.append(text);
    return serverFrame(FrameReader::Kind::Close, payload);
}

} // namespace natter::server::gateway::websocket

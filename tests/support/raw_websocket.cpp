#include "raw_websocket.h"

#include "protocol.h"

#include <QDeadlineTimer>

namespace natter::test {

namespace {

/// The frame starting at `at`: header size and payload length; false when incomplete.
bool frameAt(const QByteArray &stream, qsizetype at, qsizetype *header, quint64 *length)
{
    if (at + 2 > stream.size())
        return false;
    *length = uchar(stream[at + 1]) & 0x7f;
    *header = 2;
    if (*length == 126) {
        if (at + 4 > stream.size())
            return false;
        *length = (quint64(uchar(stream[at + 2])) << 8) | uchar(stream[at + 3]);
        *header = 4;
    } else if (*length == 127) {
        if (at + 10 > stream.size())
            return false;
        *length = 0;
        for (int i = 0; i < 8; ++i)
            *length = (*length << 8) | uchar(stream[at + 2 + i]);
        *header = 10;
    }
    return at + *header + qsizetype(*length) <= stream.size();
}

} // namespace

QByteArray rawClientFrame(int opcode, const QByteArray &payload, bool masked)
{
    QByteArray frame;
    frame.append(char(0x80 | opcode));
    const char maskBit = masked ? char(0x80) : 0;
    if (payload.size() < 126) {
        frame.append(char(maskBit | payload.size()));
    } else {
        frame.append(char(maskBit | 126));
        frame.append(char((payload.size() >> 8) & 0xff));
        frame.append(char(payload.size() & 0xff));
    }
    if (!masked)
        return frame + payload;
    const char mask[4] = {0x11, 0x22, 0x33, 0x44};
    frame.append(mask, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(char(payload[i] ^ mask[i % 4]));
    return frame;
}

QByteArray clientFrame(const proto::Envelope &envelope)
{
    return rawClientFrame(0x2, protocol::encode(envelope));
}

int closeCode(const QByteArray &stream)
{
    qsizetype at = 0;
    qsizetype header = 0;
    quint64 length = 0;
    while (frameAt(stream, at, &header, &length)) {
        const int opcode = uchar(stream[at]) & 0x0f;
        if (opcode == 0x8 && length >= 2)
            return (uchar(stream[at + header]) << 8) | uchar(stream[at + header + 1]);
        at += header + qsizetype(length);
    }
    return 0;
}

int frameCount(const QByteArray &stream)
{
    int count = 0;
    qsizetype at = 0;
    qsizetype header = 0;
    quint64 length = 0;
    while (frameAt(stream, at, &header, &length)) {
        ++count;
        at += header + qsizetype(length);
    }
    return count;
}

QByteArray rawUpgrade(QTcpSocket &socket, const QUrl &url, const QByteArray &extraHeaders)
{
    socket.connectToHost(url.host(), quint16(url.port()));
    if (!socket.waitForConnected(5000))
        return {};
    socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                 "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                 "Sec-WebSocket-Version: 13\r\n" +
                 extraHeaders + "\r\n");
    QByteArray head;
    QDeadlineTimer deadline(5000);
    while (!head.contains("\r\n\r\n") && socket.waitForReadyRead(int(deadline.remainingTime())))
        head += socket.readAll();
    return head;
}

} // namespace natter::test

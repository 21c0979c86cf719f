#pragma once
/// A WebSocket client by hand, for what Qt's QWebSocket would never send (unmasked frames, a
/// client that stops reading) and to read the server's frames byte by byte.

#include "natter.pb.h"

#include <QByteArray>
#include <QTcpSocket>
#include <QUrl>

namespace natter::test {

/// A client frame (RFC 6455 §5.2): FIN set, masked unless `masked` is false.
QByteArray rawClientFrame(int opcode, const QByteArray &payload, bool masked = true);
/// A masked binary client frame carrying `envelope`.
QByteArray clientFrame(const proto::Envelope &envelope);

/// The close code of the first close frame in a stream of server frames, 0 if none.
int closeCode(const QByteArray &stream);
/// How many whole frames a stream of server frames holds.
int frameCount(const QByteArray &stream);

/// Connects `socket` to `url` and sends an upgrade request with `extraHeaders` (each ending
/// in CRLF); returns the response head (empty when none came within 5 s).
QByteArray rawUpgrade(QTcpSocket &socket, const QUrl &url, const QByteArray &extraHeaders = {});

} // namespace natter::test

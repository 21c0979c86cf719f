#include "http_receiver.h"

#include <QJsonDocument>
#include <QTcpSocket>
#include <memory>

namespace natter::test {

HttpReceiver::HttpReceiver()
{
    connect(&m_server, &QTcpServer::newConnection, this, [this]() {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            if (m_refusing) {
                ++m_refused;
                socket->abort();
                socket->deleteLater();
                continue;
            }
            serve(socket);
        }
    });
}

bool HttpReceiver::listen(quint16 port)
{
    if (m_server.isListening())
        return true;
    if (!m_server.listen(QHostAddress::LocalHost, port))
        return false;
    m_port = m_server.serverPort();
    return true;
}

QUrl HttpReceiver::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/push").arg(m_port));
}

QList<HttpReceiver::Request> HttpReceiver::accepted() const
{
    QList<Request> out;
    for (const Request &r : requests) {
        if (r.accepted)
            out.append(r);
    }
    return out;
}

void HttpReceiver::serve(QTcpSocket *socket)
{
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    auto pending = std::make_shared<QByteArray>();
    connect(socket, &QTcpSocket::readyRead, this, [this, socket, pending]() {
        QByteArray &buffer = *pending;
        buffer += socket->readAll();
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        qsizetype contentLength = 0;
        Request request;
        request.path = lines.value(0).split(' ').value(1);
        for (const QByteArray &line : lines) {
            const qsizetype colon = line.indexOf(':');
            if (colon < 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length")
                contentLength = value.toLongLong();
            else if (name == "idempotency-key")
                request.idempotencyKey = value;
        }
        if (buffer.size() < headerEnd + 4 + contentLength)
            return;
        request.body = QJsonDocument::fromJson(buffer.mid(headerEnd + 4, contentLength)).object();
        request.accepted = !m_failing;
        requests.append(request);
        buffer.clear();
        socket->write(m_failing
                          ? QByteArrayLiteral("HTTP/1.1 503 Service Unavailable\r\n"
                                              "Content-Length: 0\r\nConnection: close\r\n\r\n")
                          : QByteArrayLiteral("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n"
                                              "Connection: close\r\n\r\n"));
        socket->disconnectFromHost();
    });
}

} // namespace natter::test

#pragma once
/// A real local HTTP server for push tests: records every POST (headers and JSON body) and
/// answers 200, or 503 while failing; while refusing, it resets every connection unread.

#include <QJsonObject>
#include <QList>
#include <QTcpServer>
#include <QUrl>

namespace natter::test {

class HttpReceiver : public QObject {
    Q_OBJECT
public:
    struct Request {
        QByteArray path;
        QByteArray idempotencyKey;
        QJsonObject body;
        bool accepted = false; // answered 2xx
    };

    HttpReceiver();
    [[nodiscard]] bool listen(quint16 port = 0);
    [[nodiscard]] QUrl url() const;
    [[nodiscard]] quint16 port() const { return m_port; }
    void setFailing(bool failing) { m_failing = failing; }
    void setRefusing(bool refusing) { m_refusing = refusing; }
    [[nodiscard]] int refusedConnections() const { return m_refused; }

    [[nodiscard]] QList<Request> accepted() const;
    QList<Request> requests;

private:
    void serve(QTcpSocket *socket);

    QTcpServer m_server;
    quint16 m_port = 0;
    bool m_failing = false;
    bool m_refusing = false;
    int m_refused = 0;
};

} // namespace natter::test

#pragma once

#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>
#include <functional>

namespace natter::server::push {

/// Delivers one JSON notification by HTTP POST. Success is a 2xx answer; everything else
/// (refused, timed out, 4xx, 5xx) is a failure with a readable reason.
class WebhookSink : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(bool delivered, const QString &error)>;

    explicit WebhookSink(int timeoutMs, QObject *parent = nullptr);

    /// `idempotencyKey` goes into the Idempotency-Key header: a re-sent notification (after a
    /// crash between delivery and bookkeeping) carries the same key.
    void post(const QUrl &url, const QByteArray &json, const QByteArray &idempotencyKey, Done done);

    /// http or https with a host: what RegisterPushTarget accepts.
    [[nodiscard]] static bool isValidUrl(const QString &url, QString *why);

private:
    QNetworkAccessManager m_network;
    int m_timeoutMs;
};

} // namespace natter::server::push

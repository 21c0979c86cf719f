#include "webhook_sink.h"

#include <QNetworkReply>
#include <QNetworkRequest>

namespace natter::server::push {

namespace {
constexpr int kMaxUrlLength = 2048;
}

WebhookSink::WebhookSink(int timeoutMs, QObject *parent)
    : QObject(parent)
    , m_timeoutMs(timeoutMs)
{}

bool WebhookSink::isValidUrl(const QString &text, QString *why)
{
    const QUrl url(text, QUrl::StrictMode);
    if (text.size() > kMaxUrlLength) {
        *why = QStringLiteral("the URL is longer than %1 characters").arg(kMaxUrlLength);
        return false;
    }
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        *why = QStringLiteral("'%1' is not an http:// or https:// URL").arg(text);
        return false;
    }
    return true;
}

void WebhookSink::post(const QUrl &url, const QByteArray &json, const QByteArray &idempotencyKey,
                       Done done)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader(QByteArrayLiteral("Idempotency-Key"), idempotencyKey);
    request.setTransferTimeout(m_timeoutMs);
    // A push gateway that redirects is misconfigured; do not chase it.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = m_network.post(request, json);
    connect(reply, &QNetworkReply::finished, this, [reply, done]() {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() == QNetworkReply::NoError && status >= 200 && status < 300)
            return done(true, QString());
        const QString why =
            status > 0 ? QStringLiteral("HTTP %1").arg(status) : reply->errorString();
        done(false, why);
    });
}

} // namespace natter::server::push

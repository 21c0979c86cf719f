#include "push/webhook_sink.h"

#include <QNetworkReply>
#include <QNetworkRequest>

namespace natter::server::push {

WebhookSink::WebhookSink(int timeoutMs, TargetPolicy policy, QObject *parent)
    : QObject(parent)
    , m_policy(std::move(policy))
    , m_timeoutMs(timeoutMs)
{}

void WebhookSink::post(const QUrl &url, const QByteArray &json, const QByteArray &idempotencyKey,
                       Done done)
{
    m_policy.resolve(url, this,
                     [this, url, json, idempotencyKey, done](std::optional<QHostAddress> address,
                                                             const QString &why) {
                         if (!address)
                             return done(false, why);
                         postTo(url, *address, json, idempotencyKey, done);
                     });
}

void WebhookSink::postTo(const QUrl &url, const QHostAddress &address, const QByteArray &json,
                         const QByteArray &idempotencyKey, Done done)
{
    // Connect to the address that was checked, not to whatever the name resolves to by the
    // time the request is made (DNS rebinding): the URL carries the address, the Host header
    // and the TLS name check the original host.
    QUrl pinned = url;
    pinned.setHost(address.toString());
    QNetworkRequest request(pinned);
    QByteArray host = url.host(QUrl::FullyEncoded).toUtf8();
    if (host.contains(':')) // an IPv6 literal
        host = '[' + host + ']';
    if (url.port() > 0)
        host += ':' + QByteArray::number(url.port());
    request.setRawHeader(QByteArrayLiteral("Host"), host);
    // TLS checks (and names, SNI) the original host; HTTP/2 would take its authority from
    // the address in the URL instead of the Host header.
    request.setPeerVerifyName(url.host());
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
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

#pragma once

#include "support/target_policy.h"

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

    WebhookSink(int timeoutMs, TargetPolicy policy, QObject *parent = nullptr);

    /// `idempotencyKey` goes into the Idempotency-Key header: a re-sent notification (after a
    /// crash between delivery and bookkeeping) carries the same key. The host is resolved and
    /// checked against the policy, and the request goes to the address that was checked.
    void post(const QUrl &url, const QByteArray &json, const QByteArray &idempotencyKey, Done done);

private:
    void postTo(const QUrl &url, const QHostAddress &address, const QByteArray &json,
                const QByteArray &idempotencyKey, Done done);

    QNetworkAccessManager m_network;
    TargetPolicy m_policy;
    int m_timeoutMs;
};

} // namespace natter::server::push

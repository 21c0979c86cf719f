#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>

namespace natter::server::push {

/// How natterd delivers notifications to offline users (see docs/operations.md).
struct PushConfig {
    int pollMs = 1000;             // how often due jobs are looked for
    int batchSize = 200;           // jobs per shard per round
    int retryBaseMs = 2000;        // first retry after about this long, doubling each time
    int retryMaxMs = 10 * 60'000;  // the longest wait between tries
    int maxAttempts = 8;           // then the job is dead
    int requestTimeoutMs = 10'000; // per webhook POST
    qint64 retentionMs = 7LL * 24 * 3600 * 1000;  // finished jobs kept for push-stats
    int maxTargetsPerUser = 10;                   // webhook targets over all of a user's sessions
    QList<QPair<QHostAddress, int>> allowPrivate; // subnets push may reach despite being private

    QString smtpUrl; // smtp://host:port or smtps://user:pass@host:port; empty: no digests
    QString smtpFrom = QStringLiteral("natter@localhost");
    qint64 digestAfterMs = 3600'000; // offline this long with unread messages → one digest
    int digestCheckMs = 60'000;
};

} // namespace natter::server::push

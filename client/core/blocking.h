#pragma once
/// Waits in a local event loop for one asynchronous client call: for natterctl and tests,
/// never for the desktop client's GUI thread.

#include "client.h"

#include <QEventLoop>
#include <QTimer>
#include <optional>

namespace natter::client {

template <typename T, typename Start> Result<T> waitFor(Start start, int timeoutMs = 30'000)
{
    QEventLoop loop;
    std::optional<Result<T>> outcome;
    start([&](Result<T> result) {
        outcome = std::move(result);
        loop.quit();
    });
    if (!outcome) {
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!outcome)
        return Failure{proto::TIMEOUT,
                       QStringLiteral("no answer within %1 s").arg(timeoutMs / 1000)};
    return std::move(*outcome);
}

/// Opens the client's connection and waits until it is ready (Hello done, session resumed).
[[nodiscard]] Result<Done> connectAndWait(Client &client, const QUrl &url, int timeoutMs = 15'000);

} // namespace natter::client

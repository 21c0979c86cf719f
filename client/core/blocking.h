#pragma once
/// Waits in a local event loop for one asynchronous client call: for natterctl and tests,
/// never for the desktop client's GUI thread.

#include "client.h"

#include <QEventLoop>
#include <QTimer>
#include <memory>
#include <optional>

namespace natter::client {

template <typename T, typename Start> Result<T> waitFor(Start start, int timeoutMs = 30'000)
{
    // The callback may run after this returns (a reply later than `timeoutMs`): what it
    // touches is shared with it, never on this stack.
    struct Wait {
        QEventLoop loop;
        std::optional<Result<T>> outcome;
    };
    auto wait = std::make_shared<Wait>();
    start([wait](Result<T> result) {
        wait->outcome = std::move(result);
        wait->loop.quit();
    });
    if (!wait->outcome) {
        QTimer::singleShot(timeoutMs, &wait->loop, &QEventLoop::quit);
        wait->loop.exec();
    }
    if (!wait->outcome)
        return Failure{proto::TIMEOUT,
                       QStringLiteral("no answer within %1 s").arg(timeoutMs / 1000.0)};
    return std::move(*wait->outcome);
}

/// Opens the client's connection and waits until it is ready (Hello done, session resumed).
[[nodiscard]] Result<Done> connectAndWait(Client &client, const QUrl &url, int timeoutMs = 15'000);

} // namespace natter::client

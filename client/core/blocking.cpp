#include "blocking.h"

namespace natter::client {

Result<Done> connectAndWait(Client &client, const QUrl &url, int timeoutMs)
{
    QEventLoop loop;
    std::optional<Result<Done>> outcome;
    const auto ready = QObject::connect(&client, &Client::ready, &loop, [&] {
        outcome = Done{};
        loop.quit();
    });
    const auto lost =
        QObject::connect(&client, &Client::sessionLost, &loop, [&](const QString &reason) {
            outcome = Failure{proto::INVALID_TOKEN, reason};
            loop.quit();
        });
    const auto failed = QObject::connect(&client.connection(), &Connection::failed, &loop,
                                         [&](const QString &reason, proto::ErrorCode code) {
                                             outcome = Failure{code, reason};
                                             loop.quit();
                                         });
    client.open(url);
    if (!outcome) {
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    QObject::disconnect(ready);
    QObject::disconnect(lost);
    QObject::disconnect(failed);
    if (!outcome)
        return Failure{proto::TIMEOUT,
                       QStringLiteral("the server at %1 did not answer").arg(url.toString())};
    return std::move(*outcome);
}

} // namespace natter::client

#pragma once

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QUrl>
#include <functional>
#include <optional>

namespace natter::server {

/// Where natterd may send push requests. Push targets are URLs users choose, so without this a
/// user could make natterd POST to its own loopback services, a cloud metadata address or
/// anything on its private network (a blind SSRF). Hosts are resolved and every address must
/// be public: loopback, link-local, private, shared (CGNAT), unspecified, multicast and
/// reserved ranges are refused unless an admin allows the subnet ([push] allow-private).
class TargetPolicy {
public:
    using Subnet = QPair<QHostAddress, int>;
    /// The address to connect to (what the host resolved to), or why the target is refused.
    using Resolved = std::function<void(std::optional<QHostAddress> address, const QString &why)>;

    explicit TargetPolicy(QList<Subnet> allowed = {});

    /// "10.0.0.0/8, 127.0.0.1" → subnets; nullopt when one is malformed.
    [[nodiscard]] static std::optional<QList<Subnet>> parseSubnets(const QStringList &texts);

    [[nodiscard]] bool allows(const QHostAddress &address) const;
    /// Resolves the URL's host (an IP literal in any form included) and checks every address
    /// it has; `done` runs on `context`'s thread.
    void resolve(const QUrl &url, QObject *context, Resolved done) const;

private:
    QList<Subnet> m_allowed;
};

} // namespace natter::server

#include "support/target_policy.h"

#include "validation.h"

#include <QHostInfo>

namespace natter::server {

namespace {

/// Ranges no push request goes to by default (RFC 6890 special-purpose and private space).
const QList<TargetPolicy::Subnet> &nonPublicRanges()
{
    static const QList<TargetPolicy::Subnet> ranges = [] {
        QList<TargetPolicy::Subnet> list;
        for (const char *cidr :
             {"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
              "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15",
              "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "::/128",
              "::1/128", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8", "2001:db8::/32",
              "100::/64", "::/96",
              // These carry an IPv4 address that may be private: NAT64 and 6to4.
              "64:ff9b::/96", "64:ff9b:1::/48", "2002::/16"})
            list.append(QHostAddress::parseSubnet(QString::fromLatin1(cidr)));
        return list;
    }();
    return ranges;
}

/// IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) are judged as the IPv4 address they carry.
QHostAddress plain(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}
} // namespace

TargetPolicy::TargetPolicy(QList<Subnet> allowed)
    : m_allowed(std::move(allowed))
{}

std::optional<QList<TargetPolicy::Subnet>> TargetPolicy::parseSubnets(const QStringList &texts)
{
    QList<Subnet> subnets;
    for (const QString &raw : texts) {
        const QString text = raw.trimmed();
        if (text.isEmpty())
            continue;
        const QString cidr = text.contains(QLatin1Char('/'))
                                 ? text
                                 : text + (text.contains(QLatin1Char(':')) ? QStringLiteral("/128")
                                                                           : QStringLiteral("/32"));
        const Subnet subnet = QHostAddress::parseSubnet(cidr);
        if (subnet.first.isNull())
            return std::nullopt;
        subnets.append(subnet);
    }
    return subnets;
}

bool TargetPolicy::allows(const QHostAddress &raw) const
{
    const QHostAddress address = plain(raw);
    for (const Subnet &subnet : m_allowed) {
        if (address.isInSubnet(subnet))
            return true;
    }
    for (const Subnet &subnet : nonPublicRanges()) {
        if (address.isInSubnet(subnet))
            return false;
    }
    return !address.isNull();
}

void TargetPolicy::resolve(const QUrl &url, QObject *context, Resolved done) const
{
    const QString host = url.host();
    auto judge = [this, host, done](const QList<QHostAddress> &addresses, const QString &error) {
        if (addresses.isEmpty())
            return done(
                std::nullopt,
                QStringLiteral("cannot resolve %1: %2").arg(validation::quoted(host), error));
        // Every address must be allowed: a name may resolve to a public and a private one.
        for (const QHostAddress &address : addresses) {
            if (!allows(address))
                return done(std::nullopt,
                            QStringLiteral("%1 is a loopback, link-local or private address; "
                                           "natterd sends push requests to public addresses "
                                           "only (an admin may allow a subnet with [push] "
                                           "allow-private)")
                                .arg(plain(address).toString()));
        }
        done(addresses.constFirst(), QString());
    };
    if (QHostAddress literal; literal.setAddress(host))
        return judge({literal}, QString());
    // The context owns this policy: a lookup that ends after it is dropped unanswered.
    QHostInfo::lookupHost(host, context, [judge](const QHostInfo &info) {
        judge(info.addresses(), info.errorString());
    });
}

} // namespace natter::server

#include "gateway/connection_limiter.h"

namespace natter::server::gateway {

ConnectionLimiter::ConnectionLimiter(int maxTotal, int maxPerAddress)
    : m_maxTotal(maxTotal)
    , m_maxPerAddress(maxPerAddress)
{}

QHostAddress ConnectionLimiter::keyOf(const QHostAddress &peer)
{
    bool isV4 = false;
    const quint32 v4 = peer.toIPv4Address(&isV4);
    if (isV4)
        return QHostAddress(v4);
    if (peer.protocol() != QAbstractSocket::IPv6Protocol)
        return peer;
    Q_IPV6ADDR bytes = peer.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        bytes[i] = 0;
    return QHostAddress(bytes);
}

ConnectionLimiter::Verdict ConnectionLimiter::admit(const QHostAddress &peer)
{
    QMutexLocker lock(&m_mutex);
    if (m_open >= m_maxTotal) {
        ++m_refused;
        return Verdict::TooManyInTotal;
    }
    int &fromPeer = m_perAddress[peer];
    if (fromPeer >= m_maxPerAddress) {
        ++m_refused;
        return Verdict::TooManyFromAddress;
    }
    ++fromPeer;
    ++m_open;
    return Verdict::Admitted;
}

void ConnectionLimiter::release(const QHostAddress &peer)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_perAddress.find(peer);
    if (it == m_perAddress.end())
        return;
    --m_open;
    if (--*it == 0)
        m_perAddress.erase(it);
}

int ConnectionLimiter::open() const
{
    QMutexLocker lock(&m_mutex);
    return m_open;
}

quint64 ConnectionLimiter::refused() const
{
    QMutexLocker lock(&m_mutex);
    return m_refused;
}

} // namespace natter::server::gateway

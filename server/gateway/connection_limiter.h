#pragma once

#include <QHash>
#include <QHostAddress>
#include <QMutex>

namespace natter::server::gateway {

/// Caps open connections in total and per source address, so that one host (or a flood of
/// sockets that never finish their handshake) cannot take every descriptor natterd has.
/// The listener admits; the gateway thread that served a socket releases it when the socket
/// is gone. Thread-safe.
class ConnectionLimiter {
public:
    enum class Verdict { Admitted, TooManyInTotal, TooManyFromAddress };

    ConnectionLimiter(int maxTotal, int maxPerAddress);

    /// What limits per source count by: an IPv4 address (also IPv4-mapped), or an IPv6 /64,
    /// which one subscriber usually has whole.
    [[nodiscard]] static QHostAddress keyOf(const QHostAddress &peer);

    [[nodiscard]] Verdict admit(const QHostAddress &peer);
    void release(const QHostAddress &peer);

    [[nodiscard]] int open() const;
    [[nodiscard]] quint64 refused() const;
    [[nodiscard]] int maxTotal() const { return m_maxTotal; }
    [[nodiscard]] int maxPerAddress() const { return m_maxPerAddress; }

private:
    const int m_maxTotal;
    const int m_maxPerAddress;
    mutable QMutex m_mutex;
    int m_open = 0;
    quint64 m_refused = 0;
    QHash<QHostAddress, int> m_perAddress;
};

} // namespace natter::server::gateway

#pragma once

#include <QObject>

namespace natter::client {

class Connection;

/// Reconnects at once when the network comes back, instead of waiting out the backoff: users
/// of other messengers lose messages "until restart" exactly here. Uses QNetworkInformation
/// where the platform has a backend; without one the backoff and heartbeat still recover.
class NetworkMonitor : public QObject {
    Q_OBJECT
public:
    explicit NetworkMonitor(Connection &connection, QObject *parent = nullptr);
    [[nodiscard]] bool available() const { return m_available; }

private:
    Connection &m_connection;
    bool m_available = false;
};

} // namespace natter::client

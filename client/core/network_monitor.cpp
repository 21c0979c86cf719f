#include "network_monitor.h"

#include "connection.h"

#include <QNetworkInformation>

namespace natter::client {

NetworkMonitor::NetworkMonitor(Connection &connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
{
    m_available =
        QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability);
    if (!m_available)
        return;
    connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
            [this](QNetworkInformation::Reachability reachability) {
                if (reachability == QNetworkInformation::Reachability::Online ||
                    reachability == QNetworkInformation::Reachability::Site)
                    m_connection.reconnectNow();
            });
}

} // namespace natter::client

#pragma once

#include "natter.pb.h"

#include <QList>
#include <functional>

namespace natter::server::services {

/// How services push events upward without knowing the gateway: the gateway installs this and
/// delivers the envelope to every live session of each user.
using EventSink = std::function<void(const QList<quint64> &userIds, const proto::Envelope &)>;

} // namespace natter::server::services

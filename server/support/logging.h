#pragma once
/// natterd's logging categories, all declared here so QT_LOGGING_RULES can select them.

#include <QLoggingCategory>

namespace natter::server {
Q_DECLARE_LOGGING_CATEGORY(lcGateway)
Q_DECLARE_LOGGING_CATEGORY(lcServices)
Q_DECLARE_LOGGING_CATEGORY(lcStorage)
Q_DECLARE_LOGGING_CATEGORY(lcStall) // StallLog: what kept a thread busy over 100 ms

/// Applies --log-level (debug, info, warning, error); false for an unknown level.
[[nodiscard]] bool applyLogLevel(const QString &level);
} // namespace natter::server

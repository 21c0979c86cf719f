#pragma once
/// The client library's logging categories, all declared here.

#include <QLoggingCategory>

namespace natter::client {
Q_DECLARE_LOGGING_CATEGORY(lcCache)
Q_DECLARE_LOGGING_CATEGORY(lcSync)
} // namespace natter::client

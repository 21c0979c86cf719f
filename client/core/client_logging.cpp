#include "client_logging.h"

namespace natter::client {
Q_LOGGING_CATEGORY(lcCache, "natter.client.cache", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSync, "natter.client.sync", QtInfoMsg)
} // namespace natter::client

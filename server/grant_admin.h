#pragma once

#include "server_config.h"

namespace natter::server {

/// `natterd --grant-admin USER`: gives the existing account USER admin rights in the data
/// dir and returns the exit code (0, or 2 with one line on stderr). When there is no such
/// account and standard input (not a terminal) holds a password line, the account is made
/// first: a server with closed registration gets its first admin this way. Later admins come
/// from `natterctl admin grant`.
int grantAdmin(const ServerConfig &config);

} // namespace natter::server

#pragma once
/// The desktop cache's schema steps (cache.sqlite), in order; released steps never change.

#include "migrations.h"

namespace natter::client {

[[nodiscard]] const sql::MigrationList &cacheMigrations();

} // namespace natter::client

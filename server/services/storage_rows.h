#pragma once
/// Services-internal: between the services' types and storage's rows. Included by services'
/// .cpp files only, never by a services header (the gateway sees no storage type).

#include "services/user_identity.h"
#include "storage/user_store.h"

namespace natter::server::services {

[[nodiscard]] inline storage::UserRow rowOf(const UserIdentity &user)
{
    return storage::UserRow{user.id, user.username, user.displayName};
}

[[nodiscard]] inline UserIdentity identityOf(const storage::UserRow &row)
{
    return UserIdentity{row.id, row.username, row.displayName};
}

} // namespace natter::server::services

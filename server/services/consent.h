#pragma once

#include "result.h"

namespace natter::server::services {

/// What writing into a direct conversation gets while a block stands between its two users.
inline Failure closedByBlock()
{
    return Failure{proto::NOT_ALLOWED_BY_USER,
                   QStringLiteral("this conversation is closed: one of you blocked the other")};
}

} // namespace natter::server::services

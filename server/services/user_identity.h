#pragma once
/// Who a service works for: the signed-in user of a connection (the caller), or a user a
/// service names in an answer. The gateway keeps one per session; storage has its own rows.

#include <QString>
#include <QtGlobal>

namespace natter::server::services {

struct UserIdentity {
    quint64 id = 0;
    QString username;
    QString displayName;
};

} // namespace natter::server::services

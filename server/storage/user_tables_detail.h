#pragma once
/// Helpers shared by the files that implement the user database's tables; not for other code.

#include "result.h"
#include "storage/user_rows.h"
#include "validation.h"

#include <QSqlQuery>
#include <QVariant>

namespace natter::server::storage::detail {

/// The user in columns `first` (id), `first + 1` (username) and `first + 2` (display name).
inline UserRow readUser(const QSqlQuery &q, int first)
{
    return UserRow{q.value(first).toULongLong(), q.value(first + 1).toString(),
                   q.value(first + 2).toString()};
}

inline Failure noSuchUser(const QString &username)
{
    return Failure{proto::USER_NOT_FOUND,
                   QStringLiteral("there is no user named '%1'").arg(validation::quoted(username))};
}

} // namespace natter::server::storage::detail

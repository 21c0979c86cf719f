#pragma once
/// Small helpers that keep store code free of repeated error plumbing.

#include "result.h"

#include <QSqlError>
#include <QSqlQuery>

namespace natter::server::storage {

/// A STORAGE_ERROR failure describing what the query was doing.
inline Failure storageFailure(const QSqlQuery &query, const char *what)
{
    return Failure{proto::STORAGE_ERROR,
                   QStringLiteral("storage error while %1: %2")
                       .arg(QString::fromLatin1(what), query.lastError().text())};
}


} // namespace natter::server::storage

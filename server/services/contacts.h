#pragma once

#include "result.h"

#include <QList>
#include <QObject>
#include <functional>

namespace natter::server::storage {
class Storage;
} // namespace natter::server::storage

namespace natter::server::services {

/// Every user who shares an active conversation with `userId`, less those on either side of a
/// block with them: who sees their presence and profile photo. One read of the users database,
/// then one query per physical shard; `done` runs on `context`'s thread, not at all once
/// `context` is gone.
void contactsOf(storage::Storage &storage, QObject *context, quint64 userId,
                std::function<void(Result<QList<quint64>>)> done);

} // namespace natter::server::services

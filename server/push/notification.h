#pragma once

#include "storage/push_job_store.h"

#include <QByteArray>

namespace natter::server::push {

/// The JSON body of a push notification (in the style of a push gateway: see
/// docs/operations.md) for one user's coalesced jobs of a conversation.
[[nodiscard]] QByteArray notificationJson(const storage::PushWork &work, bool withPreview,
                                          const QByteArray &idempotencyKey);
/// Stable for the same jobs: a re-send after a crash carries the same key.
[[nodiscard]] QByteArray idempotencyKey(const storage::PushWork &work);
/// "Alice: hi" or "3 new messages in Design".
[[nodiscard]] QString notificationSummary(const storage::PushWork &work);

} // namespace natter::server::push

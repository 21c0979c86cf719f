#pragma once
/// Push targets of device sessions, and e-mail digests. Runs only on the user database's SqlWorker.

#include "result.h"
#include "storage/sql_util.h"
#include "storage/user_rows.h"

#include <QSqlDatabase>
#include <optional>

namespace natter::server::storage {

class PushTargetTable {
public:
    explicit PushTargetTable(QSqlDatabase &db)
        : m_db(db)
    {
        NATTER_ASSERT_CONNECTION_THREAD(db);
    }

    /// One target per device session; replaced by a new one, removed with the session. A
    /// user's live sessions hold at most `maxPerUser` targets (TARGET_NOT_ALLOWED beyond).
    Result<Done> setPushTarget(const QByteArray &tokenHash, quint64 userId, proto::PushKind kind,
                               const QString &url, qint64 nowMs, int maxPerUser);
    /// The live sessions' targets of each user (users without any are left out).
    Result<QList<PushRecipient>> pushRecipients(const QList<quint64> &userIds, qint64 nowMs);
    /// Users with an address and digests on, last seen before `offlineBeforeMs`, who got no
    /// digest since they were last seen; ids above `afterUserId`, in id order (a cursor, so
    /// that users skipped for now do not hide the others).
    Result<QList<DigestRecipient>> digestRecipients(qint64 offlineBeforeMs, quint64 afterUserId,
                                                    int limit);
    /// A digest went out: none again until the user was seen after `nowMs`.
    Result<Done> recordDigest(quint64 userId, qint64 nowMs);
    Result<quint64> digestsSent();

private:
    QSqlDatabase &m_db;
};

} // namespace natter::server::storage

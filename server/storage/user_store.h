#pragma once
/// The user database: its schema, and its tables in groups (accounts, sessions, consent, inbox,
/// push targets). Runs only on the user database's SqlWorker.

#include "storage/sql_util.h"
#include "storage/user_accounts.h"
#include "storage/user_consent.h"
#include "storage/user_inbox.h"
#include "storage/user_push_targets.h"
#include "storage/user_rows.h"
#include "storage/user_sessions.h"

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace natter::server::storage {

class UserStore {
public:
    explicit UserStore(QSqlDatabase &db)
        : m_db(db)
    {
        NATTER_ASSERT_CONNECTION_THREAD(db);
    }

    static const MigrationList &migrations();

    // One class per group of tables (as Mumble's database layer does), each a view on the
    // same connection: cheap to make, used within one job.
    [[nodiscard]] AccountTable accounts() { return AccountTable(m_db); }
    [[nodiscard]] SessionTable sessions() { return SessionTable(m_db); }
    [[nodiscard]] ConsentTable consent() { return ConsentTable(m_db); }
    [[nodiscard]] InboxTable inbox() { return InboxTable(m_db); }
    [[nodiscard]] PushTargetTable pushTargets() { return PushTargetTable(m_db); }

private:
    QSqlDatabase &m_db;
};

} // namespace natter::server::storage

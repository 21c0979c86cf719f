#pragma once

#include "push/push_config.h"
#include "push/target_policy.h"
#include "storage/storage.h"

#include <QObject>

namespace natter::server::services {

/// A user's account settings (privacy, push previews, digest address) and the push target of
/// each device session.
class SettingsService : public QObject {
    Q_OBJECT
public:
    template <typename T> using Done = std::function<void(Result<T>)>;

    SettingsService(storage::Storage &storage, const push::PushConfig &push,
                    QObject *parent = nullptr);

    void settings(const storage::UserRow &caller, Done<proto::AccountSettings> done);
    /// Validates and stores every setting; answers with what is now stored.
    void update(const storage::UserRow &caller, const proto::AccountSettings &settings,
                Done<proto::AccountSettings> done);
    /// Blocks (`blocked`) or unblocks a user for the caller.
    void block(const storage::UserRow &caller, const QString &username, bool blocked,
               Done<natter::Done> done);
    void blocked(const storage::UserRow &caller, Done<QList<storage::UserRow>> done);
    /// Accepts a message request; answers whether one was waiting (accepting twice is fine).
    void acceptRequest(const storage::UserRow &caller, quint64 conversationId, Done<bool> done);
    /// The URL's host must resolve to public addresses only (TARGET_NOT_ALLOWED otherwise).
    void registerPushTarget(const storage::UserRow &caller, const QByteArray &sessionTokenHash,
                            proto::PushKind kind, const QString &url, Done<natter::Done> done);

private:
    storage::Storage &m_storage;
    push::TargetPolicy m_targets;
    int m_maxTargetsPerUser;
};

} // namespace natter::server::services

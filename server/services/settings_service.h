#pragma once

#include "services/user_identity.h"
#include "support/target_policy.h"

#include "result.h"

#include <QObject>

namespace natter::server::storage {
class Storage;
} // namespace natter::server::storage

namespace natter::server::services {

/// A user's account settings (privacy, push previews, digest address) and the push target of
/// each device session.
class SettingsService : public QObject {
    Q_OBJECT
public:
    template <typename T> using Done = std::function<void(Result<T>)>;

    /// `targets`: where push targets may point; `maxTargetsPerUser` over all their sessions.
    SettingsService(storage::Storage &storage, TargetPolicy targets, int maxTargetsPerUser,
                    QObject *parent = nullptr);

    void settings(const UserIdentity &caller, Done<proto::AccountSettings> done);
    /// Validates and stores every setting; answers with what is now stored.
    void update(const UserIdentity &caller, const proto::AccountSettings &settings,
                Done<proto::AccountSettings> done);
    /// Blocks (`blocked`) or unblocks a user for the caller.
    void block(const UserIdentity &caller, const QString &username, bool blocked,
               Done<natter::Done> done);
    void blocked(const UserIdentity &caller, Done<QList<UserIdentity>> done);
    /// Accepts a message request; answers whether one was waiting (accepting twice is fine).
    void acceptRequest(const UserIdentity &caller, quint64 conversationId, Done<bool> done);
    /// The URL's host must resolve to public addresses only (TARGET_NOT_ALLOWED otherwise).
    void registerPushTarget(const UserIdentity &caller, const QByteArray &sessionTokenHash,
                            proto::PushKind kind, const QString &url, Done<natter::Done> done);

private:
    storage::Storage &m_storage;
    TargetPolicy m_targets;
    int m_maxTargetsPerUser;
};

} // namespace natter::server::services

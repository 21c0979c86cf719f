#pragma once

#include "storage/storage.h"

#include <QObject>

namespace natter::server::services {

/// A user's account settings (privacy, push previews, digest address) and the push target of
/// each device session.
class SettingsService : public QObject {
    Q_OBJECT
public:
    template <typename T> using Done = std::function<void(Result<T>)>;

    explicit SettingsService(storage::Storage &storage, QObject *parent = nullptr);

    void settings(const storage::UserRow &caller, Done<proto::AccountSettings> done);
    /// Validates and stores every setting; answers with what is now stored.
    void update(const storage::UserRow &caller, const proto::AccountSettings &settings,
                Done<proto::AccountSettings> done);
    void registerPushTarget(const storage::UserRow &caller, const QByteArray &sessionTokenHash,
                            proto::PushKind kind, const QString &url, Done<natter::Done> done);

private:
    storage::Storage &m_storage;
};

} // namespace natter::server::services

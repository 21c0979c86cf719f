#pragma once

#include "password_hasher.h"
#include "storage/storage.h"

#include <QObject>

namespace natter::server::services {

/// A signed-in device session.
struct AuthOutcome {
    QString token;        // given to the client once; only its hash is stored
    QByteArray tokenHash; // identifies the session for Logout
    storage::UserRow user;
    qint64 expiresAtMs = 0;
};

/// Registration, login, session resume and logout.
class AccountService : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(Result<AuthOutcome>)>;

    AccountService(storage::Storage &storage, PasswordHasher &hasher, qint64 sessionLifetimeMs,
                   QObject *parent = nullptr);

    void registerUser(const QString &username, const QByteArray &password,
                      const QString &displayName, const QString &deviceName, Done done);
    void login(const QString &username, const QByteArray &password, const QString &deviceName,
               Done done);
    void resume(const QString &token, Done done);
    void logout(const QByteArray &tokenHash, std::function<void(Result<natter::Done>)> done);

    /// BLAKE2b-256 of the raw token bytes: what the user store keeps instead of the token.
    [[nodiscard]] static QByteArray hashToken(const QByteArray &rawToken);

private:
    void startSession(const storage::UserRow &user, const QString &deviceName, Done done);

    storage::Storage &m_storage;
    PasswordHasher &m_hasher;
    qint64 m_sessionLifetimeMs;
};

} // namespace natter::server::services

#pragma once

#include "password_hasher.h"
#include "storage/storage.h"

#include <QObject>
#include <QTimer>

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

    /// `registrationOpen`: whether anyone may register (else only admins create accounts).
    AccountService(storage::Storage &storage, PasswordHasher &hasher, qint64 sessionLifetimeMs,
                   bool registrationOpen = true, QObject *parent = nullptr);

    void registerUser(const QString &username, const QByteArray &password,
                      const QString &displayName, const QString &deviceName, Done done);
    void login(const QString &username, const QByteArray &password, const QString &deviceName,
               Done done);
    void resume(const QString &token, Done done);
    void logout(const QByteArray &tokenHash, std::function<void(Result<natter::Done>)> done);

    /// Prunes ended sessions now and then every hour.
    void startHousekeeping();

    // Admin requests; the caller's rights are checked by the caller, with isAdmin().
    void isAdmin(quint64 userId, std::function<void(Result<bool>)> done);
    void setAdmin(const QString &username, bool admin,
                  std::function<void(Result<natter::Done>)> done);
    void sessionsOf(const QString &username,
                    std::function<void(Result<QList<storage::SessionListing>>)> done);
    /// Revokes one session (`sessionId`) or all of the user's; live connections end with it.
    void revokeSessions(const QString &username, quint64 sessionId,
                        std::function<void(Result<QList<storage::SessionListing>>)> done);
    /// An account made by an admin (registration may be closed); no session is started.
    void createUser(const QString &username, const QByteArray &password, const QString &displayName,
                    std::function<void(Result<natter::Done>)> done);

    /// BLAKE2b-256 of the raw token bytes: what the user store keeps instead of the token.
    [[nodiscard]] static QByteArray hashToken(const QByteArray &rawToken);

signals:
    /// These sessions were revoked: every connection signed in with one must end now.
    void sessionsEnded(const QList<QByteArray> &tokenHashes, const QString &reason);

private:
    /// Checks and hashes a new account's fields, then stores it.
    void addUser(const QString &username, const QByteArray &password, const QString &displayName,
                 std::function<void(Result<storage::UserRow>)> done);
    void startSession(const storage::UserRow &user, const QString &deviceName, Done done);

    storage::Storage &m_storage;
    PasswordHasher &m_hasher;
    qint64 m_sessionLifetimeMs;
    bool m_registrationOpen;
    QTimer m_pruneTimer;
};

} // namespace natter::server::services

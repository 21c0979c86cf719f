#pragma once

#include "services/attempt_limiter.h"
#include "services/password_hasher.h"
#include "services/user_identity.h"

#include "natter.pb.h"
#include "result.h"

#include <QObject>
#include <QTimer>

namespace natter::server::storage {
class Storage;
struct UserRow;
} // namespace natter::server::storage

namespace natter::server::services {

/// A signed-in device session.
struct AuthOutcome {
    QString token;        // given to the client once; only its hash is stored
    QByteArray tokenHash; // identifies the session for Logout
    UserIdentity user;
    qint64 expiresAtMs = 0;
};

/// A device session as an admin sees it.
struct SessionInfo {
    quint64 id = 0; // the first 64 bits of the token hash: names it without revealing it
    QByteArray tokenHash;
    QString deviceName;
    qint64 createdAtMs = 0;
    qint64 expiresAtMs = 0;
};

/// Who may make an account: anyone, only admins, or whoever holds an admin's invite code.
enum class Registration { Open, Closed, Invite };

/// Where a sign-in attempt comes from: limits are kept per source address, and the password
/// work is skipped once the requester has gone.
struct Attempt {
    QString address;
    PasswordHasher::Abandoned abandoned;
};

/// Registration, login, session resume and logout.
class AccountService : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(Result<AuthOutcome>)>;

    /// `registrationsPerHour`: accounts one address may make per hour.
    AccountService(storage::Storage &storage, PasswordHasher &hasher, qint64 sessionLifetimeMs,
                   Registration registration = Registration::Open, int registrationsPerHour = 300,
                   QObject *parent = nullptr);

    /// Failed logins lock the username and the address out for a growing time (RATE_LIMITED
    /// with a retry-after); registrations are limited per address; when every password
    /// worker is taken and the queue is full the answer is SERVER_BUSY.
    void registerUser(const QString &username, const QByteArray &password,
                      const QString &displayName, const QString &deviceName,
                      const QString &inviteCode, const Attempt &attempt, Done done);
    /// A single-use invite code (valid a week) made by an admin; only its hash is stored.
    void createInvite(quint64 adminId, std::function<void(Result<proto::InviteReply>)> done);
    void login(const QString &username, const QByteArray &password, const QString &deviceName,
               const Attempt &attempt, Done done);
    void resume(const QString &token, Done done);
    void logout(const QByteArray &tokenHash, std::function<void(Result<natter::Done>)> done);

    /// Prunes ended sessions now and then every hour.
    void startHousekeeping();

    // Admin requests; the caller's rights are checked by the caller, with isAdmin().
    void isAdmin(quint64 userId, std::function<void(Result<bool>)> done);
    void setAdmin(const QString &username, bool admin,
                  std::function<void(Result<natter::Done>)> done);
    void sessionsOf(const QString &username, std::function<void(Result<QList<SessionInfo>>)> done);
    /// Revokes one session (`sessionId`) or all of the user's; live connections end with it.
    void revokeSessions(const QString &username, quint64 sessionId,
                        std::function<void(Result<QList<SessionInfo>>)> done);
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
                 std::function<void(Result<storage::UserRow>)> done,
                 PasswordHasher::Abandoned abandoned = {}, const QByteArray &inviteHash = {});
    using LimitedKey = QPair<AttemptLimiter *, QString>;
    /// RATE_LIMITED or SERVER_BUSY when the attempt may not go ahead now.
    [[nodiscard]] std::optional<Failure> refusal(const QList<LimitedKey> &keys,
                                                 const QString &what) const;
    void startSession(const storage::UserRow &user, const QString &deviceName, Done done);

    storage::Storage &m_storage;
    PasswordHasher &m_hasher;
    qint64 m_sessionLifetimeMs;
    Registration m_registration;
    QTimer m_pruneTimer;
    AttemptLimiter m_failedLoginsByUser;    // username key
    AttemptLimiter m_failedLoginsByAddress; // source address (many users may share one)
    AttemptLimiter m_registrations;         // source address
};

} // namespace natter::server::services

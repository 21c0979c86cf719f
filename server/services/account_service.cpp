#include "services/account_service.h"

#include "services/storage_rows.h"
#include "storage/storage.h"

#include "support/logging.h"
#include "validation.h"

#include <QDateTime>
#include <sodium.h>

namespace natter::server::services {

using storage::UserRow;
using storage::UserStore;

namespace {
constexpr int kTokenBytes = 32; // 256 random bits
constexpr auto kTokenEncoding = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
constexpr int kPruneIntervalMs = 3600 * 1000;
constexpr int kInviteBytes = 16;
constexpr qint64 kInviteLifetimeMs = 7LL * 24 * 3600 * 1000;
// Failed logins from one address (behind NAT: many users) before each more waits longer.
constexpr int kFreeFailuresPerAddress = 50;
constexpr quint32 kBusyRetryMs = 1000;

Failure busy()
{
    return Failure{proto::SERVER_BUSY,
                   QStringLiteral("the server is busy checking passwords; try again in a moment"),
                   kBusyRetryMs};
}
} // namespace

AccountService::AccountService(storage::Storage &storage, PasswordHasher &hasher,
                               qint64 sessionLifetimeMs, Registration registration,
                               int registrationsPerHour, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_hasher(hasher)
    , m_sessionLifetimeMs(sessionLifetimeMs)
    , m_registration(registration)
    , m_failedLoginsByUser(AttemptLimiter::Policy{})
    , m_failedLoginsByAddress(AttemptLimiter::Policy{kFreeFailuresPerAddress})
    , m_registrations(AttemptLimiter::Policy{registrationsPerHour, 60'000, 3600'000, 3600'000})
{}

std::optional<Failure> AccountService::refusal(const QList<LimitedKey> &keys,
                                               const QString &what) const
{
    qint64 wait = 0;
    for (const auto &[limiter, key] : keys)
        wait = qMax(wait, limiter->retryAfterMs(key));
    if (wait > 0)
        return Failure{
            proto::RATE_LIMITED,
            QStringLiteral("too many %1; try again in %2 s").arg(what).arg((wait + 999) / 1000),
            quint32(qMin<qint64>(wait, std::numeric_limits<quint32>::max()))};
    return std::nullopt;
}

QByteArray AccountService::hashToken(const QByteArray &rawToken)
{
    QByteArray hash(crypto_generichash_BYTES, Qt::Uninitialized);
    crypto_generichash(reinterpret_cast<unsigned char *>(hash.data()), size_t(hash.size()),
                       reinterpret_cast<const unsigned char *>(rawToken.constData()),
                       size_t(rawToken.size()), nullptr, 0);
    return hash;
}

void AccountService::registerUser(const QString &username, const QByteArray &password,
                                  const QString &displayName, const QString &deviceName,
                                  const QString &inviteCode, const Attempt &attempt, Done done)
{
    if (m_registration == Registration::Closed)
        return done(Failure{proto::REGISTRATION_CLOSED,
                            QStringLiteral("this server does not take new accounts; ask its admin "
                                           "to create one (natterctl admin user create)")});
    if (m_registration == Registration::Invite && inviteCode.isEmpty())
        return done(Failure{proto::REGISTRATION_CLOSED,
                            QStringLiteral("this server takes new accounts by invitation; ask an "
                                           "admin for an invite code (natterctl admin invite)")});
    const QByteArray inviteHash =
        m_registration == Registration::Invite ? hashToken(inviteCode.toUtf8()) : QByteArray();
    if (const QString problem = validation::deviceNameProblem(deviceName); !problem.isEmpty())
        return done(Failure{proto::INVALID_ARGUMENT, problem});
    if (auto refused = refusal({{&m_registrations, attempt.address}},
                               QStringLiteral("new accounts from your address")))
        return done(*refused);
    addUser(
        username, password, displayName,
        [this, deviceName, attempt, done](Result<UserRow> user) {
            if (!user.ok())
                return done(user.failure());
            m_registrations.failed(attempt.address); // counts the accounts made
            startSession(user.value(), deviceName, done);
        },
        attempt.abandoned, inviteHash);
}

void AccountService::createUser(const QString &username, const QByteArray &password,
                                const QString &displayName,
                                std::function<void(Result<natter::Done>)> done)
{
    addUser(username, password, displayName, [done](Result<UserRow> user) {
        if (!user.ok())
            return done(user.failure());
        done(natter::Done{});
    });
}

void AccountService::addUser(const QString &username, const QByteArray &password,
                             const QString &displayName, std::function<void(Result<UserRow>)> done,
                             PasswordHasher::Abandoned abandoned, const QByteArray &inviteHash)
{
    if (const QString problem = validation::usernameProblem(username); !problem.isEmpty())
        return done(Failure{proto::INVALID_USERNAME, problem});
    if (const QString problem = validation::passwordProblem(password); !problem.isEmpty())
        return done(Failure{proto::WEAK_PASSWORD, problem});
    const QString cleaned = validation::cleanDisplayText(displayName);
    const QString name = cleaned.isEmpty() ? username : cleaned;
    if (const QString problem = validation::displayNameProblem(name); !problem.isEmpty())
        return done(Failure{proto::INVALID_ARGUMENT, problem});
    if (!m_hasher.tryReserve())
        return done(busy());

    auto store = [this, username, name, inviteHash, done](Result<QByteArray> hashed) {
        if (!hashed.ok())
            return done(hashed.failure());
        const QByteArray hash = hashed.value();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        m_storage.users<UserRow>(
            this,
            [username, name, hash, now, inviteHash](UserStore &users) -> Result<UserRow> {
                // One job on the user store's thread: nothing else uses the invite meanwhile.
                if (!inviteHash.isEmpty()) {
                    if (auto valid = users.sessions().checkInvite(inviteHash, now); !valid.ok())
                        return valid.failure();
                }
                auto user = users.accounts().createUser(username, name, hash, now);
                if (!user.ok() || inviteHash.isEmpty())
                    return user;
                if (auto used = users.sessions().useInvite(inviteHash, user.value().id); !used.ok())
                    return used.failure();
                return user;
            },
            [done](Result<UserRow> user) {
                if (user.ok())
                    qCInfo(lcServices) << "registered user" << user.value().username;
                done(user);
            });
    };
    m_hasher.hash(password, this, store, std::move(abandoned));
}

void AccountService::login(const QString &username, const QByteArray &password,
                           const QString &deviceName, const Attempt &attempt, Done done)
{
    if (const QString problem = validation::deviceNameProblem(deviceName); !problem.isEmpty())
        return done(Failure{proto::INVALID_ARGUMENT, problem});
    const QList<LimitedKey> keys{{&m_failedLoginsByUser, validation::usernameKey(username)},
                                 {&m_failedLoginsByAddress, attempt.address}};
    if (auto refused = refusal(keys, QStringLiteral("failed logins")))
        return done(*refused);
    // Reserved now, before the look-up: every login of a burst counts against the bound.
    if (!m_hasher.tryReserve())
        return done(busy());
    auto check = [this, deviceName, keys, done, abandoned = attempt.abandoned](const UserRow &user,
                                                                               bool matches) {
        if (!matches) {
            // A login whose client left before its password was checked was no guess (and
            // nobody hears the answer): counting it would lock out an owner whose network
            // dropped a few logins.
            if (!(abandoned && *abandoned)) {
                for (const auto &[limiter, key] : keys)
                    limiter->failed(key);
            }
            return done(
                Failure{proto::WRONG_CREDENTIALS, QStringLiteral("wrong username or password")});
        }
        // Only the account's count: the address keeps its failures (an attacker's own
        // account must not wipe the count of their guesses at others').
        m_failedLoginsByUser.succeeded(keys.constFirst().second);
        startSession(user, deviceName, done);
    };
    m_storage.users<storage::Credentials>(
        this, [username](UserStore &store) { return store.accounts().credentials(username); },
        [this, password, attempt, check, done](Result<storage::Credentials> found) {
            if (!found.ok() && found.failure().code != proto::WRONG_CREDENTIALS) {
                m_hasher.release();
                return done(found.failure());
            }
            const QByteArray hash = found.ok() ? found.value().passwordHash : QByteArray();
            const UserRow user = found.ok() ? found.value().user : UserRow{};
            m_hasher.verify(
                hash, password, this, [check, user](bool matches) { check(user, matches); },
                attempt.abandoned);
        });
}

void AccountService::startSession(const UserRow &user, const QString &deviceName, Done done)
{
    QByteArray raw(kTokenBytes, Qt::Uninitialized);
    randombytes_buf(raw.data(), size_t(raw.size()));
    AuthOutcome outcome;
    outcome.token = QString::fromLatin1(raw.toBase64(kTokenEncoding));
    outcome.tokenHash = hashToken(raw);
    outcome.user = identityOf(user);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    outcome.expiresAtMs = now + m_sessionLifetimeMs;
    m_storage.users<natter::Done>(
        this,
        [outcome, deviceName, now](UserStore &store) {
            return store.sessions().createSession(outcome.user.id, outcome.tokenHash, deviceName,
                                                  now, outcome.expiresAtMs);
        },
        [outcome, done](Result<natter::Done> stored) {
            if (!stored.ok())
                return done(stored.failure());
            done(outcome);
        });
}

void AccountService::resume(const QString &token, Done done)
{
    const QByteArray raw = QByteArray::fromBase64(token.toLatin1(), kTokenEncoding);
    if (raw.size() != kTokenBytes)
        return done(
            Failure{proto::INVALID_TOKEN, QStringLiteral("malformed session token; log in again")});
    const QByteArray tokenHash = hashToken(raw);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_storage.users<storage::SessionRow>(
        this,
        [tokenHash, now](UserStore &store) { return store.sessions().session(tokenHash, now); },
        [tokenHash, done](Result<storage::SessionRow> session) {
            if (!session.ok())
                return done(session.failure());
            done(AuthOutcome{QString(), tokenHash, identityOf(session.value().user),
                             session.value().expiresAtMs});
        });
}

void AccountService::logout(const QByteArray &tokenHash,
                            std::function<void(Result<natter::Done>)> done)
{
    m_storage.users<natter::Done>(
        this, [tokenHash](UserStore &store) { return store.sessions().revokeSession(tokenHash); },
        [this, tokenHash, done](Result<natter::Done> revoked) {
            done(revoked);
            if (revoked.ok()) // other connections that resumed the same session
                emit sessionsEnded({tokenHash}, QStringLiteral("this session was logged out"));
        });
}

void AccountService::createInvite(quint64 adminId,
                                  std::function<void(Result<proto::InviteReply>)> done)
{
    QByteArray raw(kInviteBytes, Qt::Uninitialized);
    randombytes_buf(raw.data(), size_t(raw.size()));
    const QString code = QString::fromLatin1(raw.toBase64(kTokenEncoding));
    const QByteArray codeHash = hashToken(code.toUtf8());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 expires = now + kInviteLifetimeMs;
    m_storage.users<natter::Done>(
        this,
        [codeHash, adminId, now, expires](UserStore &store) {
            return store.sessions().createInvite(codeHash, adminId, now, expires);
        },
        [code, expires, done](Result<natter::Done> stored) {
            if (!stored.ok())
                return done(stored.failure());
            proto::InviteReply reply;
            reply.set_code(code.toStdString());
            reply.set_expires_at_ms(expires);
            done(reply);
        });
}

void AccountService::startHousekeeping()
{
    auto prune = [this] {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        m_storage.users<int>(
            this, [now](UserStore &store) { return store.sessions().pruneSessions(now); },
            [](Result<int> pruned) {
                if (!pruned.ok())
                    qCWarning(lcServices) << "pruning sessions:" << pruned.failure().message;
                else if (pruned.value() > 0)
                    qCInfo(lcServices) << "pruned" << pruned.value() << "ended sessions";
            });
    };
    prune();
    m_pruneTimer.setInterval(kPruneIntervalMs);
    m_pruneTimer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_pruneTimer, &QTimer::timeout, this, prune);
    m_pruneTimer.start();
}

void AccountService::isAdmin(quint64 userId, std::function<void(Result<bool>)> done)
{
    m_storage.users<bool>(
        this, [userId](UserStore &store) { return store.accounts().isAdmin(userId); },
        std::move(done));
}

void AccountService::setAdmin(const QString &username, bool admin,
                              std::function<void(Result<natter::Done>)> done)
{
    m_storage.users<natter::Done>(
        this,
        [username, admin](UserStore &store) { return store.accounts().setAdmin(username, admin); },
        [username, admin, done](Result<natter::Done> changed) {
            if (changed.ok())
                qCInfo(lcServices)
                    << (admin ? "granted admin rights to" : "took admin rights from") << username;
            done(changed);
        });
}

namespace {
Result<QList<SessionInfo>> sessionInfos(const Result<QList<storage::SessionListing>> &listed)
{
    if (!listed.ok())
        return listed.failure();
    QList<SessionInfo> sessions;
    for (const storage::SessionListing &s : listed.value())
        sessions.append(SessionInfo{s.id, s.tokenHash, s.deviceName, s.createdAtMs, s.expiresAtMs});
    return sessions;
}
} // namespace

void AccountService::sessionsOf(const QString &username,
                                std::function<void(Result<QList<SessionInfo>>)> done)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_storage.users<QList<storage::SessionListing>>(
        this,
        [username, now](UserStore &store) { return store.sessions().sessionsOf(username, now); },
        [done](Result<QList<storage::SessionListing>> listed) { done(sessionInfos(listed)); });
}

void AccountService::revokeSessions(const QString &username, quint64 sessionId,
                                    std::function<void(Result<QList<SessionInfo>>)> done)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_storage.users<QList<storage::SessionListing>>(
        this,
        [username, sessionId, now](UserStore &store) {
            return store.sessions().revokeSessions(username, sessionId, now);
        },
        [this, done](Result<QList<storage::SessionListing>> revoked) {
            if (revoked.ok()) {
                QList<QByteArray> hashes;
                for (const auto &session : revoked.value())
                    hashes.append(session.tokenHash);
                emit sessionsEnded(hashes, QStringLiteral("an admin revoked this session"));
            }
            done(sessionInfos(revoked));
        });
}

} // namespace natter::server::services

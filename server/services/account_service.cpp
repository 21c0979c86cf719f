#include "account_service.h"

#include "logging.h"
#include "validation.h"

#include <QDateTime>
#include <sodium.h>

namespace natter::server::services {

using storage::UserRow;
using storage::UserStore;

namespace {
constexpr int kTokenBytes = 32; // 256 random bits
constexpr auto kTokenEncoding = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
} // namespace

AccountService::AccountService(storage::Storage &storage, PasswordHasher &hasher,
                               qint64 sessionLifetimeMs, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_hasher(hasher)
    , m_sessionLifetimeMs(sessionLifetimeMs)
{}

QByteArray AccountService::hashToken(const QByteArray &rawToken)
{
    QByteArray hash(crypto_generichash_BYTES, Qt::Uninitialized);
    crypto_generichash(reinterpret_cast<unsigned char *>(hash.data()), size_t(hash.size()),
                       reinterpret_cast<const unsigned char *>(rawToken.constData()),
                       size_t(rawToken.size()), nullptr, 0);
    return hash;
}

void AccountService::registerUser(const QString &username, const QByteArray &password,
                                  const QString &displayName, const QString &deviceName, Done done)
{
    if (const QString problem = validation::usernameProblem(username); !problem.isEmpty())
        return done(Failure{proto::INVALID_USERNAME, problem});
    if (const QString problem = validation::passwordProblem(password); !problem.isEmpty())
        return done(Failure{proto::WEAK_PASSWORD, problem});
    const QString cleaned = validation::cleanDisplayText(displayName);
    const QString name = cleaned.isEmpty() ? username : cleaned;
    if (const QString problem = validation::displayNameProblem(name); !problem.isEmpty())
        return done(Failure{proto::INVALID_ARGUMENT, problem});
    if (const QString problem = validation::deviceNameProblem(deviceName); !problem.isEmpty())
        return done(Failure{proto::INVALID_ARGUMENT, problem});

    m_hasher.hash(password, this, [this, username, name, deviceName, done](auto hashed) {
        if (!hashed.ok())
            return done(hashed.failure());
        const QByteArray hash = hashed.value();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        m_storage.users<UserRow>(
            this,
            [username, name, hash, now](UserStore &store) {
                return store.createUser(username, name, hash, now);
            },
            [this, deviceName, done](Result<UserRow> user) {
                if (!user.ok())
                    return done(user.failure());
                qCInfo(lcServices) << "registered user" << user.value().username;
                startSession(user.value(), deviceName, done);
            });
    });
}

void AccountService::login(const QString &username, const QByteArray &password,
                           const QString &deviceName, Done done)
{
    if (const QString problem = validation::deviceNameProblem(deviceName); !problem.isEmpty())
        return done(Failure{proto::INVALID_ARGUMENT, problem});
    m_storage.users<storage::Credentials>(
        this, [username](UserStore &store) { return store.credentials(username); },
        [this, password, deviceName, done](Result<storage::Credentials> found) {
            if (!found.ok() && found.failure().code != proto::WRONG_CREDENTIALS)
                return done(found.failure());
            const QByteArray hash = found.ok() ? found.value().passwordHash : QByteArray();
            const UserRow user = found.ok() ? found.value().user : UserRow{};
            m_hasher.verify(hash, password, this, [this, user, deviceName, done](bool matches) {
                if (!matches)
                    return done(Failure{proto::WRONG_CREDENTIALS,
                                        QStringLiteral("wrong username or password")});
                startSession(user, deviceName, done);
            });
        });
}

void AccountService::startSession(const UserRow &user, const QString &deviceName, Done done)
{
    QByteArray raw(kTokenBytes, Qt::Uninitialized);
    randombytes_buf(raw.data(), size_t(raw.size()));
    AuthOutcome outcome;
    outcome.token = QString::fromLatin1(raw.toBase64(kTokenEncoding));
    outcome.tokenHash = hashToken(raw);
    outcome.user = user;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    outcome.expiresAtMs = now + m_sessionLifetimeMs;
    m_storage.users<natter::Done>(
        this,
        [outcome, deviceName, now](UserStore &store) {
            return store.createSession(outcome.user.id, outcome.tokenHash, deviceName, now,
                                       outcome.expiresAtMs);
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
        this, [tokenHash, now](UserStore &store) { return store.session(tokenHash, now); },
        [tokenHash, done](Result<storage::SessionRow> session) {
            if (!session.ok())
                return done(session.failure());
            done(AuthOutcome{QString(), tokenHash, session.value().user,
                             session.value().expiresAtMs});
        });
}

void AccountService::logout(const QByteArray &tokenHash,
                            std::function<void(Result<natter::Done>)> done)
{
    m_storage.users<natter::Done>(
        this, [tokenHash](UserStore &store) { return store.revokeSession(tokenHash); },
        std::move(done));
}

} // namespace natter::server::services

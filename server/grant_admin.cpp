#include "grant_admin.h"

#include "services/password_hasher.h"
#include "storage/storage.h"
#include "validation.h"

#include <QDateTime>
#include <QEventLoop>
#include <QFileInfo>
#include <QTextStream>
#include <cstdio>
#include <unistd.h>

namespace natter::server {

namespace {
bool readsFromTerminal()
{
    return ::isatty(STDIN_FILENO) != 0;
}
} // namespace

int grantAdmin(const ServerConfig &config)
{
    auto fail = [](const QString &message) {
        std::fprintf(stderr, "natterd: %s\n", qPrintable(message));
        return 2;
    };
    if (!QFileInfo(config.dataDir).isDir())
        return fail(
            QStringLiteral("no data dir at %1; pass --data DIR of the server").arg(config.dataDir));
    storage::Storage storage(config.dataDir, config.shards);
    QString error;
    if (!storage.open(&error))
        return fail(error);
    // A server with closed registration has no account to grant to yet: make it, with the
    // password from standard input.
    QByteArray passwordHash;
    if (!readsFromTerminal()) {
        const QByteArray password = QTextStream(stdin).readLine().toUtf8();
        if (!password.isEmpty()) {
            if (const QString problem = validation::passwordProblem(password); !problem.isEmpty())
                return fail(problem);
            auto hashed = services::PasswordHasher::hashNow(password);
            if (!hashed.ok())
                return fail(hashed.failure().message);
            passwordHash = hashed.value();
        }
    }
    QEventLoop loop;
    std::optional<Failure> failure;
    const QString username = config.grantAdminTo;
    storage.users<natter::Done>(
        &loop,
        [username, passwordHash](storage::UserStore &store) -> Result<natter::Done> {
            auto granted = store.accounts().setAdmin(username, true);
            if (granted.ok() || granted.failure().code != proto::USER_NOT_FOUND ||
                passwordHash.isEmpty())
                return granted;
            if (const QString problem = validation::usernameProblem(username); !problem.isEmpty())
                return Failure{proto::INVALID_USERNAME, problem};
            auto created = store.accounts().createUser(username, username, passwordHash,
                                                       QDateTime::currentMSecsSinceEpoch());
            if (!created.ok())
                return created.failure();
            return store.accounts().setAdmin(username, true);
        },
        [&](Result<natter::Done> granted) {
            if (!granted.ok())
                failure = granted.failure();
            loop.quit();
        });
    loop.exec();
    storage.close();
    if (failure)
        return fail(failure->message +
                    QStringLiteral("; register the account first, or pass its new password on "
                                   "standard input to create it"));
    std::printf("%s is an admin now\n", qPrintable(username));
    return 0;
}

} // namespace natter::server

#include "services/settings_service.h"

#include "services/storage_rows.h"
#include "storage/storage.h"
#include "validation.h"

#include <QDateTime>

namespace natter::server::services {

using storage::UserStore;

SettingsService::SettingsService(storage::Storage &storage, TargetPolicy targets,
                                 int maxTargetsPerUser, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_targets(std::move(targets))
    , m_maxTargetsPerUser(maxTargetsPerUser)
{}

void SettingsService::settings(const UserIdentity &caller, Done<proto::AccountSettings> done)
{
    const quint64 userId = caller.id;
    m_storage.users<proto::AccountSettings>(
        this, [userId](UserStore &store) { return store.accounts().accountSettings(userId); },
        done);
}

void SettingsService::update(const UserIdentity &caller, const proto::AccountSettings &settings,
                             Done<proto::AccountSettings> done)
{
    const QString email = QString::fromStdString(settings.email()).trimmed();
    if (const QString problem = validation::emailProblem(email);
        !email.isEmpty() && !problem.isEmpty())
        return done(Failure{proto::INVALID_ARGUMENT, problem});
    if (!proto::GroupAddPolicy_IsValid(settings.who_can_add_me()))
        return done(Failure{proto::INVALID_ARGUMENT,
                            QStringLiteral("who_can_add_me must be EVERYONE, CONTACTS or NOBODY")});
    proto::AccountSettings cleaned = settings;
    cleaned.set_email(email.toStdString());
    const quint64 userId = caller.id;
    m_storage.users<proto::AccountSettings>(
        this,
        [userId, cleaned](UserStore &store) -> Result<proto::AccountSettings> {
            if (auto saved = store.accounts().setAccountSettings(userId, cleaned); !saved.ok())
                return saved.failure();
            return store.accounts().accountSettings(userId);
        },
        done);
}

void SettingsService::block(const UserIdentity &caller, const QString &username, bool blocked,
                            Done<natter::Done> done)
{
    const quint64 userId = caller.id;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_storage.users<storage::BlockChange>(
        this,
        [userId, username, blocked, now](UserStore &store) {
            return store.consent().setBlocked(userId, username, blocked, now);
        },
        [this, done](Result<storage::BlockChange> changed) {
            if (!changed.ok())
                return done(changed.failure());
            // Their direct conversation stays readable but closes to new messages and typing.
            if (const quint64 id = changed.value().directConversationId)
                m_storage.closedConversations().set(id, changed.value().closed);
            done(natter::Done{});
        });
}

void SettingsService::acceptRequest(const UserIdentity &caller, quint64 conversationId,
                                    Done<bool> done)
{
    if (conversationId == 0)
        return done(Failure{proto::INVALID_ARGUMENT, QStringLiteral("conversation_id is missing")});
    m_storage.users<bool>(
        this,
        [userId = caller.id, conversationId](UserStore &store) {
            return store.inbox().acceptRequest(userId, conversationId);
        },
        done);
}

void SettingsService::blocked(const UserIdentity &caller, Done<QList<UserIdentity>> done)
{
    const quint64 userId = caller.id;
    m_storage.users<QList<storage::UserRow>>(
        this, [userId](UserStore &store) { return store.consent().blockedBy(userId); },
        [done](Result<QList<storage::UserRow>> rows) {
            if (!rows.ok())
                return done(rows.failure());
            QList<UserIdentity> users;
            for (const storage::UserRow &row : rows.value())
                users.append(identityOf(row));
            done(users);
        });
}

void SettingsService::registerPushTarget(const UserIdentity &caller,
                                         const QByteArray &sessionTokenHash, proto::PushKind kind,
                                         const QString &url, Done<natter::Done> done)
{
    if (kind != proto::WEBHOOK)
        return done(Failure{proto::INVALID_ARGUMENT,
                            QStringLiteral("unknown push target kind; this server supports "
                                           "WEBHOOK")});
    if (const QString problem = validation::pushUrlProblem(url); !problem.isEmpty())
        return done(Failure{proto::INVALID_ARGUMENT, problem});
    const quint64 userId = caller.id;
    const int maxTargets = m_maxTargetsPerUser;
    // Checked again before every request: what a name resolves to can change.
    m_targets.resolve(
        QUrl(url), this,
        [this, sessionTokenHash, userId, kind, url, maxTargets,
         done](std::optional<QHostAddress> address, const QString &why) {
            if (!address)
                return done(Failure{proto::TARGET_NOT_ALLOWED, why});
            const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
            m_storage.users<natter::Done>(
                this,
                [sessionTokenHash, userId, kind, url, nowMs, maxTargets](UserStore &store) {
                    return store.pushTargets().setPushTarget(sessionTokenHash, userId, kind, url,
                                                             nowMs, maxTargets);
                },
                done);
        });
}

} // namespace natter::server::services

#include "settings_service.h"

#include "validation.h"

#include <QDateTime>

namespace natter::server::services {

using storage::UserStore;

SettingsService::SettingsService(storage::Storage &storage, const push::PushConfig &push,
                                 QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_targets(push.allowPrivate)
    , m_maxTargetsPerUser(push.maxTargetsPerUser)
{}

void SettingsService::settings(const storage::UserRow &caller, Done<proto::AccountSettings> done)
{
    const quint64 userId = caller.id;
    m_storage.users<proto::AccountSettings>(
        this, [userId](UserStore &store) { return store.accountSettings(userId); }, done);
}

void SettingsService::update(const storage::UserRow &caller, const proto::AccountSettings &settings,
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
            if (auto saved = store.setAccountSettings(userId, cleaned); !saved.ok())
                return saved.failure();
            return store.accountSettings(userId);
        },
        done);
}

void SettingsService::block(const storage::UserRow &caller, const QString &username, bool blocked,
                            Done<natter::Done> done)
{
    const quint64 userId = caller.id;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_storage.users<storage::BlockChange>(
        this,
        [userId, username, blocked, now](UserStore &store) {
            return store.setBlocked(userId, username, blocked, now);
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

void SettingsService::acceptRequest(const storage::UserRow &caller, quint64 conversationId,
                                    Done<bool> done)
{
    if (conversationId == 0)
        return done(Failure{proto::INVALID_ARGUMENT, QStringLiteral("conversation_id is missing")});
    m_storage.users<bool>(
        this,
        [userId = caller.id, conversationId](UserStore &store) {
            return store.acceptRequest(userId, conversationId);
        },
        done);
}

void SettingsService::blocked(const storage::UserRow &caller, Done<QList<storage::UserRow>> done)
{
    const quint64 userId = caller.id;
    m_storage.users<QList<storage::UserRow>>(
        this, [userId](UserStore &store) { return store.blockedBy(userId); }, done);
}

void SettingsService::registerPushTarget(const storage::UserRow &caller,
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
                    return store.setPushTarget(sessionTokenHash, userId, kind, url, nowMs,
                                               maxTargets);
                },
                done);
        });
}

} // namespace natter::server::services

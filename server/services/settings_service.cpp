#include "settings_service.h"

#include "push/smtp_mailer.h"
#include "push/webhook_sink.h"
#include "validation.h"

#include <QDateTime>

namespace natter::server::services {

using storage::UserStore;

SettingsService::SettingsService(storage::Storage &storage, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
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
    if (!email.isEmpty() && !push::SmtpMailer::isValidAddress(email))
        return done(Failure{
            proto::INVALID_ARGUMENT,
            QStringLiteral("'%1' is not an e-mail address").arg(validation::quoted(email))});
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

void SettingsService::registerPushTarget(const storage::UserRow &caller,
                                         const QByteArray &sessionTokenHash, proto::PushKind kind,
                                         const QString &url, Done<natter::Done> done)
{
    if (kind != proto::WEBHOOK)
        return done(Failure{proto::INVALID_ARGUMENT,
                            QStringLiteral("unknown push target kind; this server supports "
                                           "WEBHOOK")});
    QString why;
    if (!push::WebhookSink::isValidUrl(url, &why))
        return done(Failure{proto::INVALID_ARGUMENT, why});
    const quint64 userId = caller.id;
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    m_storage.users<natter::Done>(
        this,
        [sessionTokenHash, userId, kind, url, nowMs](UserStore &store) {
            return store.setPushTarget(sessionTokenHash, userId, kind, url, nowMs);
        },
        done);
}

} // namespace natter::server::services

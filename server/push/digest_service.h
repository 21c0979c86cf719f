#pragma once

#include "push/push_config.h"
#include "push/smtp_mailer.h"
#include "storage/storage.h"

#include <QHash>
#include <QObject>
#include <QTimer>

namespace natter::server::push {

/// E-mail digests: a user who has been offline longer than the configured time, has an
/// address, has digests on and has unread messages gets one e-mail listing them — one per
/// absence (the next comes only after they were seen again).
class DigestService : public QObject {
    Q_OBJECT
public:
    DigestService(storage::Storage &storage, const PushConfig &config, QObject *parent = nullptr);

    void start();
    void stop();
    /// One pass over the candidates now (also run by the timer).
    void check();

private:
    struct Unread {
        QString title;
        quint64 count = 0;
    };
    void next(QList<storage::DigestRecipient> queue);
    void gatherUnread(const storage::DigestRecipient &recipient,
                      std::function<void(Result<QList<Unread>>)> done);
    void finish(const storage::DigestRecipient &recipient, QList<storage::DigestRecipient> queue);
    [[nodiscard]] static Mail compose(const storage::DigestRecipient &recipient,
                                      const QList<Unread> &unread);

    storage::Storage &m_storage;
    PushConfig m_config;
    SmtpMailer m_mailer;
    QTimer m_timer;
    QHash<quint64, qint64> m_quietUntil; // nothing was unread: look again after this
    quint64 m_cursor = 0;                // the last user id of the previous pass
    bool m_busy = false;
    bool m_running = false;
};

} // namespace natter::server::push

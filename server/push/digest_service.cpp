#include "push/digest_service.h"

#include "protocol.h"
#include "support/logging.h"

#include <QDateTime>

namespace natter::server::push {

using storage::DigestRecipient;
using storage::ShardStore;
using storage::UserStore;

namespace {
constexpr int kRecipientsPerPass = 50;
constexpr int kConversationsListed = 20;
} // namespace

DigestService::DigestService(storage::Storage &storage, const PushConfig &config, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_config(config)
    , m_mailer(config.smtpUrl, config.smtpFrom)
{
    m_timer.setInterval(config.digestCheckMs);
    connect(&m_timer, &QTimer::timeout, this, &DigestService::check);
}

void DigestService::start()
{
    if (m_config.smtpUrl.isEmpty())
        return;
    m_running = true;
    m_timer.start();
}

void DigestService::stop()
{
    m_running = false;
    m_timer.stop();
}

void DigestService::check()
{
    if (!m_running || m_busy)
        return;
    m_busy = true;
    const qint64 offlineBefore = QDateTime::currentMSecsSinceEpoch() - m_config.digestAfterMs;
    m_storage.users<QList<DigestRecipient>>(
        this,
        [offlineBefore, after = m_cursor](UserStore &store) {
            return store.pushTargets().digestRecipients(offlineBefore, after, kRecipientsPerPass);
        },
        [this](Result<QList<DigestRecipient>> recipients) {
            if (!recipients.ok()) {
                qCWarning(lcStorage)
                    << "digest candidates unreadable:" << recipients.failure().message;
                m_busy = false;
                return;
            }
            // Walk all candidates over successive passes, then start again.
            m_cursor = recipients.value().size() < kRecipientsPerPass
                           ? 0
                           : recipients.value().back().user.id;
            next(recipients.value());
        });
}

void DigestService::next(QList<DigestRecipient> queue)
{
    if (queue.isEmpty() || !m_running) {
        m_busy = false;
        return;
    }
    const DigestRecipient recipient = queue.takeFirst();
    // Came back online since the query: their client shows what is unread.
    if (m_storage.onlineUsers().contains(recipient.user.id)) {
        m_quietUntil.remove(recipient.user.id);
        return next(queue);
    }
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    if (m_quietUntil.value(recipient.user.id) > nowMs)
        return next(queue);
    gatherUnread(recipient, [this, recipient, queue](Result<QList<Unread>> unread) {
        if (!unread.ok()) {
            qCWarning(lcStorage) << "digest skipped:" << unread.failure().message;
            return next(queue);
        }
        if (unread.value().isEmpty()) {
            // Nothing yet; messages may still come during this absence.
            m_quietUntil.insert(recipient.user.id,
                                QDateTime::currentMSecsSinceEpoch() + m_config.digestAfterMs);
            return next(queue);
        }
        m_quietUntil.remove(recipient.user.id);
        m_mailer.send(compose(recipient, unread.value()), [this, recipient,
                                                           queue](bool sent, const QString &error) {
            if (!sent) {
                // Not recorded: the next pass tries again.
                qCWarning(lcStorage) << "digest to" << recipient.email << "not sent:" << error;
                return next(queue);
            }
            finish(recipient, queue);
        });
    });
}

void DigestService::finish(const DigestRecipient &recipient, QList<DigestRecipient> queue)
{
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const quint64 userId = recipient.user.id;
    m_storage.users<natter::Done>(
        this,
        [userId, nowMs](UserStore &store) {
            return store.pushTargets().recordDigest(userId, nowMs);
        },
        [this, queue](Result<natter::Done> recorded) {
            if (!recorded.ok())
                qCWarning(lcStorage) << "digest not recorded:" << recorded.failure().message;
            next(queue);
        });
}

void DigestService::gatherUnread(const DigestRecipient &recipient,
                                 std::function<void(Result<QList<Unread>>)> done)
{
    const quint64 userId = recipient.user.id;
    m_storage.users<QList<quint64>>(
        this, [userId](UserStore &store) { return store.inbox().acceptedConversationIds(userId); },
        [this, userId, done](Result<QList<quint64>> ids) {
            if (!ids.ok())
                return done(ids.failure());
            if (ids.value().isEmpty())
                return done(QList<Unread>{});
            auto remaining = std::make_shared<qsizetype>(ids.value().size());
            auto found = std::make_shared<QList<Unread>>();
            for (quint64 id : ids.value()) {
                m_storage.shard<proto::ConversationSummary>(
                    id, this, [id, userId](ShardStore &store) { return store.summary(id, userId); },
                    [remaining, found, done](Result<proto::ConversationSummary> summary) {
                        // A conversation the user left meanwhile simply is not listed.
                        if (summary.ok() && summary.value().unread_count() > 0)
                            found->append(
                                {protocol::fromStd(summary.value().conversation().title()),
                                 summary.value().unread_count()});
                        if (--*remaining == 0)
                            done(*found);
                    });
            }
        });
}

Mail DigestService::compose(const DigestRecipient &recipient, const QList<Unread> &unread)
{
    QList<Unread> sorted = unread;
    std::sort(sorted.begin(), sorted.end(),
              [](const Unread &a, const Unread &b) { return a.count > b.count; });
    quint64 total = 0;
    for (const Unread &item : sorted)
        total += item.count;
    Mail mail;
    mail.to = recipient.email;
    mail.toName = recipient.user.displayName;
    mail.subject = total == 1 ? QStringLiteral("You have 1 unread message on Natter")
                              : QStringLiteral("You have %1 unread messages on Natter").arg(total);
    QString body =
        QStringLiteral("Hello %1,\n\nwhile you were away:\n\n").arg(recipient.user.displayName);
    for (qsizetype i = 0; i < sorted.size() && i < kConversationsListed; ++i)
        body += QStringLiteral("  %1: %2 unread\n").arg(sorted[i].title).arg(sorted[i].count);
    if (sorted.size() > kConversationsListed)
        body += QStringLiteral("  … and %1 more conversations\n")
                    .arg(sorted.size() - kConversationsListed);
    body +=
        QStringLiteral("\nOpen Natter to read them.\n\n-- \nYou get this e-mail because "
                       "digests are on for your account. To stop them, turn off e-mail "
                       "digests in Natter's settings or run: natterctl settings --digest off\n");
    mail.body = body;
    return mail;
}

} // namespace natter::server::push

// natterctl's admin commands: statistics, sessions, admin rights and accounts.
#include "commands.h"

#include "blocking.h"
#include "protocol.h"

#include <QDateTime>

namespace natter::cli {

using client::waitFor;
using protocol::fromStd;
using protocol::toStd;

namespace {
const QString kAdminUsage = QStringLiteral(
    "usage: admin push-stats | server-stats | sessions USER | sessions revoke USER [ID] | "
    "grant USER | ungrant USER | user create USER [--display-name NAME] | invite");

QString when(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(Qt::ISODate);
}
} // namespace

Result<proto::Envelope> Commands::request(const proto::Envelope &envelope)
{
    return waitFor<proto::Envelope>(
        [&](auto done) { m_client.connection().request(envelope, done); });
}

int Commands::admin(const QStringList &args)
{
    const QString what = args.value(0);
    const QStringList rest = args.mid(1);
    if (what == QLatin1String("sessions"))
        return adminSessions(rest);
    if (what == QLatin1String("grant") || what == QLatin1String("ungrant"))
        return adminGrant(rest, what == QLatin1String("grant"));
    if (what == QLatin1String("user"))
        return adminCreateUser(rest);
    if (what == QLatin1String("invite") && rest.isEmpty())
        return adminInvite();
    if ((what != QLatin1String("push-stats") && what != QLatin1String("server-stats")) ||
        !rest.isEmpty())
        return usage(kAdminUsage);
    if (!connectToServer(false))
        return Failed;
    if (what == QLatin1String("server-stats")) {
        auto stats =
            waitFor<proto::ServerStatsReply>([&](auto done) { m_client.serverStats(done); });
        if (!stats.ok())
            return fail(stats.failure());
        const proto::ServerStatsReply &s = stats.value();
        if (m_json) {
            printJson(s);
            return Success;
        }
        const quint64 asked = s.cache_hits() + s.cache_misses();
        QStringList perThread;
        for (quint64 count : s.connections_per_thread())
            perThread.append(QString::number(count));
        printLine(QStringLiteral("connections\t%1 (per gateway thread: %2)")
                      .arg(s.connections())
                      .arg(perThread.join(QStringLiteral(", "))));
        printLine(QStringLiteral("refused connections\t%1").arg(s.refused_connections()));
        printLine(QStringLiteral("cached conversations\t%1").arg(s.cached_conversations()));
        printLine(
            QStringLiteral("cache hits\t%1 of %2 newest pages (%3%)")
                .arg(s.cache_hits())
                .arg(asked)
                .arg(asked ? 100.0 * double(s.cache_hits()) / double(asked) : 0.0, 0, 'f', 1));
        printLine(
            QStringLiteral("search backlog\t%1 messages not indexed yet").arg(s.search_backlog()));
        return Success;
    }
    auto stats = waitFor<proto::PushStatsReply>([&](auto done) { m_client.pushStats(done); });
    if (!stats.ok())
        return fail(stats.failure());
    const proto::PushStatsReply &s = stats.value();
    if (m_json) {
        printJson(s);
        return Success;
    }
    printLine(QStringLiteral("queued\t%1").arg(s.queued()));
    printLine(QStringLiteral("retrying\t%1").arg(s.retrying()));
    printLine(QStringLiteral("delivered\t%1").arg(s.delivered()));
    printLine(QStringLiteral("dead\t%1").arg(s.dead()));
    printLine(QStringLiteral("cancelled\t%1").arg(s.cancelled()));
    printLine(QStringLiteral("skipped\t%1").arg(s.skipped()));
    printLine(QStringLiteral("digests\t%1").arg(s.digests_sent()));
    return Success;
}

int Commands::adminSessions(const QStringList &args)
{
    const bool revoke = args.value(0) == QLatin1String("revoke");
    const QStringList rest = revoke ? args.mid(1) : args;
    bool validId = true;
    const quint64 sessionId = rest.size() == 2 ? rest[1].toULongLong(&validId) : 0;
    if (rest.isEmpty() || rest.size() > (revoke ? 2 : 1) || !validId)
        return usage(kAdminUsage);
    if (!connectToServer(false))
        return Failed;
    proto::Envelope envelope;
    if (revoke) {
        auto *r = envelope.mutable_admin_revoke_sessions_request();
        r->set_username(toStd(rest[0]));
        r->set_session_id(sessionId);
    } else {
        envelope.mutable_admin_sessions_request()->set_username(toStd(rest[0]));
    }
    const auto reply = request(envelope);
    if (!reply.ok())
        return fail(reply.failure());
    const auto &sessions = reply.value().admin_sessions_reply();
    if (m_json) {
        printJson(sessions);
        return Success;
    }
    if (revoke)
        printLine(QStringLiteral("revoked %1 session(s) of %2; their connections were closed")
                      .arg(sessions.sessions_size())
                      .arg(rest[0]));
    for (const auto &s : sessions.sessions())
        printLine(QStringLiteral("%1\t%2\tcreated %3\texpires %4%5")
                      .arg(s.id())
                      .arg(fromStd(s.device_name()))
                      .arg(when(s.created_at_ms()), when(s.expires_at_ms()))
                      .arg(s.live() ? QStringLiteral("\tconnected") : QString()));
    return Success;
}

int Commands::adminGrant(const QStringList &args, bool grant)
{
    if (args.size() != 1)
        return usage(kAdminUsage);
    if (!connectToServer(false))
        return Failed;
    proto::Envelope envelope;
    envelope.mutable_admin_grant_request()->set_username(toStd(args[0]));
    envelope.mutable_admin_grant_request()->set_revoke(!grant);
    const auto reply = request(envelope);
    if (!reply.ok())
        return fail(reply.failure());
    if (!m_json)
        printLine(grant ? QStringLiteral("%1 is an admin now").arg(args[0])
                        : QStringLiteral("%1 is no admin any more").arg(args[0]));
    return Success;
}

int Commands::adminInvite()
{
    if (!connectToServer(false))
        return Failed;
    proto::Envelope envelope;
    envelope.mutable_admin_create_invite_request();
    const auto reply = request(envelope);
    if (!reply.ok())
        return fail(reply.failure());
    const auto &invite = reply.value().invite_reply();
    if (m_json) {
        printJson(invite);
        return Success;
    }
    printLine(fromStd(invite.code()));
    return Success;
}

int Commands::adminCreateUser(const QStringList &args)
{
    if (args.size() != 2 || args[0] != QLatin1String("create"))
        return usage(kAdminUsage);
    QString password;
    if (!readPassword(&password))
        return Usage;
    if (!connectToServer(false))
        return Failed;
    proto::Envelope envelope;
    auto *r = envelope.mutable_admin_create_user_request();
    r->set_username(toStd(args[1]));
    r->set_password(toStd(password));
    r->set_display_name(toStd(m_parser.value(QStringLiteral("display-name"))));
    const auto reply = request(envelope);
    if (!reply.ok())
        return fail(reply.failure());
    if (!m_json)
        printLine(QStringLiteral("created %1; they can log in now").arg(args[1]));
    return Success;
}

} // namespace natter::cli

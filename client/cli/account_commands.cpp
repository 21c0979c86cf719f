// natterctl's account commands: settings and push targets.
#include "commands.h"

#include "blocking.h"
#include "protocol.h"

namespace natter::cli {

using client::waitFor;
using protocol::fromStd;

namespace {

/// "on"/"off" (also true/false, yes/no, 1/0) → value; false when it is neither.
bool parseSwitch(const QString &text, bool *value)
{
    const QString t = text.toLower();
    const bool on = t == QLatin1String("on") || t == QLatin1String("true") ||
                    t == QLatin1String("yes") || t == QLatin1String("1");
    const bool off = t == QLatin1String("off") || t == QLatin1String("false") ||
                     t == QLatin1String("no") || t == QLatin1String("0");
    *value = on;
    return on || off;
}

QString onOff(bool value)
{
    return value ? QStringLiteral("on") : QStringLiteral("off");
}

} // namespace

int Commands::settings(const QStringList &args)
{
    if (!args.isEmpty())
        return usage(QStringLiteral("usage: settings [--hide-last-seen on|off] [--previews "
                                    "on|off] [--email ADDRESS] [--digest on|off] [--who-can-add "
                                    "everyone|contacts|nobody]"));
    struct Switch {
        const char *option;
        void (proto::AccountSettings::*set)(bool);
    };
    const Switch switches[] = {
        {"hide-last-seen", &proto::AccountSettings::set_hide_last_seen},
        {"previews", &proto::AccountSettings::set_push_previews},
        {"digest", &proto::AccountSettings::set_email_digest},
    };
    // Check the options before touching the network.
    for (const Switch &s : switches) {
        bool value = false;
        const QString option = QString::fromLatin1(s.option);
        if (m_parser.isSet(option) && !parseSwitch(m_parser.value(option), &value))
            return usage(QStringLiteral("--%1 takes on or off").arg(option));
    }
    const QString whoCanAdd = m_parser.value(QStringLiteral("who-can-add")).toUpper();
    proto::GroupAddPolicy policy = proto::EVERYONE;
    if (m_parser.isSet(QStringLiteral("who-can-add")) &&
        !proto::GroupAddPolicy_Parse(whoCanAdd.toStdString(), &policy))
        return usage(QStringLiteral("--who-can-add takes everyone, contacts or nobody"));
    if (!connectToServer(false))
        return Failed;
    auto current = waitFor<proto::AccountSettings>([&](auto done) { m_client.settings(done); });
    if (!current.ok())
        return fail(current.failure());
    proto::AccountSettings wanted = current.value();
    bool changed = false;
    for (const Switch &s : switches) {
        bool value = false;
        if (parseSwitch(m_parser.value(QString::fromLatin1(s.option)), &value)) {
            (wanted.*s.set)(value);
            changed = true;
        }
    }
    if (m_parser.isSet(QStringLiteral("who-can-add"))) {
        wanted.set_who_can_add_me(policy);
        changed = true;
    }
    if (m_parser.isSet(QStringLiteral("email"))) {
        wanted.set_email(m_parser.value(QStringLiteral("email")).toStdString());
        changed = true;
    }
    if (changed) {
        current = waitFor<proto::AccountSettings>(
            [&](auto done) { m_client.updateSettings(wanted, done); });
        if (!current.ok())
            return fail(current.failure());
    }
    const proto::AccountSettings &s = current.value();
    if (m_json) {
        printJson(s);
        return Success;
    }
    printLine(QStringLiteral("hide-last-seen\t%1").arg(onOff(s.hide_last_seen())));
    printLine(QStringLiteral("previews\t%1").arg(onOff(s.push_previews())));
    printLine(QStringLiteral("email\t%1")
                  .arg(s.email().empty() ? QStringLiteral("(none)") : fromStd(s.email())));
    printLine(QStringLiteral("digest\t%1").arg(onOff(s.email_digest())));
    printLine(QStringLiteral("who-can-add\t%1")
                  .arg(fromStd(proto::GroupAddPolicy_Name(s.who_can_add_me())).toLower()));
    return Success;
}

int Commands::block(const QStringList &args, bool block)
{
    if (args.size() != 1)
        return usage(QStringLiteral("usage: block USER | unblock USER"));
    if (!connectToServer(false))
        return Failed;
    proto::Envelope envelope;
    envelope.mutable_block_user_request()->set_username(args[0].toStdString());
    envelope.mutable_block_user_request()->set_unblock(!block);
    const auto reply = request(envelope);
    if (!reply.ok())
        return fail(reply.failure());
    if (!m_json)
        printLine(block ? QStringLiteral("blocked %1: they cannot start a conversation with you, "
                                         "add you to groups or see your presence")
                              .arg(args[0])
                        : QStringLiteral("unblocked %1").arg(args[0]));
    return Success;
}

int Commands::accept(const QStringList &args)
{
    quint64 id = 0;
    if (args.size() != 1 || !conversationId(args[0], &id))
        return usage(QStringLiteral("usage: accept CONV"));
    if (!connectToServer(false))
        return Failed;
    proto::Envelope envelope;
    envelope.mutable_accept_request_request()->set_conversation_id(id);
    const auto reply = request(envelope);
    if (!reply.ok())
        return fail(reply.failure());
    if (!m_json)
        printLine(QStringLiteral("accepted conversation %1: notifications and presence from now on")
                      .arg(id));
    return Success;
}

int Commands::blocked()
{
    if (!connectToServer(false))
        return Failed;
    proto::Envelope envelope;
    envelope.mutable_get_blocked_request();
    const auto reply = request(envelope);
    if (!reply.ok())
        return fail(reply.failure());
    if (m_json) {
        printJson(reply.value().blocked_reply());
        return Success;
    }
    for (const auto &user : reply.value().blocked_reply().users())
        printLine(
            QStringLiteral("%1\t%2").arg(fromStd(user.username()), fromStd(user.display_name())));
    return Success;
}

int Commands::pushTarget(const QStringList &args)
{
    if (args.size() != 1)
        return usage(QStringLiteral("usage: push-target URL   (an http:// or https:// webhook)"));
    if (!connectToServer(false))
        return Failed;
    auto registered = waitFor<Done>(
        [&](auto done) { m_client.registerPushTarget(proto::WEBHOOK, args[0], done); });
    if (!registered.ok())
        return fail(registered.failure());
    if (!m_json)
        printLine(QStringLiteral("push notifications for this session go to %1").arg(args[0]));
    return Success;
}

} // namespace natter::cli

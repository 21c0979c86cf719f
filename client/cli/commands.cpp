#include "commands.h"

#include "blocking.h"
#include "terminal_text.h"
#include "validation.h"

#include <QDateTime>
#include <QEventLoop>
#include <QTimer>
#include <cstdio>
#include <google/protobuf/util/json_util.h>
#include <iostream>
#include <termios.h>
#include <unistd.h>

namespace natter::cli {

using client::waitFor;
using protocol::fromStd;

namespace {
constexpr auto kDefaultServer = "ws://127.0.0.1:7480";
} // namespace

Commands::Commands(const QCommandLineParser &parser, CliConfig config)
    : m_parser(parser)
    , m_config(std::move(config))
    , m_client(QStringLiteral("natterctl"))
    , m_json(parser.isSet(QStringLiteral("json")))
{
    m_client.connection().setAutoReconnect(false);
    if (m_parser.isSet(QStringLiteral("trust-cert")))
        m_client.connection().setTrustedCertificate(m_parser.value(QStringLiteral("trust-cert")));
    if (m_parser.isSet(QStringLiteral("server")))
        m_config.server = m_parser.value(QStringLiteral("server"));
    if (m_config.server.isEmpty())
        m_config.server = QString::fromLatin1(kDefaultServer);
}

int Commands::run(const QStringList &arguments)
{
    if (arguments.isEmpty())
        return usage(QStringLiteral("name a command"));
    const QString command = arguments.front();
    const QStringList args = arguments.mid(1);
    if (command == QLatin1String("register"))
        return registerUser(args);
    if (command == QLatin1String("login"))
        return login(args);
    if (command == QLatin1String("logout"))
        return logout();
    if (command == QLatin1String("whoami"))
        return whoami();
    if (command == QLatin1String("conversations"))
        return conversations();
    if (command == QLatin1String("dm"))
        return dm(args);
    if (command == QLatin1String("group"))
        return group(args);
    if (command == QLatin1String("send"))
        return send(args);
    if (command == QLatin1String("send-file"))
        return sendFile(args);
    if (command == QLatin1String("download"))
        return download(args);
    if (command == QLatin1String("avatar"))
        return avatar(args);
    if (command == QLatin1String("history"))
        return history(args);
    if (command == QLatin1String("tail"))
        return tail(args);
    if (command == QLatin1String("search"))
        return search(args);
    if (command == QLatin1String("settings"))
        return settings(args);
    if (command == QLatin1String("push-target"))
        return pushTarget(args);
    if (command == QLatin1String("block") || command == QLatin1String("unblock"))
        return block(args, command == QLatin1String("block"));
    if (command == QLatin1String("blocked"))
        return blocked();
    if (command == QLatin1String("accept"))
        return accept(args);
    if (command == QLatin1String("admin"))
        return admin(args);
    return usage(QStringLiteral("unknown command '%1'").arg(command));
}

int Commands::fail(const Failure &failure)
{
    std::fprintf(stderr, "natterctl: %s (%s)\n", qPrintable(terminalSafe(failure.message)),
                 qPrintable(protocol::errorName(failure.code)));
    if (failure.retryAfterMs > 0)
        std::fprintf(stderr, "natterctl: try again in %.1f s\n", failure.retryAfterMs / 1000.0);
    return Failed;
}

int Commands::usage(const QString &message)
{
    std::fprintf(stderr, "natterctl: %s; see natterctl --help\n", qPrintable(message));
    return Usage;
}

void Commands::printLine(const QString &line)
{
    std::fputs(qPrintable(terminalSafe(line) + QLatin1Char('\n')), stdout);
    std::fflush(stdout);
}

void Commands::printJson(const google::protobuf::Message &message)
{
    std::string json;
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    options.always_print_primitive_fields = true;
    (void)google::protobuf::util::MessageToJsonString(message, &json, options);
    std::fputs((json + '\n').c_str(), stdout);
    std::fflush(stdout);
}

void Commands::printMessage(const proto::Message &m)
{
    if (m_json)
        return printJson(m);
    printLine(QStringLiteral("[%1] #%2 %3 %4: %5")
                  .arg(QString::number(m.conversation_id()), QString::number(m.seq()),
                       timeText(m.sent_at_ms()), fromStd(m.sender_username()), fromStd(m.text())));
}

bool Commands::conversationId(const QString &text, quint64 *id)
{
    bool ok = false;
    *id = text.toULongLong(&ok);
    return ok && *id > 0;
}

bool Commands::connectToServer(bool anonymous)
{
    const QUrl url(m_config.server);
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss"))) {
        usage(QStringLiteral("'%1' is not a ws:// or wss:// URL; pass --server URL")
                  .arg(m_config.server));
        return false;
    }
    if (!anonymous) {
        if (m_config.token.isEmpty()) {
            std::fprintf(stderr, "natterctl: not signed in; run natterctl login USER first\n");
            return false;
        }
        m_client.setToken(m_config.token);
    }
    auto connected = client::connectAndWait(m_client, url);
    if (!connected.ok()) {
        fail(connected.failure());
        return false;
    }
    return true;
}

bool Commands::readPassword(QString *password)
{
    std::string line;
    if (m_parser.isSet(QStringLiteral("password-stdin"))) {
        std::getline(std::cin, line);
    } else {
        if (!isatty(STDIN_FILENO)) {
            usage(QStringLiteral("no terminal to ask for the password; pass --password-stdin"));
            return false;
        }
        std::fputs("Password: ", stderr);
        termios saved{};
        tcgetattr(STDIN_FILENO, &saved);
        termios silent = saved;
        silent.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &silent);
        std::getline(std::cin, line);
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fputs("\n", stderr);
    }
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    *password = QString::fromStdString(line);
    return true;
}

bool Commands::saveSession()
{
    m_config.token = m_client.token();
    m_config.username = fromStd(m_client.user().username());
    QString error;
    if (!m_config.save(&error)) {
        std::fprintf(stderr, "natterctl: signed in, but %s; check NATTER_CONFIG_DIR\n",
                     qPrintable(error));
        return false;
    }
    return true;
}

int Commands::registerUser(const QStringList &args)
{
    if (args.size() != 1)
        return usage(QStringLiteral("usage: register USER [--display-name NAME] [--invite CODE]"));
    if (const QString problem = validation::usernameProblem(args[0]); !problem.isEmpty())
        return usage(problem);
    QString password;
    if (!readPassword(&password))
        return Usage;
    if (!connectToServer(true))
        return Failed;
    auto reply = waitFor<proto::AuthReply>([&](auto done) {
        m_client.registerUser(args[0], password, m_parser.value(QStringLiteral("display-name")),
                              done, m_parser.value(QStringLiteral("invite")));
    });
    if (!reply.ok())
        return fail(reply.failure());
    if (!saveSession())
        return Failed;
    if (m_json)
        printJson(reply.value().user());
    else
        printLine(QStringLiteral("registered %1 (user id %2); signed in")
                      .arg(fromStd(reply.value().user().username()))
                      .arg(reply.value().user().id()));
    return Success;
}

int Commands::login(const QStringList &args)
{
    if (args.size() != 1)
        return usage(QStringLiteral("usage: login USER"));
    QString password;
    if (!readPassword(&password))
        return Usage;
    if (!connectToServer(true))
        return Failed;
    auto reply =
        waitFor<proto::AuthReply>([&](auto done) { m_client.login(args[0], password, done); });
    if (!reply.ok())
        return fail(reply.failure());
    if (!saveSession())
        return Failed;
    if (m_json)
        printJson(reply.value().user());
    else
        printLine(QStringLiteral("signed in as %1").arg(fromStd(reply.value().user().username())));
    return Success;
}

int Commands::logout()
{
    if (!connectToServer(false))
        return Failed;
    auto done = waitFor<Done>([&](auto callback) { m_client.logout(callback); });
    if (!done.ok())
        return fail(done.failure());
    m_config.token.clear();
    QString error;
    if (!m_config.save(&error))
        return fail(Failure{proto::INTERNAL, error});
    if (!m_json)
        printLine(QStringLiteral("signed out"));
    else
        printJson(proto::Ok());
    return Success;
}

int Commands::whoami()
{
    if (!connectToServer(false))
        return Failed;
    if (m_json)
        printJson(m_client.user());
    else
        printLine(
            QStringLiteral("%1 (%2, user id %3) on %4")
                .arg(fromStd(m_client.user().username()), fromStd(m_client.user().display_name()))
                .arg(m_client.user().id())
                .arg(m_config.server));
    return Success;
}

int Commands::conversations()
{
    if (!connectToServer(false))
        return Failed;
    QString cursor;
    do {
        auto page = waitFor<proto::ConversationsReply>(
            [&](auto done) { m_client.conversations(cursor, 0, done); });
        if (!page.ok())
            return fail(page.failure());
        for (const auto &summary : page.value().conversations()) {
            if (m_json) {
                printJson(summary);
                continue;
            }
            const auto &c = summary.conversation();
            QString line = QStringLiteral("%1\t%2\t%3\tunread %4")
                               .arg(QString::number(c.id()),
                                    c.kind() == proto::GROUP ? QStringLiteral("group")
                                                             : QStringLiteral("direct"),
                                    fromStd(c.title()))
                               .arg(summary.unread_count());
            if (summary.is_request())
                line += QStringLiteral("\tmessage request: accept or reply to accept, or block");
            if (summary.has_last_message())
                line += QStringLiteral("\t%1: %2")
                            .arg(fromStd(summary.last_message().sender_username()),
                                 fromStd(summary.last_message().text()).left(60));
            printLine(line);
        }
        cursor = fromStd(page.value().next_cursor());
    } while (!cursor.isEmpty());
    return Success;
}

int Commands::dm(const QStringList &args)
{
    if (args.size() != 1)
        return usage(QStringLiteral("usage: dm USER"));
    if (!connectToServer(false))
        return Failed;
    auto conversation =
        waitFor<proto::Conversation>([&](auto done) { m_client.createDirect(args[0], done); });
    if (!conversation.ok())
        return fail(conversation.failure());
    m_json ? printJson(conversation.value())
           : printLine(QString::number(conversation.value().id()));
    return Success;
}

int Commands::group(const QStringList &args)
{
    const QString sub = args.value(0);
    if (sub == QLatin1String("create")) {
        if (args.size() < 2)
            return usage(QStringLiteral("usage: group create TITLE USER..."));
        if (!connectToServer(false))
            return Failed;
        auto conversation = waitFor<proto::Conversation>(
            [&](auto done) { m_client.createGroup(args[1], args.mid(2), done); });
        if (!conversation.ok())
            return fail(conversation.failure());
        m_json ? printJson(conversation.value())
               : printLine(QString::number(conversation.value().id()));
        return Success;
    }
    if (sub == QLatin1String("add") || sub == QLatin1String("remove")) {
        quint64 id = 0;
        if (args.size() < 3 || !conversationId(args[1], &id))
            return usage(QStringLiteral("usage: group %1 CONV USER...").arg(sub));
        if (!connectToServer(false))
            return Failed;
        auto conversation = waitFor<proto::Conversation>([&](auto done) {
            if (sub == QLatin1String("add"))
                m_client.addMembers(id, args.mid(2), done);
            else
                m_client.removeMembers(id, args.mid(2), done);
        });
        if (!conversation.ok())
            return fail(conversation.failure());
        if (m_json) {
            printJson(conversation.value());
        } else {
            QStringList members;
            for (const auto &member : conversation.value().members())
                members.append(fromStd(member.user().username()));
            printLine(QStringLiteral("%1 members: %2").arg(id).arg(members.join(QLatin1Char(' '))));
        }
        return Success;
    }
    return usage(QStringLiteral("usage: group create|add|remove ..."));
}

int Commands::send(const QStringList &args)
{
    quint64 id = 0;
    if (args.size() != 2 || !conversationId(args[0], &id))
        return usage(QStringLiteral("usage: send CONV TEXT [--id CLIENT_MSG_ID]"));
    QString clientMsgId = m_parser.value(QStringLiteral("id"));
    if (clientMsgId.isEmpty())
        clientMsgId = client::Client::newClientMsgId();
    if (!connectToServer(false))
        return Failed;
    auto sent = waitFor<proto::SendMessageReply>(
        [&](auto done) { m_client.sendMessage(id, clientMsgId, args[1], done); });
    if (!sent.ok())
        return fail(sent.failure());
    m_json ? printJson(sent.value()) : printLine(QString::number(sent.value().seq()));
    return Success;
}

int Commands::history(const QStringList &args)
{
    quint64 id = 0;
    if (args.size() != 1 || !conversationId(args[0], &id))
        return usage(QStringLiteral("usage: history CONV [--before SEQ] [--limit N]"));
    const quint64 before = m_parser.value(QStringLiteral("before")).toULongLong();
    const quint64 after = m_parser.value(QStringLiteral("after")).toULongLong();
    const quint32 limit = m_parser.value(QStringLiteral("limit")).toUInt();
    if (!connectToServer(false))
        return Failed;
    auto page = waitFor<proto::MessagesReply>(
        [&](auto done) { m_client.messages(id, before, after, limit, done); });
    if (!page.ok())
        return fail(page.failure());
    for (const auto &message : page.value().messages())
        printMessage(message);
    return Success;
}

int Commands::tail(const QStringList &args)
{
    quint64 only = 0;
    if (args.size() > 1 || (args.size() == 1 && !conversationId(args[0], &only)))
        return usage(QStringLiteral("usage: tail [CONV] [--count N] [--timeout SECONDS]"));
    const int count = m_parser.value(QStringLiteral("count")).toInt();
    const int timeout = m_parser.value(QStringLiteral("timeout")).toInt();
    if (!connectToServer(false))
        return Failed;
    QEventLoop loop;
    int seen = 0;
    int exitCode = Success;
    QObject::connect(&m_client, &client::Client::messageReceived, &loop,
                     [&](const proto::Message &message) {
                         if (only != 0 && message.conversation_id() != only)
                             return;
                         printMessage(message);
                         if (count > 0 && ++seen >= count)
                             loop.quit();
                     });
    QObject::connect(
        &m_client, &client::Client::conversationChanged, &loop,
        [&](const proto::ConversationEvent &event) {
            if (only != 0 && event.conversation().id() != only)
                return;
            if (m_json)
                printJson(event);
            else
                printLine(QStringLiteral("[%1] conversation %2: %3")
                              .arg(event.conversation().id())
                              .arg(fromStd(proto::ConversationEvent::Change_Name(event.change())))
                              .arg(fromStd(event.conversation().title())));
        });
    QObject::connect(&m_client.connection(), &client::Connection::stateChanged, &loop,
                     [&](client::Connection::State state) {
                         if (state == client::Connection::State::Disconnected) {
                             std::fprintf(stderr, "natterctl: the server closed the connection\n");
                             exitCode = Failed;
                             loop.quit();
                         }
                     });
    if (timeout > 0)
        QTimer::singleShot(timeout * 1000, &loop, &QEventLoop::quit);
    // Signed in and subscribed: what is sent from now on is printed (scripts wait for this).
    std::fprintf(stderr, "natterctl: listening for messages; Ctrl+C stops\n");
    std::fflush(stderr);
    loop.exec();
    if (count > 0 && seen < count && exitCode == Success) {
        std::fprintf(stderr, "natterctl: %d of %d messages arrived before the timeout\n", seen,
                     count);
        return Failed;
    }
    return exitCode;
}

} // namespace natter::cli

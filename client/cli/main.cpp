// natterctl: the command-line client. Parses options and runs one command.
#include "commands.h"
#include "version.h"

#include <QCoreApplication>
#include <sys/stat.h>

int main(int argc, char *argv[])
{
    umask(077); // anything natterctl writes (the session file) is for this user only
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("natterctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(NATTER_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "natterctl, the Natter command-line client.\n\nCommands:\n"
        "  register USER [--display-name NAME]   create an account and sign in\n"
        "  login USER                            sign in (password from prompt or stdin)\n"
        "  logout                                end the saved session\n"
        "  whoami                                show the signed-in user\n"
        "  conversations                         list conversations, newest first\n"
        "  dm USER                               open a direct conversation; prints its id\n"
        "  group create TITLE USER...            create a group; prints its id\n"
        "  group add CONV USER...                add members (group admins)\n"
        "  group remove CONV USER...             remove members (group admins)\n"
        "  send CONV TEXT [--id CLIENT_MSG_ID]   send a message; prints its seq\n"
        "  send-file CONV PATH [--caption TEXT]  upload a file and send it; prints the seq\n"
        "  download CONV SEQ [--out PATH]        save the file a message carries\n"
        "  avatar set PATH | avatar remove       set or remove your profile photo\n"
        "  history CONV [--before SEQ] [--after SEQ] [--limit N]\n"
        "  tail [CONV] [--count N] [--timeout SECONDS]   print messages as they arrive\n"
        "  search QUERY [--conv ID] [--from USER] [--files] [--relevance] [--limit N]\n"
        "                                        find messages (every word, any part of it)\n"
        "  settings [--hide-last-seen on|off] [--previews on|off] [--email ADDRESS]\n"
        "           [--digest on|off] [--who-can-add everyone|contacts|nobody]\n"
        "                                        show or change account settings\n"
        "  block USER | unblock USER | blocked   who may not reach you\n"
        "  accept CONV                           accept a message request (replying does too)\n"
        "  push-target URL                       send this session's push notifications to a "
        "webhook\n"
        "  admin push-stats|server-stats         push queue counts, connections and cache\n"
        "  admin sessions USER                   a user's live sessions (id, device, expiry)\n"
        "  admin sessions revoke USER [ID]       end one or all of them, connections included\n"
        "  admin grant|ungrant USER              give or take admin rights\n"
        "  admin user create USER                make an account (closed registration)\n"
        "  admin invite                          a single-use invite code (a week)\n"
        "                                        (admin commands need admin rights: natterd\n"
        "                                        --grant-admin USER gives the first)"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("What to do."));
    parser.addOptions({
        {QStringLiteral("server"), QStringLiteral("natterd URL (default ws://127.0.0.1:7480)."),
         QStringLiteral("URL")},
        {QStringLiteral("json"), QStringLiteral("Print one JSON object per line.")},
        {QStringLiteral("trust-cert"),
         QStringLiteral("Trust the wss:// server certificate with this SHA-256 fingerprint "
                        "(for self-signed servers; check it with the admin)."),
         QStringLiteral("SHA256")},
        {QStringLiteral("password-stdin"), QStringLiteral("Read the password from stdin.")},
        {QStringLiteral("display-name"), QStringLiteral("Display name for register."),
         QStringLiteral("NAME")},
        {QStringLiteral("invite"), QStringLiteral("register: an invite code from an admin."),
         QStringLiteral("CODE")},
        {QStringLiteral("id"), QStringLiteral("client_msg_id for send (retries reuse it)."),
         QStringLiteral("ID")},
        {QStringLiteral("caption"), QStringLiteral("send-file: text sent with the file."),
         QStringLiteral("TEXT")},
        {QStringLiteral("out"), QStringLiteral("download: where to save (a file or folder)."),
         QStringLiteral("PATH")},
        {QStringLiteral("before"), QStringLiteral("history: messages before this seq."),
         QStringLiteral("SEQ")},
        {QStringLiteral("after"), QStringLiteral("history: messages after this seq."),
         QStringLiteral("SEQ")},
        {QStringLiteral("limit"), QStringLiteral("history, search: at most N messages."),
         QStringLiteral("N")},
        {QStringLiteral("conv"), QStringLiteral("search: only this conversation."),
         QStringLiteral("ID")},
        {QStringLiteral("from"), QStringLiteral("search: only messages this user sent."),
         QStringLiteral("USER")},
        {QStringLiteral("files"), QStringLiteral("search: only messages with files.")},
        {QStringLiteral("relevance"),
         QStringLiteral("search: best matches first (default: newest first).")},
        {QStringLiteral("count"), QStringLiteral("tail: stop after N messages."),
         QStringLiteral("N")},
        {QStringLiteral("timeout"), QStringLiteral("tail: stop after SECONDS."),
         QStringLiteral("SECONDS")},
        {QStringLiteral("hide-last-seen"), QStringLiteral("settings: hide your last-seen time."),
         QStringLiteral("on|off")},
        {QStringLiteral("previews"),
         QStringLiteral("settings: message text in push "
                        "notifications."),
         QStringLiteral("on|off")},
        {QStringLiteral("email"), QStringLiteral("settings: address for digests (\"\" for none)."),
         QStringLiteral("ADDRESS")},
        {QStringLiteral("who-can-add"), QStringLiteral("settings: who may add you to groups."),
         QStringLiteral("everyone|contacts|nobody")},
        {QStringLiteral("digest"),
         QStringLiteral("settings: e-mail digests after a long "
                        "absence."),
         QStringLiteral("on|off")},
    });
    parser.process(app);

    natter::cli::Commands commands(parser, natter::cli::CliConfig::load());
    return commands.run(parser.positionalArguments());
}

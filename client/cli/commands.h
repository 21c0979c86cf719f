#pragma once

#include "cli_config.h"
#include "client.h"

#include <QCommandLineParser>
#include <google/protobuf/message.h>

namespace natter::cli {

/// Exit codes: 0 success, 1 the server or network said no, 2 wrong usage.
enum ExitCode { Success = 0, Failed = 1, Usage = 2 };

/// natterctl's commands. Each prints text, or with --json one JSON object per line.
class Commands {
public:
    Commands(const QCommandLineParser &parser, CliConfig config);

    [[nodiscard]] int run(const QStringList &arguments);

private:
    int registerUser(const QStringList &args);
    int login(const QStringList &args);
    int logout();
    int whoami();
    int conversations();
    int dm(const QStringList &args);
    int group(const QStringList &args);
    int send(const QStringList &args);
    int sendFile(const QStringList &args);
    int download(const QStringList &args);
    int avatar(const QStringList &args);
    int history(const QStringList &args);
    int tail(const QStringList &args);
    int search(const QStringList &args);
    /// One search hit on one line, the matched parts in bold on a terminal.
    void printHit(const proto::SearchHit &hit);
    int settings(const QStringList &args);
    int pushTarget(const QStringList &args);
    int block(const QStringList &args, bool block);
    int blocked();
    int accept(const QStringList &args);
    int admin(const QStringList &args);
    int adminSessions(const QStringList &args);
    int adminGrant(const QStringList &args, bool grant);
    int adminCreateUser(const QStringList &args);
    int adminInvite();
    /// Sends one request and waits for its reply.
    [[nodiscard]] Result<proto::Envelope> request(const proto::Envelope &envelope);

    /// Connects and, unless `anonymous`, resumes the saved session.
    [[nodiscard]] bool connectToServer(bool anonymous);
    [[nodiscard]] bool readPassword(QString *password);
    [[nodiscard]] bool saveSession();
    int fail(const Failure &failure);
    int usage(const QString &message);
    [[nodiscard]] bool conversationId(const QString &text, quint64 *id);
    void printJson(const google::protobuf::Message &message);
    void printLine(const QString &line);
    void printMessage(const proto::Message &message);

    const QCommandLineParser &m_parser;
    CliConfig m_config;
    client::Client m_client;
    bool m_json = false;
};

} // namespace natter::cli

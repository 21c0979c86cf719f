#include "commands.h"

#include "blocking.h"
#include "terminal_text.h"

#include <cstdio>
#include <unistd.h>

namespace natter::cli {

using client::waitFor;
using protocol::fromStd;

int Commands::search(const QStringList &args)
{
    const QString usageText = QStringLiteral(
        "usage: search QUERY [--conv ID] [--from USER] [--files] [--relevance] [--limit N]");
    if (args.isEmpty())
        return usage(usageText);
    proto::SearchRequest request;
    request.set_query(args.join(QLatin1Char(' ')).toStdString());
    if (m_parser.isSet(QStringLiteral("conv"))) {
        quint64 id = 0;
        if (!conversationId(m_parser.value(QStringLiteral("conv")), &id))
            return usage(usageText);
        request.set_conversation_id(id);
    }
    request.set_from_username(m_parser.value(QStringLiteral("from")).toStdString());
    request.set_has_attachment(m_parser.isSet(QStringLiteral("files")));
    request.set_order(m_parser.isSet(QStringLiteral("relevance")) ? proto::RELEVANCE
                                                                  : proto::NEWEST_FIRST);
    const int wanted = m_parser.isSet(QStringLiteral("limit"))
                           ? m_parser.value(QStringLiteral("limit")).toInt()
                           : 20;
    if (wanted < 1)
        return usage(QStringLiteral("--limit must be a positive number"));
    if (!connectToServer(false))
        return Failed;
    // A page may come back short where the server stopped at its work bound: follow the
    // cursor until enough hits came or there are no more.
    int printed = 0;
    do {
        request.set_limit(quint32(wanted - printed));
        auto page = waitFor<proto::SearchReply>([&](auto done) { m_client.search(request, done); });
        if (!page.ok())
            return fail(page.failure());
        for (const auto &hit : page.value().hits())
            printHit(hit);
        printed += page.value().hits_size();
        request.set_cursor(page.value().next_cursor());
    } while (printed < wanted && !request.cursor().empty());
    if (printed == 0 && !m_json)
        std::fprintf(stderr, "natterctl: no messages match\n");
    return Success;
}

void Commands::printHit(const proto::SearchHit &hit)
{
    if (m_json)
        return printJson(hit);
    const proto::Message &m = hit.message();
    QString line =
        terminalSafe(QStringLiteral("[%1] #%2 %3 %4: ")
                         .arg(QString::number(m.conversation_id()), QString::number(m.seq()),
                              timeText(m.sent_at_ms()), fromStd(m.sender_username())));
    const QString snippet = fromStd(hit.snippet());
    const bool terminal = ::isatty(STDOUT_FILENO) != 0;
    qsizetype at = 0;
    for (const auto &range : hit.ranges()) {
        const qsizetype start = qBound<qsizetype>(at, range.start(), snippet.size());
        const qsizetype end = qBound<qsizetype>(start, start + range.length(), snippet.size());
        line += terminalSafe(snippet.mid(at, start - at));
        const QString matched = terminalSafe(snippet.mid(start, end - start));
        line +=
            terminal ? QStringLiteral("\x1b[1m") + matched + QStringLiteral("\x1b[0m") : matched;
        at = end;
    }
    line += terminalSafe(snippet.mid(at)) + QLatin1Char('\n');
    std::fputs(qPrintable(line), stdout);
    std::fflush(stdout);
}

} // namespace natter::cli

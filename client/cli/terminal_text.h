#pragma once

#include <QDateTime>
#include <QString>

namespace natter::cli {

/// Text from the server made safe for a terminal: control characters (ESC, BEL, CR, C1's
/// CSI…) and bidi overrides/isolates are shown as escapes (\x1b, \u202e) instead of being
/// obeyed, so a received message cannot retitle or clear the terminal, move the cursor or
/// reverse what follows it. Tabs stay: natterctl separates columns with them.
[[nodiscard]] inline QString terminalSafe(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        const char16_t u = c.unicode();
        const bool control = (u < 0x20 && u != u'\t') || (u >= 0x7f && u <= 0x9f);
        const bool bidi = (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069) ||
                          u == 0x200e || u == 0x200f || u == 0x061c;
        if (control)
            out += QStringLiteral("\\x%1").arg(uint(u), 2, 16, QLatin1Char('0'));
        else if (bidi)
            out += QStringLiteral("\\u%1").arg(uint(u), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

/// A message time as natterctl prints it (local time).
[[nodiscard]] inline QString timeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace natter::cli

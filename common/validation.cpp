#include "validation.h"

#include <QRegularExpression>
#include <QUrl>

namespace natter::validation {

namespace {
bool isUsernameChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') ||
           u == u'_' || u == u'.' || u == u'-';
}

/// Characters that change how the text around them is shown without being visible:
/// bidi embeddings, overrides, isolates and marks, zero-width spaces and joiners, BOM.
bool isInvisibleFormatting(char16_t u)
{
    return (u >= 0x200B && u <= 0x200F) || (u >= 0x202A && u <= 0x202E) ||
           (u >= 0x2060 && u <= 0x2069) || u == 0xFEFF || u == 0x061C || u == 0x180E;
}
} // namespace

QString usernameProblem(const QString &username)
{
    if (username.size() < kUsernameMinLength || username.size() > kUsernameMaxLength)
        return QStringLiteral("a username must be %1 to %2 characters long")
            .arg(kUsernameMinLength)
            .arg(kUsernameMaxLength);
    for (QChar c : username) {
        if (!isUsernameChar(c))
            return QStringLiteral("a username may contain only letters a-z, digits, '_', '.' "
                                  "and '-'");
    }
    if (!username.front().isLetterOrNumber())
        return QStringLiteral("a username must start with a letter or digit");
    return {};
}

QString passwordProblem(const QByteArray &passwordUtf8)
{
    if (!passwordUtf8.isValidUtf8())
        return QStringLiteral("the password is not valid UTF-8");
    if (QString::fromUtf8(passwordUtf8).size() < kPasswordMinLength)
        return QStringLiteral("a password must be at least %1 characters long")
            .arg(kPasswordMinLength);
    if (passwordUtf8.size() > kPasswordMaxBytes)
        return QStringLiteral("a password may be at most %1 bytes long").arg(kPasswordMaxBytes);
    return {};
}

QString displayNameProblem(const QString &displayName)
{
    if (displayName.size() > kDisplayNameMaxLength)
        return QStringLiteral("a display name may be at most %1 characters long")
            .arg(kDisplayNameMaxLength);
    for (QChar c : displayName) {
        if (c.category() == QChar::Other_Control)
            return QStringLiteral("a display name may not contain control characters");
    }
    return {};
}

QString groupTitleProblem(const QString &title)
{
    if (title.trimmed().isEmpty())
        return QStringLiteral("a group needs a title");
    if (title.size() > kGroupTitleMaxLength)
        return QStringLiteral("a group title may be at most %1 characters long")
            .arg(kGroupTitleMaxLength);
    return {};
}

QString deviceNameProblem(const QString &deviceName)
{
    if (deviceName.size() > kDeviceNameMaxLength)
        return QStringLiteral("a device name may be at most %1 characters long")
            .arg(kDeviceNameMaxLength);
    return {};
}

QString cleanDisplayText(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        if (c.isSpace())
            out.append(QChar(u' ')); // newlines and tabs too
        else if (c.category() != QChar::Other_Control && !isInvisibleFormatting(c.unicode()))
            out.append(c);
    }
    return out.simplified();
}

QString shownName(const QString &displayName, const QString &username)
{
    if (displayName.isEmpty())
        return username;
    if (displayName.compare(username, Qt::CaseInsensitive) == 0)
        return displayName;
    return QStringLiteral("%1 (@%2)").arg(displayName, username);
}

QString quoted(const QString &input)
{
    QString out = input.left(kQuotedMaxLength);
    if (out.size() == kQuotedMaxLength && out.back().isHighSurrogate())
        out.chop(1);
    for (QChar &c : out) {
        if (c.category() == QChar::Other_Control || isInvisibleFormatting(c.unicode()))
            c = QChar(u'?');
    }
    if (out.size() < input.size())
        out += QChar(0x2026);
    return out;
}

QString emailProblem(const QString &address)
{
    static const QRegularExpression pattern(
        QStringLiteral("^[^\\s@<>\"]+@[^\\s@<>\"]+\\.[^\\s@<>\"]+$"));
    if (address.size() > kEmailMaxLength || !pattern.match(address).hasMatch())
        return QStringLiteral("'%1' is not an e-mail address").arg(quoted(address));
    return {};
}

QString pushUrlProblem(const QString &text)
{
    if (text.size() > kPushUrlMaxLength)
        return QStringLiteral("the URL is longer than %1 characters").arg(kPushUrlMaxLength);
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return QStringLiteral("'%1' is not an http:// or https:// URL").arg(quoted(text));
    if (!url.userInfo().isEmpty())
        return QStringLiteral("push URLs may not carry a user name or password; give the push "
                              "gateway a token in the path instead");
    return {};
}

QString usernameKey(const QString &username)
{
    return username.toLower();
}

} // namespace natter::validation

#pragma once
/// Input rules shared by the server (which enforces them) and clients (which check early).

#include <QByteArray>
#include <QString>

namespace natter::validation {

inline constexpr int kUsernameMinLength = 3;
inline constexpr int kUsernameMaxLength = 32;
inline constexpr int kPasswordMinLength = 8;
inline constexpr int kPasswordMaxBytes = 1024;
inline constexpr int kDisplayNameMaxLength = 64;
inline constexpr int kGroupTitleMaxLength = 100;
inline constexpr int kClientMsgIdMaxBytes = 64;
inline constexpr int kDeviceNameMaxLength = 64;
inline constexpr int kEmailMaxLength = 254;
inline constexpr int kPushUrlMaxLength = 2048;
/// How much of a client's input an error message quotes.
inline constexpr int kQuotedMaxLength = 40;

/// Empty when valid, otherwise a sentence saying what is wrong.
/// Usernames: 3–32 characters of a–z, A–Z, 0–9, '_', '.', '-', starting with a letter or digit.
[[nodiscard]] QString usernameProblem(const QString &username);
[[nodiscard]] QString passwordProblem(const QByteArray &passwordUtf8);
[[nodiscard]] QString displayNameProblem(const QString &displayName);
[[nodiscard]] QString groupTitleProblem(const QString &title);
[[nodiscard]] QString deviceNameProblem(const QString &deviceName);
/// E-mail addresses (digests): name@domain.tld, at most 254 characters, no spaces or <>".
[[nodiscard]] QString emailProblem(const QString &address);
/// Push target URLs: http:// or https:// with a host, no user:password@, at most 2048
/// characters. (Where the host may be is natterd's TargetPolicy, checked when resolved.)
[[nodiscard]] QString pushUrlProblem(const QString &url);

/// A name as others will see it: without control characters (newlines, NUL, ESC), bidi
/// overrides and isolates, and zero-width characters, which let one name pose as another
/// or rearrange the text around it; runs of spaces become one, the ends are trimmed.
[[nodiscard]] QString cleanDisplayText(const QString &text);

/// How to show a user: the display name, with "(@username)" after it when it is not just the
/// username, so that a display name cannot pose as another account.
[[nodiscard]] QString shownName(const QString &displayName, const QString &username);

/// A short, printable prefix of client input for an error message: at most
/// kQuotedMaxLength characters, control characters shown as '?', "…" when cut.
[[nodiscard]] QString quoted(const QString &input);

/// The case-insensitive key under which usernames are unique.
[[nodiscard]] QString usernameKey(const QString &username);

} // namespace natter::validation

#pragma once
/// Starting and stopping a natterd process from another program: what the test fixture and
/// natter-bench share (the listening line natterd prints, --grant-admin, SIGTERM).

#include "result.h"

#include <QProcess>
#include <QStringList>
#include <QUrl>

namespace natter::launcher {

/// natterd's first line on stdout once it accepts connections (server/main.cpp prints it),
/// followed by its ws:// or wss:// URL.
inline constexpr char kListeningPrefix[] = "natterd listening on ";

/// Waits for the listening line of the natterd `process` runs; its URL, or a Failure that
/// says what natterd printed instead (or that it printed nothing in time).
[[nodiscard]] Result<QUrl> waitUntilListening(QProcess &process, int timeoutMs);

/// Runs `binary options... --grant-admin username` to its end (natterd may be running on the
/// same data dir). With `newPassword`, an account that does not exist yet is made.
[[nodiscard]] Result<Done> grantAdmin(const QString &binary, const QStringList &options,
                                      const QString &username, const QString &newPassword = {},
                                      int timeoutMs = 30'000);

/// SIGTERM, then waits up to `timeoutMs`: natterd's exit code, or -1 when it did not stop in
/// time or crashed.
[[nodiscard]] int terminate(QProcess &process, int timeoutMs);

} // namespace natter::launcher

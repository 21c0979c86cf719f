#pragma once

#include <QString>

namespace natter::cli {

/// natterctl's saved state: the server URL and the session token, in a file only the user can
/// read (mode 0600), in $NATTER_CONFIG_DIR or the platform's config folder.
struct CliConfig {
    QString server;
    QString token;
    QString username;

    [[nodiscard]] static QString path();
    [[nodiscard]] static CliConfig load();
    /// Writes atomically with mode 0600; false with `error` set when it cannot.
    [[nodiscard]] bool save(QString *error) const;
};

} // namespace natter::cli

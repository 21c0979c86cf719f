#pragma once

#include <QMutex>
#include <QSslConfiguration>
#include <QString>

namespace natter::server::gateway {

/// natterd's certificate and key for wss://, read from PEM files and read again on reload
/// (SIGHUP), so that a renewed certificate takes effect without a restart. New connections
/// get the current one; open connections keep theirs. Thread-safe.
class TlsCredentials {
public:
    TlsCredentials(QString certificateFile, QString keyFile);

    /// Reads both files; on failure keeps what it had and says why in `error`.
    [[nodiscard]] bool load(QString *error);
    [[nodiscard]] QSslConfiguration current() const;
    /// "CN=… (expires …)" of the current certificate, for the log.
    [[nodiscard]] QString describe() const;

private:
    const QString m_certificateFile;
    const QString m_keyFile;
    mutable QMutex m_mutex;
    QSslConfiguration m_configuration;
};

} // namespace natter::server::gateway

#include "cli_config.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

namespace natter::cli {

QString CliConfig::path()
{
    QString dir = qEnvironmentVariable("NATTER_CONFIG_DIR");
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
              QStringLiteral("/natter");
    return dir + QStringLiteral("/natterctl.json");
}

CliConfig CliConfig::load()
{
    CliConfig config;
    QFile file(path());
    if (!file.open(QIODevice::ReadOnly))
        return config;
    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
    config.server = json.value(QStringLiteral("server")).toString();
    config.token = json.value(QStringLiteral("token")).toString();
    config.username = json.value(QStringLiteral("username")).toString();
    return config;
}

bool CliConfig::save(QString *error) const
{
    const QString file = path();
    if (!QDir().mkpath(QFileInfo(file).absolutePath())) {
        *error = QStringLiteral("cannot create %1").arg(QFileInfo(file).absolutePath());
        return false;
    }
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(file, out.errorString());
        return false;
    }
    // The token is a credential: owner-only before any byte of it is written.
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QJsonObject json{{QStringLiteral("server"), server},
                     {QStringLiteral("token"), token},
                     {QStringLiteral("username"), username}};
    out.write(QJsonDocument(json).toJson());
    if (!out.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(file, out.errorString());
        return false;
    }
    QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

} // namespace natter::cli

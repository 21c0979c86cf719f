// natter: the desktop client. Picks the profile folder and the token store, then starts.
#include "desktop_client.h"
#include "notifier.h"
#include "theme.h"
#include "token_store.h"
#include "version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QStandardPaths>
#include <QTranslator>
#include <cstdio>
#include <memory>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("natter"));
    QApplication::setApplicationDisplayName(QStringLiteral("Natter"));
    QApplication::setApplicationVersion(QStringLiteral(NATTER_VERSION));

    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("natter"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Natter desktop client"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption server(QStringLiteral("server"),
                                    QApplication::translate("main", "Server to offer at sign-in."),
                                    QStringLiteral("URL"), QStringLiteral("ws://127.0.0.1:7480"));
    const QCommandLineOption profile(
        QStringLiteral("profile"),
        QApplication::translate("main", "Folder for settings and caches."), QStringLiteral("DIR"));
    const QCommandLineOption tokenFile(
        QStringLiteral("token-file"),
        QApplication::translate("main", "Keep the session in a file only you can read, for "
                                        "systems without a keychain."));
    const QCommandLineOption trustCert(
        QStringLiteral("trust-cert"),
        QApplication::translate("main", "Trust the wss:// server certificate with this SHA-256 "
                                        "fingerprint (self-signed servers)."),
        QStringLiteral("SHA256"));
    const QCommandLineOption theme(
        QStringLiteral("theme"),
        QApplication::translate("main", "Colours: light, dark or system (the default)."),
        QStringLiteral("light|dark|system"), QStringLiteral("system"));
    parser.addOptions({server, profile, tokenFile, trustCert, theme});
    parser.process(app);
    const auto chosenTheme = natter::app::themeFromName(parser.value(theme));
    if (!chosenTheme) {
        std::fprintf(stderr, "%s\n",
                     qPrintable(natter::app::unknownThemeMessage(parser.value(theme))));
        return 2;
    }
    natter::app::applyTheme(*chosenTheme);

    const QString profileDir =
        parser.isSet(profile) ? parser.value(profile)
                              : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    std::unique_ptr<natter::app::TokenStore> tokens;
    if (parser.isSet(tokenFile))
        tokens = std::make_unique<natter::app::FileTokenStore>(profileDir);
    else
        tokens = std::make_unique<natter::app::KeychainTokenStore>();
    natter::app::TrayNotifier notifier;
    natter::app::DesktopClient client({profileDir, parser.value(server), parser.value(trustCert)},
                                      *tokens, notifier);
    client.start();
    return QApplication::exec();
}

#pragma once

#include "account_session.h"
#include "client.h"
#include "idle_watcher.h"

#include <QObject>
#include <QPointer>
#include <memory>

class QSettings;

namespace natter::app {

class MainWindow;
class Notifier;
class SignInDialog;
class TokenStore;

/// One desktop client instance: its profile folder (settings and caches), its connection, and
/// the window it shows. Nothing here is process-wide, so a test can run two side by side.
class DesktopClient : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString profileDir;         // settings, caches
        QString serverUrl;          // default for the sign-in dialog
        QString trustedCertificate; // SHA-256 of a self-signed server certificate to accept
    };

    DesktopClient(Options options, TokenStore &tokens, Notifier &notifier,
                  QObject *parent = nullptr);
    ~DesktopClient() override;

    /// Offline-first: with a saved session the main window opens at once from the cache while
    /// the connection resumes in the background; otherwise the sign-in dialog.
    void start();

    [[nodiscard]] client::Client &client() { return m_client; }
    [[nodiscard]] SignInDialog *signInDialog() const;
    [[nodiscard]] MainWindow *mainWindow() const { return m_window.get(); }
    [[nodiscard]] AccountSession *session() const { return m_session.get(); }
    /// A message for the user that is not an error of the current action (e.g. no keychain).
    [[nodiscard]] const QString &notice() const { return m_notice; }

    /// The token store's name for an account ("user@host:port").
    [[nodiscard]] static QString accountKey(const QString &serverUrl, const QString &username);
    /// Where the account's local cache lives in `profileDir`.
    [[nodiscard]] static QString cacheDirIn(const QString &profileDir, const QString &serverUrl,
                                            const QString &username);
    /// The settings keys naming the saved session.
    static const QString kServerKey;
    static const QString kUserKey;

signals:
    void mainWindowShown();

private:
    void showSignIn();
    void openSession(const QString &serverUrl, const QString &username);
    void signOut();

    Options m_options;
    TokenStore &m_tokens;
    Notifier &m_notifier;
    std::unique_ptr<QSettings> m_settings;
    client::Client m_client;
    std::unique_ptr<AccountSession> m_session;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<IdleWatcher> m_idle;
    QPointer<SignInDialog> m_dialog;
    QString m_notice;
};

} // namespace natter::app

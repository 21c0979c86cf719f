#include "desktop_client.h"

#include "main_window.h"
#include "notifier.h"
#include "sign_in_dialog.h"
#include "token_store.h"

#include <QDir>
#include <QSettings>
#include <QStatusBar>
#include <QUrl>

namespace natter::app {

namespace {
const QString kNotifyKey = QStringLiteral("notifications/enabled");
const QString kMediaLimitKey = QStringLiteral("media/cache-limit-mb");
const QString kAwayAfterKey = QStringLiteral("presence/away-after-minutes");
} // namespace

const QString DesktopClient::kServerKey = QStringLiteral("session/server");
const QString DesktopClient::kUserKey = QStringLiteral("session/username");

DesktopClient::DesktopClient(Options options, TokenStore &tokens, Notifier &notifier,
                             QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_tokens(tokens)
    , m_notifier(notifier)
    // Settings live in the profile folder, never in the process-wide default QSettings.
    , m_settings(std::make_unique<QSettings>(
          QDir(m_options.profileDir).filePath(QStringLiteral("natter.ini")), QSettings::IniFormat))
    , m_client(QStringLiteral("natter-desktop"))
{
    if (!m_options.trustedCertificate.isEmpty())
        m_client.connection().setTrustedCertificate(m_options.trustedCertificate);
}

DesktopClient::~DesktopClient()
{
    m_window.reset();
    m_idle.reset();
    m_session.reset();
}

SignInDialog *DesktopClient::signInDialog() const
{
    return m_dialog.data();
}

QString DesktopClient::accountKey(const QString &serverUrl, const QString &username)
{
    return username.toLower() + QLatin1Char('@') + QUrl(serverUrl).authority();
}

QString DesktopClient::cacheDirIn(const QString &profileDir, const QString &serverUrl,
                                  const QString &username)
{
    QString server = QUrl(serverUrl).authority();
    server.replace(QLatin1Char(':'), QLatin1Char('_'));
    return QDir(profileDir).filePath(QStringLiteral("cache/%1/%2").arg(server, username.toLower()));
}

void DesktopClient::start()
{
    const QString server = m_settings->value(kServerKey).toString();
    const QString user = m_settings->value(kUserKey).toString();
    if (server.isEmpty() || user.isEmpty())
        return showSignIn();
    m_tokens.load(accountKey(server, user), [this, server, user](const QString &token,
                                                                 const QString &problem) {
        if (token.isEmpty()) {
            m_notice = problem;
            return showSignIn();
        }
        m_client.setToken(token);
        // The cache has everything to show: open it now and sync behind it.
        openSession(server, user);
        connect(&m_client, &client::Client::sessionLost, this, [this](const QString &reason) {
            m_notice = reason;
            signOut();
        });
        m_client.open(QUrl(server));
    });
}

void DesktopClient::showSignIn()
{
    QString server = m_settings->value(kServerKey, m_options.serverUrl).toString();
    if (server.isEmpty())
        server = m_options.serverUrl;
    m_dialog = new SignInDialog(m_client, server);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!m_notice.isEmpty())
        m_dialog->showNotice(m_notice);
    connect(m_dialog, &QDialog::accepted, this, [this, dialog = m_dialog] {
        const QString url = dialog->serverUrl();
        const QString user = QString::fromStdString(m_client.user().username());
        m_settings->setValue(kServerKey, url);
        m_settings->setValue(kUserKey, user);
        m_settings->sync();
        if (dialog->staySignedIn()) {
            m_tokens.save(accountKey(url, user), m_client.token(),
                          [this](bool ok, const QString &problem) {
                              if (ok)
                                  return;
                              m_notice = tr("Your session could not be stored (%1); you will "
                                            "have to sign in again next time, or start natter with "
                                            "--token-file to keep it in a file only you can read.")
                                             .arg(problem);
                              if (m_window)
                                  m_window->statusBar()->showMessage(m_notice);
                          });
        }
        openSession(url, user);
    });
    m_dialog->show();
}

void DesktopClient::openSession(const QString &serverUrl, const QString &username)
{
    m_session = std::make_unique<AccountSession>(
        m_client, cacheDirIn(m_options.profileDir, serverUrl, username));
    m_window = std::make_unique<MainWindow>(*m_session, m_notifier);
    m_window->setNotificationsEnabled(m_settings->value(kNotifyKey, true).toBool());
    connect(m_window.get(), &MainWindow::notificationsToggled, this,
            [this](bool on) { m_settings->setValue(kNotifyKey, on); });
    connect(m_window.get(), &MainWindow::signOutRequested, this, &DesktopClient::signOut);
    // The media cache's size cap (natter.ini: media/cache-limit-mb, 1024 by default).
    const auto applyMediaLimit = [this](int megabytes) {
        m_session->media().setCapBytes(qint64(qMax(64, megabytes)) * 1024 * 1024);
    };
    applyMediaLimit(m_settings->value(kMediaLimitKey, 1024).toInt());
    connect(m_window.get(), &MainWindow::mediaCacheLimitChosen, this,
            [this, applyMediaLimit](int megabytes) {
                m_settings->setValue(kMediaLimitKey, megabytes);
                applyMediaLimit(megabytes);
            });
    // Contacts see "away" after a while without input (natter.ini: away-after-minutes).
    const int awayMinutes = qMax(1, m_settings->value(kAwayAfterKey, 5).toInt());
    m_idle = std::make_unique<IdleWatcher>(awayMinutes * 60'000);
    connect(m_idle.get(), &IdleWatcher::idleChanged, &m_session->presence(),
            &client::PresenceBook::setAway);
    connect(&m_session->cache(), &client::CacheWorker::opened, m_window.get(),
            [window = m_window.get()](bool ok, const QString &error) {
                if (!ok)
                    window->statusBar()->showMessage(
                        tr("The local cache cannot be opened (%1): conversations cannot be "
                           "shown or sent on this device. Check that the disk has space and "
                           "the profile folder is writable, then restart Natter.")
                            .arg(error));
            });
    if (!m_notice.isEmpty())
        m_window->statusBar()->showMessage(m_notice);
    if (auto *tray = qobject_cast<TrayNotifier *>(&m_notifier)) {
        // No notification service: say it inside the window instead.
        connect(tray, &TrayNotifier::inAppNotice, m_window.get(),
                [window = m_window.get()](quint64, const QString &title, const QString &body) {
                    window->statusBar()->showMessage(title + QStringLiteral(": ") + body, 8000);
                });
    }
    m_window->show();
    emit mainWindowShown();
}

void DesktopClient::signOut()
{
    const QString server = m_settings->value(kServerKey).toString();
    const QString user = m_settings->value(kUserKey).toString();
    m_tokens.remove(accountKey(server, user));
    m_settings->remove(kUserKey);
    // The server revokes the token even when the connection closes right after the request;
    // a fresh connection then serves the next sign-in.
    if (!m_client.token().isEmpty())
        m_client.logout([](Result<Done>) {});
    m_client.setToken(QString());
    m_client.close();
    // Sign-out can be asked from inside the window: it goes away after the current event,
    // and its session (which the window still shows) goes with it.
    m_idle.reset();
    MainWindow *window = m_window.release();
    AccountSession *session = m_session.release();
    window->hide();
    connect(window, &QObject::destroyed, this, [session] { delete session; });
    window->deleteLater();
    showSignIn();
}

} // namespace natter::app

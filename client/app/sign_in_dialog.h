#pragma once

#include "client.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace natter::app {

/// Server URL, username and password; register or log in. Talks to the server through the
/// given client and says plainly what went wrong.
class SignInDialog : public QDialog {
    Q_OBJECT
public:
    SignInDialog(client::Client &client, const QString &serverUrl, QWidget *parent = nullptr);

    [[nodiscard]] QString serverUrl() const;
    [[nodiscard]] bool staySignedIn() const;
    [[nodiscard]] QString errorText() const;
    /// Something to know before signing in (e.g. the keychain is unavailable).
    void showNotice(const QString &text);

private:
    void submit(bool registering);
    void setBusy(bool busy);
    void showError(const QString &text);
    [[nodiscard]] QString describe(const Failure &failure) const;

    client::Client &m_client;
    QLineEdit *m_server;
    QLineEdit *m_username;
    QLineEdit *m_password;
    QLineEdit *m_displayName;
    QCheckBox *m_stay;
    QLabel *m_error;
    QPushButton *m_login;
    QPushButton *m_register;
    QMetaObject::Connection m_pending;
    QMetaObject::Connection m_pendingFailure;
};

} // namespace natter::app

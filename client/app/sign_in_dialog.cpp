#include "sign_in_dialog.h"

#include "validation.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace natter::app {

SignInDialog::SignInDialog(client::Client &client, const QString &serverUrl, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_server(new QLineEdit(serverUrl, this))
    , m_username(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_displayName(new QLineEdit(this))
    , m_stay(new QCheckBox(tr("Stay signed in"), this))
    , m_error(new QLabel(this))
    , m_login(new QPushButton(tr("Log in"), this))
    , m_register(new QPushButton(tr("Create account"), this))
{
    setObjectName(QStringLiteral("signInDialog"));
    setWindowTitle(tr("Sign in to Natter"));
    const auto name = [](QWidget *w, const char *object, const QString &accessible) {
        w->setObjectName(QString::fromLatin1(object));
        w->setAccessibleName(accessible);
    };
    name(m_server, "serverEdit", tr("Server"));
    name(m_username, "usernameEdit", tr("Username"));
    name(m_password, "passwordEdit", tr("Password"));
    name(m_displayName, "displayNameEdit", tr("Display name"));
    name(m_stay, "staySignedInCheck", tr("Stay signed in"));
    name(m_error, "errorLabel", tr("Error"));
    name(m_login, "loginButton", tr("Log in"));
    name(m_register, "registerButton", tr("Create account"));
    m_password->setEchoMode(QLineEdit::Password);
    m_displayName->setPlaceholderText(tr("Only when creating an account"));
    m_stay->setChecked(true);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: palette(highlight)"));
    m_login->setDefault(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Server:"), m_server);
    form->addRow(tr("&Username:"), m_username);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(tr("&Display name:"), m_displayName);
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_login, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_register, QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_stay);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    connect(m_login, &QPushButton::clicked, this, [this] { submit(false); });
    connect(m_register, &QPushButton::clicked, this, [this] { submit(true); });
}

QString SignInDialog::serverUrl() const
{
    return m_server->text().trimmed();
}

bool SignInDialog::staySignedIn() const
{
    return m_stay->isChecked();
}

QString SignInDialog::errorText() const
{
    return m_error->text();
}

void SignInDialog::showNotice(const QString &text)
{
    m_error->setText(text);
}

void SignInDialog::setBusy(bool busy)
{
    m_login->setEnabled(!busy);
    m_register->setEnabled(!busy);
}

void SignInDialog::showError(const QString &text)
{
    m_error->setText(text);
    setBusy(false);
}

QString SignInDialog::describe(const Failure &failure) const
{
    switch (failure.code) {
    case proto::WRONG_CREDENTIALS:
        return tr("Wrong username or password.");
    case proto::USERNAME_TAKEN:
        return tr("This username is taken. Choose another one.");
    case proto::UNSUPPORTED_VERSION:
        return tr("This server runs an incompatible version of Natter: %1").arg(failure.message);
    case proto::DISCONNECTED:
        return tr("Cannot reach the server. Check the address and your connection.");
    default:
        return failure.message;
    }
}

void SignInDialog::submit(bool registering)
{
    const QUrl url(serverUrl());
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("ws") && url.scheme() != QLatin1String("wss")))
        return showError(tr("The server address must start with ws:// or wss://."));
    const QString username = m_username->text().trimmed();
    if (registering) {
        if (const QString problem = validation::usernameProblem(username); !problem.isEmpty())
            return showError(problem);
        if (const QString problem = validation::passwordProblem(m_password->text().toUtf8());
            !problem.isEmpty())
            return showError(problem);
    }
    setBusy(true);
    m_error->clear();
    auto done = [this](Result<proto::AuthReply> reply) {
        if (!reply.ok())
            return showError(describe(reply.failure()));
        accept();
    };
    auto authenticate = [this, registering, username, done] {
        if (registering)
            m_client.registerUser(username, m_password->text(), m_displayName->text(), done, {},
                                  this);
        else
            m_client.login(username, m_password->text(), done, this);
    };
    if (m_client.connection().state() == client::Connection::State::Ready &&
        m_client.connection().property("natterUrl").toUrl() == url)
        return authenticate();
    // (Re)connect to the address in the dialog, then authenticate once Hello is done.
    const auto stopWaiting = [this] {
        QObject::disconnect(m_pending);
        QObject::disconnect(m_pendingFailure);
    };
    stopWaiting();
    m_pending = connect(&m_client.connection(), &client::Connection::ready, this,
                        [stopWaiting, authenticate] {
                            stopWaiting();
                            authenticate();
                        });
    m_pendingFailure = connect(&m_client.connection(), &client::Connection::failed, this,
                               [this, stopWaiting](const QString &reason, proto::ErrorCode code) {
                                   stopWaiting();
                                   showError(describe(Failure{code, reason}));
                               });
    m_client.connection().setProperty("natterUrl", url);
    m_client.open(url);
}

} // namespace natter::app

#include "notifier.h"

#include <QApplication>
#include <QStyle>
#include <QSystemTrayIcon>

namespace natter::app {

bool TrayNotifier::available()
{
    return QSystemTrayIcon::isSystemTrayAvailable() && QSystemTrayIcon::supportsMessages();
}

TrayNotifier::TrayNotifier(QObject *parent)
    : Notifier(parent)
{
    if (!available())
        return;
    m_tray = new QSystemTrayIcon(
        QApplication::style()->standardIcon(QStyle::SP_MessageBoxInformation), this);
    m_tray->setToolTip(tr("Natter"));
    m_tray->show();
    connect(m_tray, &QSystemTrayIcon::messageClicked, this,
            [this] { emit activated(m_lastConversation); });
}

void TrayNotifier::notify(quint64 conversationId, const QString &title, const QString &body)
{
    m_lastConversation = conversationId;
    if (m_tray)
        m_tray->showMessage(title, body, QSystemTrayIcon::Information, 5000);
    else
        emit inAppNotice(conversationId, title, body);
}

void TrayNotifier::setUnreadTotal(quint64 total)
{
    if (m_tray)
        m_tray->setToolTip(total ? tr("Natter — %n unread", nullptr, int(total)) : tr("Natter"));
}

} // namespace natter::app

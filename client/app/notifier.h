#pragma once

#include <QObject>
#include <QString>

class QSystemTrayIcon;

namespace natter::app {

/// Desktop notifications behind an interface: the tray where the platform has one, an in-app
/// notice otherwise, and something a test can observe.
class Notifier : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    virtual void notify(quint64 conversationId, const QString &title, const QString &body) = 0;
    virtual void setUnreadTotal(quint64 total) { Q_UNUSED(total) }

signals:
    /// The user clicked a notification.
    void activated(quint64 conversationId);
};

/// QSystemTrayIcon: showMessage() is asynchronous on every platform, so no D-Bus call blocks
/// the GUI thread. Where no tray exists, `fallback` shows the notice inside the window.
class TrayNotifier : public Notifier {
    Q_OBJECT
public:
    explicit TrayNotifier(QObject *parent = nullptr);
    void notify(quint64 conversationId, const QString &title, const QString &body) override;
    void setUnreadTotal(quint64 total) override;
    [[nodiscard]] static bool available();

signals:
    void inAppNotice(quint64 conversationId, const QString &title, const QString &body);

private:
    QSystemTrayIcon *m_tray = nullptr;
    quint64 m_lastConversation = 0;
};

} // namespace natter::app

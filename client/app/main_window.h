#pragma once

#include "account_session.h"

#include <QMainWindow>

class QLabel;
class QListView;
class QLineEdit;
class QSortFilterProxyModel;
class QToolButton;

namespace natter::app {

class Composer;
class ConversationStatus;
class MessageDelegate;
class Notifier;

/// The main window: conversation list beside the open conversation and its composer.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(AccountSession &session, Notifier &notifier, QWidget *parent = nullptr);

    void openConversation(quint64 conversationId);
    [[nodiscard]] quint64 currentConversation() const { return m_current; }
    void setNotificationsEnabled(bool enabled);
    [[nodiscard]] bool notificationsEnabled() const { return m_notify; }

signals:
    void notificationsToggled(bool enabled);
    void signOutRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildActions();
    void onConversationActivated(const QModelIndex &proxyIndex);
    void onIncoming(const proto::Message &message);
    void onConnectionState();
    void updateTitle();
    void markReadIfVisible();
    void newConversation();
    void showGroupInfo();
    void showMessageMenu(const QPoint &pos);
    void showMessageInfo(quint64 seq);
    void keepPlaceBeforeInsert(int first);
    void keepPlaceAfterInsert();
    void fillViewport();
    [[nodiscard]] bool atBottom() const;

    AccountSession &m_session;
    Notifier &m_notifier;
    QLineEdit *m_filter;
    QListView *m_conversationList;
    QSortFilterProxyModel *m_proxy;
    QLabel *m_title;
    ConversationStatus *m_status;
    QToolButton *m_infoButton;
    QListView *m_messageList;
    MessageDelegate *m_messageDelegate;
    Composer *m_composer;
    QLabel *m_connection;
    quint64 m_current = 0;
    bool m_notify = true;
    // Scroll anchoring across inserts (see keepPlaceBeforeInsert).
    int m_distanceFromBottom = -1;
    bool m_wasAtBottom = true;
    bool m_stickToBottom = true;
};

} // namespace natter::app

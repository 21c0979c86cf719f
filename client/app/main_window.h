#pragma once

#include "account_session.h"

#include <QMainWindow>
#include <functional>

class QLabel;
class QListView;
class QLineEdit;
class QMenu;
class QSortFilterProxyModel;
class QStackedWidget;

namespace natter::app {

class ConversationView;
class Notifier;
class SearchPanel;

/// The main window: conversation list beside the open conversation and its composer.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(AccountSession &session, Notifier &notifier, QWidget *parent = nullptr);

    void openConversation(quint64 conversationId);
    [[nodiscard]] quint64 currentConversation() const;
    void setNotificationsEnabled(bool enabled);
    [[nodiscard]] bool notificationsEnabled() const { return m_notify; }
    /// Which picture Settings → Profile photo takes (by default an open dialog; tests answer).
    using PhotoChooser = std::function<QString()>;
    void setPhotoChooser(PhotoChooser chooser) { m_choosePhoto = std::move(chooser); }

signals:
    void notificationsToggled(bool enabled);
    void signOutRequested();
    /// Settings → Media cache limit: the user chose a cap (megabytes).
    void mediaCacheLimitChosen(int megabytes);

private:
    void changeEvent(QEvent *event) override;
    void buildConversationList();
    void buildActions();
    void buildMediaSettings(QMenu *settings);
    void onConversationActivated(const QModelIndex &proxyIndex);
    void onIncoming(const proto::Message &message);
    void onConnectionState();
    void updateTitle();
    void newConversation();
    /// Shows message search in place of the conversation list, in `conversationId` only
    /// unless it is 0.
    void showSearch(quint64 conversationId);
    void openHit(quint64 conversationId, quint64 seq);

    AccountSession &m_session;
    Notifier &m_notifier;
    QLineEdit *m_filter;
    QListView *m_conversationList;
    QSortFilterProxyModel *m_proxy;
    ConversationView *m_view;
    QStackedWidget *m_left;
    SearchPanel *m_search;
    QLabel *m_connection;
    PhotoChooser m_choosePhoto;
    bool m_notify = true;
    quint64 m_openWhenListed = 0; // a conversation just created, not in the list yet
    int m_listedWaits = 0;        // list reloads seen without it
};

} // namespace natter::app

#pragma once

#include "account_session.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace natter::app {

/// A group's members; admins add and remove them here.
class GroupInfoDialog : public QDialog {
    Q_OBJECT
public:
    GroupInfoDialog(AccountSession &session, quint64 conversationId, QWidget *parent = nullptr);

private:
    /// Reads the group from the cache and shows it when it is in.
    void reload();
    void show(const std::optional<client::ConversationRow> &conversation,
              const QList<client::MemberRow> &members);
    void change(bool add, const QStringList &usernames);

    AccountSession &m_session;
    quint64 m_conversationId;
    QListWidget *m_members;
    QLineEdit *m_addName;
    QPushButton *m_add;
    QPushButton *m_remove;
    QLabel *m_error;
};

} // namespace natter::app

#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QTabWidget;

namespace natter::app {

/// Start a direct conversation by username, or a group with a title and members.
class NewConversationDialog : public QDialog {
    Q_OBJECT
public:
    explicit NewConversationDialog(QWidget *parent = nullptr);

    [[nodiscard]] bool isGroup() const;
    [[nodiscard]] QString username() const;
    [[nodiscard]] QString groupTitle() const;
    [[nodiscard]] QStringList members() const;
    void showError(const QString &text);

signals:
    void submitted();

private:
    QTabWidget *m_tabs;
    QLineEdit *m_username;
    QLineEdit *m_title;
    QLineEdit *m_members;
    QLabel *m_error;
};

} // namespace natter::app

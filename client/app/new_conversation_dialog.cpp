#include "new_conversation_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTabWidget>
#include <QVBoxLayout>

namespace natter::app {

NewConversationDialog::NewConversationDialog(QWidget *parent)
    : QDialog(parent)
    , m_tabs(new QTabWidget(this))
    , m_username(new QLineEdit(this))
    , m_title(new QLineEdit(this))
    , m_members(new QLineEdit(this))
    , m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("newConversationDialog"));
    setWindowTitle(tr("New conversation"));
    m_tabs->setObjectName(QStringLiteral("kindTabs"));
    m_tabs->setAccessibleName(tr("Conversation kind"));
    m_username->setObjectName(QStringLiteral("directUsernameEdit"));
    m_username->setAccessibleName(tr("Username"));
    m_title->setObjectName(QStringLiteral("groupTitleEdit"));
    m_title->setAccessibleName(tr("Group title"));
    m_members->setObjectName(QStringLiteral("groupMembersEdit"));
    m_members->setAccessibleName(tr("Members"));
    m_members->setPlaceholderText(tr("usernames, separated by commas"));
    m_error->setObjectName(QStringLiteral("newConversationError"));
    m_error->setAccessibleName(tr("Error"));
    m_error->setWordWrap(true);

    auto *direct = new QWidget(this);
    auto *directForm = new QFormLayout(direct);
    directForm->addRow(tr("&Username:"), m_username);
    auto *group = new QWidget(this);
    auto *groupForm = new QFormLayout(group);
    groupForm->addRow(tr("&Title:"), m_title);
    groupForm->addRow(tr("&Members:"), m_members);
    m_tabs->addTab(direct, tr("Direct"));
    m_tabs->addTab(group, tr("Group"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("createButton"));
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));
    buttons->button(QDialogButtonBox::Ok)->setAccessibleName(tr("Create"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        m_error->clear();
        emit submitted();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
}

bool NewConversationDialog::isGroup() const
{
    return m_tabs->currentIndex() == 1;
}

QString NewConversationDialog::username() const
{
    return m_username->text().trimmed();
}

QString NewConversationDialog::groupTitle() const
{
    return m_title->text().trimmed();
}

QStringList NewConversationDialog::members() const
{
    return m_members->text().split(QRegularExpression(QStringLiteral("[,\\s]+")),
                                   Qt::SkipEmptyParts);
}

void NewConversationDialog::showError(const QString &text)
{
    m_error->setText(text);
}

} // namespace natter::app

#include "group_info_dialog.h"

#include "validation.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace natter::app {

GroupInfoDialog::GroupInfoDialog(AccountSession &session, quint64 conversationId, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_conversationId(conversationId)
    , m_members(new QListWidget(this))
    , m_addName(new QLineEdit(this))
    , m_add(new QPushButton(tr("Add"), this))
    , m_remove(new QPushButton(tr("Remove selected"), this))
    , m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("groupInfoDialog"));
    m_members->setObjectName(QStringLiteral("memberList"));
    m_members->setAccessibleName(tr("Members"));
    m_addName->setObjectName(QStringLiteral("addMemberEdit"));
    m_addName->setAccessibleName(tr("Username to add"));
    m_add->setObjectName(QStringLiteral("addMemberButton"));
    m_add->setAccessibleName(tr("Add member"));
    m_remove->setObjectName(QStringLiteral("removeMemberButton"));
    m_remove->setAccessibleName(tr("Remove selected member"));
    m_error->setObjectName(QStringLiteral("groupInfoError"));
    m_error->setWordWrap(true);

    auto *addRow = new QHBoxLayout;
    addRow->addWidget(m_addName);
    addRow->addWidget(m_add);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    close->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("closeButton"));
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_members);
    layout->addLayout(addRow);
    layout->addWidget(m_remove);
    layout->addWidget(m_error);
    layout->addWidget(close);

    connect(m_add, &QPushButton::clicked, this, [this] {
        if (!m_addName->text().trimmed().isEmpty())
            change(true, {m_addName->text().trimmed()});
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (auto *item = m_members->currentItem())
            change(false, {item->data(Qt::UserRole).toString()});
    });
    connect(&m_session.engine(), &client::SyncEngine::conversationsChanged, this,
            &GroupInfoDialog::reload);
    reload();
}

void GroupInfoDialog::reload()
{
    struct Group {
        std::optional<client::ConversationRow> conversation;
        QList<client::MemberRow> members;
    };
    m_session.cache().read(
        this,
        [id = m_conversationId](client::LocalCache &cache) {
            return Group{cache.conversation(id), cache.members(id)};
        },
        [this](const Group &group) { show(group.conversation, group.members); });
}

void GroupInfoDialog::show(const std::optional<client::ConversationRow> &conversation,
                           const QList<client::MemberRow> &members)
{
    setWindowTitle(conversation ? conversation->title : tr("Group"));
    m_members->clear();
    bool admin = false;
    for (const client::MemberRow &member : members) {
        const bool isAdmin = member.role == proto::ADMIN;
        auto *item = new QListWidgetItem(
            isAdmin
                ? tr("%1 (admin)").arg(validation::shownName(member.displayName, member.username))
                : validation::shownName(member.displayName, member.username),
            m_members);
        item->setData(Qt::UserRole, member.username);
        if (isAdmin && member.userId == m_session.client.user().id())
            admin = true;
    }
    m_addName->setEnabled(admin);
    m_add->setEnabled(admin);
    m_remove->setEnabled(admin);
}

void GroupInfoDialog::change(bool add, const QStringList &usernames)
{
    m_error->clear();
    auto done = [this](Result<proto::Conversation> result) {
        if (!result.ok()) {
            m_error->setText(result.failure().message);
            return;
        }
        m_addName->clear();
        m_session.cache().write([conversation = result.value()](client::LocalCache &cache) {
            cache.upsertConversation(conversation);
        });
        reload(); // reads after the write
    };
    if (add)
        m_session.client.addMembers(m_conversationId, usernames, done, this);
    else
        m_session.client.removeMembers(m_conversationId, usernames, done, this);
}

} // namespace natter::app

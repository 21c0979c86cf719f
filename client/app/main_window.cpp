#include "main_window.h"

#include "conversation_status.h"
#include "message_info_dialog.h"

#include "composer.h"
#include "conversation_delegate.h"
#include "group_info_dialog.h"
#include "message_delegate.h"
#include "new_conversation_dialog.h"
#include "notifier.h"

#include <QAction>
#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QIdentityProxyModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace natter::app {

namespace {
/// QAbstractItemView fetches more whenever its last row is visible: right for feeds that grow
/// downwards, wrong for a chat, whose last row is always visible and whose older pages go on
/// top. The view sees this proxy; the window fetches when the user scrolls to the top.
class NoAutoFetchProxy : public QIdentityProxyModel {
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    bool canFetchMore(const QModelIndex &) const override { return false; }
    void fetchMore(const QModelIndex &) override {}
};
} // namespace

using client::ConversationListModel;
using client::MessageListModel;
using client::MessageRow;

MainWindow::MainWindow(AccountSession &session, Notifier &notifier, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_notifier(notifier)
    , m_filter(new QLineEdit(this))
    , m_conversationList(new QListView(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_title(new QLabel(this))
    , m_status(new ConversationStatus(session, this))
    , m_infoButton(new QToolButton(this))
    , m_messageList(new QListView(this))
    , m_messageDelegate(new MessageDelegate(this))
    , m_composer(new Composer(this))
    , m_connection(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    resize(900, 600);

    m_filter->setObjectName(QStringLiteral("conversationFilter"));
    m_filter->setAccessibleName(tr("Find a conversation"));
    m_filter->setPlaceholderText(tr("Search conversations (Ctrl+K)"));
    m_filter->setClearButtonEnabled(true);
    m_proxy->setSourceModel(&m_session.conversations());
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterRole(Qt::DisplayRole);
    m_conversationList->setObjectName(QStringLiteral("conversationList"));
    m_conversationList->setAccessibleName(tr("Conversations"));
    m_conversationList->setModel(m_proxy);
    m_conversationList->setItemDelegate(new ConversationDelegate(this));
    m_conversationList->setEditTriggers(QAbstractItemView::NoEditTriggers);

    m_title->setObjectName(QStringLiteral("conversationTitle"));
    m_title->setAccessibleName(tr("Conversation title"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_infoButton->setObjectName(QStringLiteral("groupInfoButton"));
    m_infoButton->setAccessibleName(tr("Group info"));
    m_infoButton->setText(tr("Members…"));
    m_infoButton->setVisible(false);
    m_messageList->setObjectName(QStringLiteral("messageList"));
    m_messageList->setAccessibleName(tr("Messages"));
    auto *viewModel = new NoAutoFetchProxy(this);
    viewModel->setSourceModel(&m_session.messages());
    m_messageList->setModel(viewModel);
    m_messageList->setItemDelegate(m_messageDelegate);
    m_messageList->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_messageList->setSelectionMode(QAbstractItemView::SingleSelection);
    m_messageList->setContextMenuPolicy(Qt::CustomContextMenu);
    m_messageList->setResizeMode(QListView::Adjust);
    auto *sendButton = new QPushButton(tr("Send"), this);
    sendButton->setObjectName(QStringLiteral("sendButton"));
    sendButton->setAccessibleName(tr("Send message"));
    m_connection->setObjectName(QStringLiteral("connectionStatus"));
    m_connection->setAccessibleName(tr("Connection"));
    statusBar()->addPermanentWidget(m_connection);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_filter);
    leftLayout->addWidget(m_conversationList);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *header = new QHBoxLayout;
    auto *titleBlock = new QVBoxLayout;
    titleBlock->setSpacing(0);
    titleBlock->addWidget(m_title);
    titleBlock->addWidget(m_status);
    header->addLayout(titleBlock, 1);
    header->addWidget(m_infoButton);
    rightLayout->addLayout(header);
    rightLayout->addWidget(m_messageList, 1);
    auto *composeRow = new QHBoxLayout;
    composeRow->addWidget(m_composer, 1);
    composeRow->addWidget(sendButton);
    rightLayout->addLayout(composeRow);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({280, 620});
    setCentralWidget(splitter);
    m_composer->setEnabled(false);
    sendButton->setEnabled(false);

    buildActions();

    connect(m_filter, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        if (m_proxy->rowCount() > 0)
            onConversationActivated(m_proxy->index(0, 0));
    });
    connect(m_conversationList->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    onConversationActivated(current);
            });
    connect(&m_session.conversations(), &ConversationListModel::modelReset, this, [this] {
        // A reset loses the selection: put it back on the open conversation.
        const int row = m_session.conversations().rowOf(m_current);
        if (row >= 0)
            m_conversationList->setCurrentIndex(
                m_proxy->mapFromSource(m_session.conversations().index(row)));
    });
    connect(&m_session.conversations(), &ConversationListModel::totalUnreadChanged, this,
            &MainWindow::updateTitle);
    connect(&m_session.conversations(), &ConversationListModel::dataChanged, this, [this] {
        if (const auto row = m_session.cache().conversation(m_current))
            m_title->setText(row->title);
        m_status->refresh();
    });
    // The text comes back when this device could not keep it: nothing is lost silently.
    connect(&m_session.engine(), &client::SyncEngine::notSaved, this,
            [this](quint64 conversationId, const QString &text) {
                if (conversationId == m_current && m_composer->toPlainText().isEmpty())
                    m_composer->setPlainText(text);
                statusBar()->showMessage(tr("Not sent: this device could not store the message "
                                            "(is the disk full?). Free some space and send it "
                                            "again."),
                                         15'000);
            });
    connect(m_composer, &Composer::sendRequested, this, [this](const QString &text) {
        if (m_current) {
            m_session.typing().userStopped(m_current);
            m_session.engine().send(m_current, text);
        }
    });
    connect(sendButton, &QPushButton::clicked, this, [this] {
        const QString text = m_composer->toPlainText().trimmed();
        if (m_current && !text.isEmpty()) {
            m_session.typing().userStopped(m_current);
            m_session.engine().send(m_current, text);
            m_composer->clear();
        }
    });
    connect(m_composer, &QPlainTextEdit::textChanged, this, [this, sendButton] {
        const bool hasText = !m_composer->toPlainText().trimmed().isEmpty();
        sendButton->setEnabled(m_current && hasText);
        if (m_current && hasText)
            m_session.typing().userTyped(m_current);
        else if (m_current && !hasText)
            m_session.typing().userStopped(m_current);
    });
    connect(m_infoButton, &QToolButton::clicked, this, &MainWindow::showGroupInfo);
    connect(m_messageList, &QListView::customContextMenuRequested, this,
            &MainWindow::showMessageMenu);

    MessageListModel &messages = m_session.messages();
    connect(&messages, &MessageListModel::rowsAboutToBeInserted, this,
            [this](const QModelIndex &, int first) { keepPlaceBeforeInsert(first); });
    connect(&messages, &MessageListModel::rowsInserted, this, &MainWindow::keepPlaceAfterInsert);
    connect(&messages, &MessageListModel::modelReset, this,
            [this] { m_messageList->scrollToBottom(); });
    // Resizing re-wraps bubbles and changes the range: a reader at the bottom stays there.
    connect(m_messageList->verticalScrollBar(), &QScrollBar::rangeChanged, this,
            [this](int, int max) {
                if (m_stickToBottom)
                    m_messageList->verticalScrollBar()->setValue(max);
            });
    connect(m_messageList->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        m_stickToBottom = atBottom();
        if (value == 0 && m_session.messages().canFetchMore({}))
            m_session.messages().fetchMore({}); // scroll-back: older pages go on top
        markReadIfVisible();
    });

    connect(&m_session.engine(), &client::SyncEngine::incomingMessage, this,
            &MainWindow::onIncoming);
    connect(&m_notifier, &Notifier::activated, this, [this](quint64 id) {
        showNormal();
        raise();
        activateWindow();
        openConversation(id);
    });
    connect(&m_session.client.connection(), &client::Connection::stateChanged, this,
            &MainWindow::onConnectionState);
    onConnectionState();
    updateTitle();
    // Start in the list (Up/Down pick a conversation); a focused text field would blink its
    // caret, and an idle window should not wake the process.
    m_conversationList->setFocus();
}

void MainWindow::buildActions()
{
    auto *conversationMenu = menuBar()->addMenu(tr("&Conversation"));
    auto *newAction =
        conversationMenu->addAction(tr("&New conversation…"), this, &MainWindow::newConversation);
    newAction->setObjectName(QStringLiteral("newConversationAction"));
    newAction->setShortcut(QKeySequence::New);
    auto *jump = conversationMenu->addAction(tr("&Jump to conversation"), this, [this] {
        m_filter->setFocus();
        m_filter->selectAll();
    });
    jump->setObjectName(QStringLiteral("jumpAction"));
    jump->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    conversationMenu->addSeparator();
    auto *signOut =
        conversationMenu->addAction(tr("Sign &out"), this, &MainWindow::signOutRequested);
    signOut->setObjectName(QStringLiteral("signOutAction"));
    auto *quit = conversationMenu->addAction(tr("&Quit"), qApp, &QApplication::quit);
    quit->setShortcut(QKeySequence::Quit);

    auto *settings = menuBar()->addMenu(tr("&Settings"));
    auto *notify = settings->addAction(tr("Desktop &notifications"));
    notify->setObjectName(QStringLiteral("notificationsAction"));
    notify->setCheckable(true);
    notify->setChecked(m_notify);
    connect(notify, &QAction::toggled, this, [this](bool on) {
        m_notify = on;
        emit notificationsToggled(on);
    });
    connect(this, &MainWindow::notificationsToggled, notify, &QAction::setChecked);

    // A server-side setting: shown as the server has it, changed there.
    auto *hideLastSeen = settings->addAction(tr("Hide my &last-seen time"));
    hideLastSeen->setObjectName(QStringLiteral("hideLastSeenAction"));
    hideLastSeen->setCheckable(true);
    auto showStored = [this, hideLastSeen](Result<proto::AccountSettings> stored) {
        if (!stored.ok()) {
            statusBar()->showMessage(tr("Settings not saved: %1").arg(stored.failure().message),
                                     10'000);
            return;
        }
        const QSignalBlocker quiet(hideLastSeen);
        hideLastSeen->setChecked(stored.value().hide_last_seen());
    };
    connect(&m_session.engine(), &client::SyncEngine::synced, hideLastSeen,
            [this, showStored] { m_session.client.settings(showStored, this); });
    connect(hideLastSeen, &QAction::toggled, this, [this, showStored](bool hide) {
        m_session.client.settings(
            [this, hide, showStored](Result<proto::AccountSettings> current) {
                if (!current.ok())
                    return showStored(current);
                proto::AccountSettings wanted = current.value();
                wanted.set_hide_last_seen(hide);
                m_session.client.updateSettings(wanted, showStored, this);
            },
            this);
    });
}

void MainWindow::setNotificationsEnabled(bool enabled)
{
    m_notify = enabled;
    emit notificationsToggled(enabled);
}

void MainWindow::onConversationActivated(const QModelIndex &proxyIndex)
{
    const QModelIndex source = m_proxy->mapToSource(proxyIndex);
    openConversation(source.data(ConversationListModel::IdRole).toULongLong());
}

void MainWindow::openConversation(quint64 conversationId)
{
    const auto row = m_session.cache().conversation(conversationId);
    if (!row)
        return;
    const int sourceRow = m_session.conversations().rowOf(conversationId);
    const QModelIndex proxyIndex =
        m_proxy->mapFromSource(m_session.conversations().index(sourceRow));
    if (proxyIndex.isValid() && m_conversationList->currentIndex() != proxyIndex)
        m_conversationList->setCurrentIndex(proxyIndex);
    if (m_current == conversationId)
        return;
    m_current = conversationId;
    m_title->setText(row->title);
    m_status->setConversation(conversationId);
    m_infoButton->setVisible(row->kind == proto::GROUP);
    m_messageDelegate->setShowSenders(row->kind == proto::GROUP);
    m_session.messages().setConversation(conversationId, m_session.client.user().id());
    m_messageList->scrollToBottom();
    fillViewport();
    m_composer->setEnabled(true);
    m_composer->setFocus();
    markReadIfVisible();
}

void MainWindow::markReadIfVisible()
{
    if (m_current && isActiveWindow() && atBottom())
        m_session.engine().markRead(m_current);
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::ActivationChange)
        markReadIfVisible();
}

bool MainWindow::atBottom() const
{
    const QScrollBar *bar = m_messageList->verticalScrollBar();
    return bar->value() >= bar->maximum() - 4;
}

void MainWindow::keepPlaceBeforeInsert(int first)
{
    const QScrollBar *bar = m_messageList->verticalScrollBar();
    m_wasAtBottom = atBottom();
    // Rows going in above what is visible must not move it: remember the distance from the
    // bottom and restore it after the insert.
    m_distanceFromBottom =
        first < m_session.messages().rowCount() ? bar->maximum() - bar->value() : -1;
}

void MainWindow::keepPlaceAfterInsert()
{
    QScrollBar *bar = m_messageList->verticalScrollBar();
    m_messageList->doItemsLayout();
    if (m_distanceFromBottom >= 0 && !m_wasAtBottom)
        bar->setValue(bar->maximum() - m_distanceFromBottom);
    else if (m_wasAtBottom)
        m_messageList->scrollToBottom();
    m_distanceFromBottom = -1;
    fillViewport();
    markReadIfVisible();
}

void MainWindow::fillViewport()
{
    // Too few messages to scroll means no scroll to the top can ask for more: ask now.
    if (m_messageList->verticalScrollBar()->maximum() == 0 && m_session.messages().canFetchMore({}))
        m_session.messages().fetchMore({});
}

void MainWindow::onIncoming(const proto::Message &message)
{
    const bool inFront = isActiveWindow() && message.conversation_id() == m_current;
    if (inFront || !m_notify)
        return;
    const auto row = m_session.cache().conversation(message.conversation_id());
    const QString sender = QString::fromStdString(message.sender_username());
    const QString title =
        row && row->kind == proto::GROUP ? tr("%1 in %2").arg(sender, row->title) : sender;
    m_notifier.notify(message.conversation_id(), title, QString::fromStdString(message.text()));
}

void MainWindow::updateTitle()
{
    const quint64 unread = m_session.conversations().totalUnread();
    const QString user = QString::fromStdString(m_session.client.user().username());
    setWindowTitle(unread ? tr("Natter (%1) — %2").arg(unread).arg(user)
                          : tr("Natter — %1").arg(user));
    m_notifier.setUnreadTotal(unread);
}

void MainWindow::onConnectionState()
{
    using State = client::Connection::State;
    const auto &connection = m_session.client.connection();
    switch (connection.state()) {
    case State::Ready:
        m_connection->setText(tr("Connected"));
        break;
    case State::Connecting:
        m_connection->setText(tr("Connecting…"));
        break;
    case State::WaitingToReconnect:
        // Said once per attempt; no ticking timer wakes the process to count down.
        m_connection->setText(tr("Reconnecting in %n s", nullptr,
                                 qMax(1, (connection.reconnectDelayMs() + 999) / 1000)));
        break;
    case State::Disconnected:
        m_connection->setText(tr("Offline"));
        break;
    }
    updateTitle();
}

void MainWindow::newConversation()
{
    auto *dialog = new NewConversationDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &NewConversationDialog::submitted, this, [this, dialog] {
        QPointer<NewConversationDialog> alive(dialog);
        auto done = [this, alive](Result<proto::Conversation> result) {
            if (!alive)
                return;
            if (!result.ok())
                return alive->showError(result.failure().message);
            m_session.cache().upsertConversation(result.value());
            m_session.conversations().reload();
            openConversation(result.value().id());
            alive->accept();
        };
        if (dialog->isGroup())
            m_session.client.createGroup(dialog->groupTitle(), dialog->members(), done, this);
        else
            m_session.client.createDirect(dialog->username(), done, this);
    });
    dialog->open();
}

void MainWindow::showGroupInfo()
{
    auto *dialog = new GroupInfoDialog(m_session, m_current, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showMessageMenu(const QPoint &pos)
{
    const QModelIndex index = m_messageList->indexAt(pos);
    if (!index.isValid())
        return;
    if (index.data(MessageListModel::StatusRole).toInt() != int(MessageRow::Status::Failed)) {
        if (!index.data(MessageListModel::IsOwnRole).toBool())
            return;
        // The seq now: rows may shift (older pages arrive) while the menu is open.
        const quint64 seq = index.data(MessageListModel::SeqRole).toULongLong();
        QMenu menu(this);
        menu.setObjectName(QStringLiteral("messageMenu"));
        menu.addAction(tr("Message info…"), this, [this, seq] { showMessageInfo(seq); });
        menu.exec(m_messageList->viewport()->mapToGlobal(pos));
        return;
    }
    const QString id = index.data(MessageListModel::ClientMsgIdRole).toString();
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("failedMessageMenu"));
    menu.addSection(index.data(MessageListModel::ErrorRole).toString());
    menu.addAction(tr("Retry"), this, [this, id] { m_session.engine().retry(id); });
    menu.addAction(tr("Delete"), this, [this, id] { m_session.engine().discard(id); });
    menu.exec(m_messageList->viewport()->mapToGlobal(pos));
}

void MainWindow::showMessageInfo(quint64 seq)
{
    if (seq == 0)
        return; // not on the server yet
    QList<client::MemberRow> others = m_session.cache().members(m_current);
    others.removeIf(
        [this](const client::MemberRow &m) { return m.userId == m_session.client.user().id(); });
    auto *dialog = new MessageInfoDialog(others, seq, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

} // namespace natter::app

#include "main_window.h"

#include "conversation_delegate.h"
#include "conversation_view.h"
#include "new_conversation_dialog.h"
#include "notifier.h"
#include "picture_cache.h"
#include "profile_photo.h"
#include "search_panel.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QEvent>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QPointer>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

namespace natter::app {

using client::ConversationListModel;

MainWindow::MainWindow(AccountSession &session, Notifier &notifier, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_notifier(notifier)
    , m_filter(new QLineEdit(this))
    , m_conversationList(new QListView(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new ConversationView(session, this))
    , m_left(new QStackedWidget(this))
    , m_search(new SearchPanel(
          session.client, session.cache(),
          [&session](quint64 id) {
              const auto row = session.conversations().conversation(id);
              return row ? row->title : QString();
          },
          this))
    , m_connection(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    resize(900, 600);
    buildConversationList();
    m_connection->setObjectName(QStringLiteral("connectionStatus"));
    m_connection->setAccessibleName(tr("Connection"));
    statusBar()->addPermanentWidget(m_connection);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_filter);
    leftLayout->addWidget(m_conversationList);
    // Message search takes the list's place while it is open.
    m_left->addWidget(left);
    m_left->addWidget(m_search);
    connect(m_search, &SearchPanel::hitActivated, this, &MainWindow::openHit);
    connect(m_search, &SearchPanel::closed, this, [this] {
        m_left->setCurrentIndex(0);
        m_conversationList->setFocus();
    });
    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_left);
    splitter->addWidget(m_view);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({280, 620});
    setCentralWidget(splitter);

    buildActions();
    connect(m_view, &ConversationView::statusMessage, this,
            [this](const QString &text) { statusBar()->showMessage(text, 15'000); });
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

void MainWindow::buildConversationList()
{
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
    auto *avatars = new PictureCache(this);
    m_conversationList->setItemDelegate(
        new ConversationDelegate(&m_session.profiles(), avatars, this));
    // A photo arrived or was decoded: paint it (rows keep their size).
    connect(avatars, &PictureCache::ready, m_conversationList->viewport(),
            qOverload<>(&QWidget::update));
    connect(&m_session.profiles(), &client::ProfileBook::photoChanged,
            m_conversationList->viewport(), qOverload<>(&QWidget::update));
    connect(&m_session.media(), &client::MediaCache::cleared, avatars, &PictureCache::clear);
    m_conversationList->setEditTriggers(QAbstractItemView::NoEditTriggers);

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
        const int row = m_session.conversations().rowOf(m_view->current());
        if (row >= 0)
            m_conversationList->setCurrentIndex(
                m_proxy->mapFromSource(m_session.conversations().index(row)));
    });
    connect(&m_session.conversations(), &ConversationListModel::loaded, this, [this] {
        // The reload asked for after the write is the second at most (one may have been on
        // its way before it); a conversation not listed by then is not coming.
        if (!m_openWhenListed)
            return;
        if (m_session.conversations().conversation(m_openWhenListed))
            openConversation(std::exchange(m_openWhenListed, 0));
        else if (++m_listedWaits >= 2)
            m_openWhenListed = 0;
    });
    connect(&m_session.conversations(), &ConversationListModel::totalUnreadChanged, this,
            &MainWindow::updateTitle);
    connect(&m_session.conversations(), &ConversationListModel::dataChanged, m_view,
            &ConversationView::refreshHeader);
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
    auto *searchAll =
        conversationMenu->addAction(tr("&Search messages…"), this, [this] { showSearch(0); });
    searchAll->setObjectName(QStringLiteral("searchMessagesAction"));
    searchAll->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    auto *findHere = conversationMenu->addAction(tr("&Find in conversation…"), this,
                                                 [this] { showSearch(m_view->current()); });
    findHere->setObjectName(QStringLiteral("findInConversationAction"));
    findHere->setShortcut(QKeySequence::Find);
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

    buildMediaSettings(settings);

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

void MainWindow::buildMediaSettings(QMenu *settings)
{
    auto *photo = settings->addAction(tr("Profile &photo…"));
    photo->setObjectName(QStringLiteral("profilePhotoAction"));
    connect(photo, &QAction::triggered, this, [this] {
        const QString path =
            m_choosePhoto ? m_choosePhoto()
                          : QFileDialog::getOpenFileName(this, tr("Profile photo"), {},
                                                         tr("Pictures (*.png *.jpg *.jpeg *.gif)"));
        if (path.isEmpty())
            return;
        statusBar()->showMessage(tr("Setting the profile photo…"));
        changeProfilePhoto(m_session, path, this,
                           [this](const QString &outcome) { statusBar()->showMessage(outcome); });
    });
    auto *removePhoto = settings->addAction(tr("&Remove profile photo"));
    removePhoto->setObjectName(QStringLiteral("removeProfilePhotoAction"));
    connect(removePhoto, &QAction::triggered, this, [this] {
        changeProfilePhoto(m_session, {}, this,
                           [this](const QString &outcome) { statusBar()->showMessage(outcome); });
    });

    // The cache's size, read when the menu opens (off the GUI thread), and a way to empty it.
    auto *clearMedia = settings->addAction(tr("Clear &media cache"));
    clearMedia->setObjectName(QStringLiteral("clearMediaCacheAction"));
    connect(settings, &QMenu::aboutToShow, clearMedia, [this, clearMedia] {
        m_session.media().usage(clearMedia, [this, clearMedia](qint64 bytes) {
            clearMedia->setText(
                tr("Clear &media cache (%1 of %2)")
                    .arg(QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat),
                         QLocale().formattedDataSize(m_session.media().capBytes(), 0,
                                                     QLocale::DataSizeTraditionalFormat)));
        });
    });
    auto *limits = settings->addMenu(tr("Media cache &limit"));
    limits->setObjectName(QStringLiteral("mediaCacheLimitMenu"));
    auto *limitGroup = new QActionGroup(limits);
    for (const int megabytes : {256, 1024, 4096}) {
        auto *limit =
            limits->addAction(QLocale().formattedDataSize(qint64(megabytes) * 1024 * 1024, 0,
                                                          QLocale::DataSizeTraditionalFormat),
                              this, [this, megabytes] { emit mediaCacheLimitChosen(megabytes); });
        limit->setCheckable(true);
        limit->setData(megabytes);
        limitGroup->addAction(limit);
    }
    connect(limits, &QMenu::aboutToShow, limits, [this, limitGroup] {
        for (QAction *limit : limitGroup->actions())
            limit->setChecked(qint64(limit->data().toInt()) * 1024 * 1024 ==
                              m_session.media().capBytes());
    });
    connect(clearMedia, &QAction::triggered, this, [this] {
        m_session.media().clear(this, [this](bool cleared) {
            statusBar()->showMessage(cleared ? tr("Media cache cleared: pictures and files are "
                                                  "downloaded again when shown")
                                             : tr("The media cache could not be cleared"),
                                     10'000);
        });
    });
    settings->addSeparator();
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
    const auto row = m_session.conversations().conversation(conversationId);
    if (!row) {
        m_openWhenListed = conversationId; // new: opened once the list has read it
        m_listedWaits = 0;
        return;
    }
    const int sourceRow = m_session.conversations().rowOf(conversationId);
    const QModelIndex proxyIndex =
        m_proxy->mapFromSource(m_session.conversations().index(sourceRow));
    if (proxyIndex.isValid() && m_conversationList->currentIndex() != proxyIndex)
        m_conversationList->setCurrentIndex(proxyIndex);
    m_view->open(*row);
}

void MainWindow::showSearch(quint64 conversationId)
{
    const auto row = m_session.conversations().conversation(conversationId);
    m_left->setCurrentWidget(m_search);
    m_search->start(row ? conversationId : 0, row ? row->title : QString());
}

void MainWindow::openHit(quint64 conversationId, quint64 seq)
{
    if (!m_session.conversations().conversation(conversationId)) {
        statusBar()->showMessage(
            tr("That conversation is not in your list yet; try again in a moment."), 10'000);
        return;
    }
    openConversation(conversationId);
    m_view->jumpTo(seq);
    m_search->setFocus(); // Up/Down and Enter go on through the hits
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::ActivationChange)
        m_view->markReadIfVisible(); // coming back to an open conversation reads it
}

quint64 MainWindow::currentConversation() const
{
    return m_view->current();
}

void MainWindow::onIncoming(const proto::Message &message)
{
    const bool inFront = isActiveWindow() && message.conversation_id() == m_view->current();
    if (inFront || !m_notify)
        return;
    const auto row = m_session.conversations().conversation(message.conversation_id());
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
            m_session.cache().write([conversation = result.value()](client::LocalCache &cache) {
                cache.upsertConversation(conversation);
            });
            m_session.conversations().reload(); // reads after the write
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

} // namespace natter::app

#include "conversation_view.h"

#include "avatar.h"
#include "composer.h"
#include "conversation_status.h"
#include "full_pictures.h"
#include "group_info_dialog.h"
#include "message_delegate.h"
#include "message_info_dialog.h"
#include "picture_cache.h"
#include "transfer_strip.h"

#include <QDateTime>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QIdentityProxyModel>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMimeData>
#include <QMouseEvent>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QScrollBar>
#include <QTimer>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace natter::app {

namespace {
/// QAbstractItemView fetches more whenever its last row is visible: right for feeds that grow
/// downwards, wrong for a chat, whose last row is always visible and whose older pages go on
/// top. The view sees this proxy; the timeline fetches when the user scrolls to the top.
class NoAutoFetchProxy : public QIdentityProxyModel {
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    bool canFetchMore(const QModelIndex &) const override { return false; }
    void fetchMore(const QModelIndex &) override {}
};
} // namespace

using client::MessageListModel;
using client::MessageRow;

ConversationView::ConversationView(AccountSession &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_avatar(new QLabel(this))
    , m_title(new QLabel(this))
    , m_status(new ConversationStatus(session, this))
    , m_infoButton(new QToolButton(this))
    , m_latestButton(nullptr)
    , m_messageList(new QListView(this))
    , m_messageDelegate(new MessageDelegate(this))
    , m_pictures(new PictureCache(this))
    , m_composer(new Composer(this))
    , m_sendButton(new QPushButton(tr("Send"), this))
    , m_attachButton(new QToolButton(this))
    , m_tray(new QWidget(this))
    , m_trayLabel(new QLabel(m_tray))
    , m_trayPreview(new QLabel(m_tray))
    , m_transfers(new TransferStrip(this))
    , m_files(new FileActions(session, *m_transfers, this))
    , m_highlightTimer(new QTimer(this))
{
    m_full = new FullPictures(m_session.media(), *m_pictures, this);
    connect(m_files, &FileActions::statusMessage, this, &ConversationView::statusMessage);
    setAcceptDrops(true);
    m_attachButton->setObjectName(QStringLiteral("attachButton"));
    m_attachButton->setAccessibleName(tr("Attach files"));
    m_attachButton->setToolTip(tr("Attach files (or drop them here, or paste a picture)"));
    m_attachButton->setText(QStringLiteral("📎"));
    m_attachButton->setEnabled(false);
    m_trayLabel->setObjectName(QStringLiteral("attachmentTray"));
    m_trayLabel->setAccessibleName(tr("Files to send"));
    m_trayLabel->setWordWrap(true);
    auto *clearButton = new QToolButton(m_tray);
    clearButton->setObjectName(QStringLiteral("clearAttachments"));
    clearButton->setAccessibleName(tr("Remove the attached files"));
    clearButton->setText(QStringLiteral("✕"));
    m_trayPreview->setObjectName(QStringLiteral("attachmentPreview"));
    m_trayPreview->setAccessibleName(tr("Preview of the picture to send"));
    m_trayPreview->setVisible(false);
    auto *trayLayout = new QHBoxLayout(m_tray);
    trayLayout->setContentsMargins(4, 0, 4, 0);
    trayLayout->addWidget(m_trayPreview);
    trayLayout->addWidget(m_trayLabel, 1);
    trayLayout->addWidget(clearButton);
    m_tray->setVisible(false);
    connect(clearButton, &QToolButton::clicked, this, &ConversationView::clearAttached);
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
    m_messageDelegate->setPictureCache(m_pictures);
    m_messageDelegate->setFullPictures(m_full);
    m_messageDelegate->setProfileBook(&m_session.profiles());
    // A picture decoded: paint it where its space was kept (the layout does not change).
    connect(m_pictures, &PictureCache::ready, m_messageList->viewport(),
            qOverload<>(&QWidget::update));
    connect(&m_session.profiles(), &client::ProfileBook::photoChanged, m_messageList->viewport(),
            qOverload<>(&QWidget::update));
    // The header's picture too, once a photo arrives or is decoded.
    connect(&m_session.profiles(), &client::ProfileBook::photoChanged, this,
            &ConversationView::updateAvatar);
    connect(m_pictures, &PictureCache::ready, this, &ConversationView::updateAvatar);
    connect(m_pictures, &PictureCache::ready, this, [this](const QString &key) {
        if (key == m_previewPath)
            showAttached();
    });
    connect(&m_session.media(), &client::MediaCache::cleared, m_pictures, &PictureCache::clear);
    m_messageList->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_messageList->setSelectionMode(QAbstractItemView::SingleSelection);
    m_messageList->setContextMenuPolicy(Qt::CustomContextMenu);
    m_messageList->setResizeMode(QListView::Adjust);
    m_sendButton->setObjectName(QStringLiteral("sendButton"));
    m_sendButton->setAccessibleName(tr("Send message"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *header = new QHBoxLayout;
    m_avatar->setObjectName(QStringLiteral("conversationAvatar"));
    m_avatar->setFixedSize(36, 36);
    header->addWidget(m_avatar);
    auto *titleBlock = new QVBoxLayout;
    titleBlock->setSpacing(0);
    titleBlock->addWidget(m_title);
    titleBlock->addWidget(m_status);
    header->addLayout(titleBlock, 1);
    header->addWidget(m_infoButton);
    layout->addLayout(header);
    layout->addWidget(m_messageList, 1);
    // Floats over the timeline's corner: showing it must not move what the reader sees.
    m_latestButton = new QToolButton(m_messageList);
    m_latestButton->setObjectName(QStringLiteral("jumpToLatest"));
    m_latestButton->setText(tr("↓ Jump to latest"));
    m_latestButton->setToolTip(tr("Back to the newest messages"));
    m_latestButton->hide();
    m_messageList->installEventFilter(this);
    layout->addWidget(m_transfers);
    layout->addWidget(m_tray);
    auto *composeRow = new QHBoxLayout;
    composeRow->addWidget(m_attachButton);
    composeRow->addWidget(m_composer, 1);
    composeRow->addWidget(m_sendButton);
    layout->addLayout(composeRow);
    m_composer->setEnabled(false);
    m_sendButton->setEnabled(false);

    connect(m_infoButton, &QToolButton::clicked, this, &ConversationView::showGroupInfo);
    connectComposer();
    connectTimeline();
}

void ConversationView::connectComposer()
{
    // The text comes back when this device could not keep it: nothing is lost silently.
    connect(&m_session.engine(), &client::SyncEngine::notSaved, this,
            [this](quint64 conversationId, const QString &text) {
                // Unless the user started the next message meanwhile, or moved on.
                if (conversationId == m_current && m_composer->toPlainText().isEmpty())
                    m_composer->setPlainText(text);
                emit statusMessage(tr("Not sent: this device could not store the message (is "
                                      "the disk full?). Free some space and send it again."));
            });
    connect(m_composer, &Composer::sendRequested, this, &ConversationView::send);
    connect(m_sendButton, &QPushButton::clicked, this,
            [this] { send(m_composer->toPlainText().trimmed()); });
    connect(m_composer, &Composer::filesPasted, this, &ConversationView::attachFiles);
    connect(m_composer, &Composer::imagePasted, this, &ConversationView::attachPicture);
    connect(m_attachButton, &QToolButton::clicked, this, [this] {
        attachFiles(m_chooseAttachments ? m_chooseAttachments()
                                        : QFileDialog::getOpenFileNames(this, tr("Attach files")));
    });
    connect(m_composer, &QPlainTextEdit::textChanged, this, [this] {
        const bool hasText = !m_composer->toPlainText().trimmed().isEmpty();
        updateSendButton();
        if (m_current && hasText)
            m_session.typing().userTyped(m_current);
        else if (m_current && !hasText)
            m_session.typing().userStopped(m_current);
    });
}

void ConversationView::connectTimeline()
{
    connect(m_messageList, &QListView::customContextMenuRequested, this,
            &ConversationView::showMessageMenu);
    // A click on a picture opens it large (in the desktop's viewer).
    m_messageList->viewport()->installEventFilter(this);
    MessageListModel &messages = m_session.messages();
    connect(&messages, &MessageListModel::rowsAboutToBeInserted, this,
            [this](const QModelIndex &, int first) { keepPlaceBeforeInsert(first); });
    connect(&messages, &MessageListModel::rowsInserted, this,
            &ConversationView::keepPlaceAfterInsert);
    connect(&messages, &MessageListModel::modelReset, this, [this] {
        // A conversation's rows came in: start at the newest, fill the view, read it (unless
        // they came for a message opened in its place: showJumpTarget follows).
        if (m_session.messages().hasPendingTarget() || !m_session.messages().showsLatest())
            return;
        m_messageList->scrollToBottom();
        fillViewport();
        markReadIfVisible();
    });
    // Resizing re-wraps bubbles and changes the range: a reader at the bottom stays there
    // (at the newest messages; a page opened far back stays where the reader is).
    connect(m_messageList->verticalScrollBar(), &QScrollBar::rangeChanged, this,
            [this](int, int max) {
                if (m_stickToBottom && m_session.messages().showsLatest())
                    m_messageList->verticalScrollBar()->setValue(max);
            });
    connect(m_messageList->verticalScrollBar(), &QScrollBar::valueChanged, this, [this] {
        m_stickToBottom = atBottom();
        fetchOlderAtTop();
        fetchNewerAtBottom();
        markReadIfVisible();
        updateLatestButton();
    });
    connect(&messages, &MessageListModel::targetShown, this, &ConversationView::showJumpTarget);
    connect(&messages, &MessageListModel::targetUnavailable, this, [this] {
        emit statusMessage(tr("That message is not on this computer; connect to open it."));
    });
    connect(&messages, &MessageListModel::windowChanged, this,
            &ConversationView::updateLatestButton);
    connect(m_latestButton, &QToolButton::clicked, this, [this] {
        if (m_session.messages().showsLatest())
            m_messageList->scrollToBottom();
        else
            m_session.messages().showLatest(); // its rows come as a reset: at the bottom
    });
    // The highlight is a moment's pointer to the message, not a state.
    m_highlightTimer->setSingleShot(true);
    m_highlightTimer->setInterval(2500);
    connect(m_highlightTimer, &QTimer::timeout, this, [this] { setHighlighted(0); });
    // The model says no while it reads; a reader waiting at the top gets the page after.
    connect(&messages, &MessageListModel::settled, this, &ConversationView::fetchOlderAtTop);
}

void ConversationView::send(const QString &text)
{
    if (!m_current || (text.isEmpty() && m_attached.isEmpty()))
        return;
    m_composer->clear();
    m_session.typing().userStopped(m_current);
    if (!m_session.messages().showsLatest())
        m_session.messages().showLatest(); // what one sends shows at the bottom, as it comes
    // The files go with the text, into the outbox: sent in order, after a restart too.
    m_session.engine().send(m_current, text, std::exchange(m_attached, {}));
    showAttached();
}

void ConversationView::attachFiles(const QStringList &paths)
{
    const int limit = int(m_session.client.connection().limits().maxAttachments);
    for (const QString &path : paths) {
        if (!QFileInfo(path).isFile() || m_attached.contains(path))
            continue;
        if (limit > 0 && m_attached.size() >= limit) {
            emit statusMessage(
                tr("A message carries at most %1 files; send these first.").arg(limit));
            m_session.engine().removeOwnedFiles({path});
            continue;
        }
        m_attached.append(path);
    }
    showAttached();
}

void ConversationView::clearAttached()
{
    // The app's own copies (pasted pictures) go with them; the user's files stay.
    m_session.engine().removeOwnedFiles(std::exchange(m_attached, {}));
    showAttached();
}

void ConversationView::attachPicture(const QImage &image)
{
    if (image.isNull())
        return;
    // Written off the GUI thread (a screenshot's PNG takes a while), then attached.
    const QString dir = m_session.outgoingDir();
    const QString path = QDir(dir).filePath(
        QStringLiteral("Pasted %1.png")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd hh.mm.ss.zzz"))));
    auto *watcher = new QFutureWatcher<bool>(this);
    connect(watcher, &QFutureWatcher<bool>::finished, this,
            [this, watcher, path, pastedInto = m_current] {
                watcher->deleteLater();
                if (!watcher->result()) {
                    emit statusMessage(
                        tr("The pasted picture could not be kept: is the disk full?"));
                } else if (pastedInto != m_current) {
                    // The user moved on meanwhile: never into another conversation.
                    m_session.engine().removeOwnedFiles({path});
                } else {
                    attachFiles({path});
                }
            });
    watcher->setFuture(QtConcurrent::run(
        [image, dir, path] { return QDir().mkpath(dir) && image.save(path, "PNG"); }));
}

void ConversationView::showAttached()
{
    QStringList lines;
    for (const QString &path : std::as_const(m_attached)) {
        const QFileInfo file(path);
        lines.append(QStringLiteral("📎 %1 (%2)")
                         .arg(file.fileName(), QLocale().formattedDataSize(
                                                   file.size(), 1, QLocale::DataSizeSIFormat)));
    }
    m_trayLabel->setText(lines.join(QLatin1Char('\n')));
    // A preview of the first picture among them, decoded off the GUI thread.
    static const QStringList pictureSuffixes = {QStringLiteral("png"),  QStringLiteral("jpg"),
                                                QStringLiteral("jpeg"), QStringLiteral("gif"),
                                                QStringLiteral("webp"), QStringLiteral("bmp")};
    m_previewPath.clear();
    for (const QString &path : std::as_const(m_attached)) {
        if (pictureSuffixes.contains(QFileInfo(path).suffix().toLower())) {
            m_previewPath = path;
            break;
        }
    }
    QImage preview;
    if (m_previewPath.isEmpty() ||
        m_pictures->findFile(m_previewPath, QSize(kPreviewSide, kPreviewSide), &preview) !=
            PictureCache::State::Ready)
        preview = QImage();
    m_trayPreview->setPixmap(QPixmap::fromImage(preview));
    m_trayPreview->setVisible(!preview.isNull());
    m_tray->setVisible(!m_attached.isEmpty());
    updateSendButton();
}

void ConversationView::updateSendButton()
{
    const bool hasText = !m_composer->toPlainText().trimmed().isEmpty();
    m_sendButton->setEnabled(m_current && (hasText || !m_attached.isEmpty()));
}

void ConversationView::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (m_current &&
        std::any_of(urls.cbegin(), urls.cend(), [](const QUrl &url) { return url.isLocalFile(); }))
        event->acceptProposedAction();
}

void ConversationView::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls()) {
        if (url.isLocalFile())
            paths.append(url.toLocalFile());
    }
    attachFiles(paths);
    event->acceptProposedAction();
}

void ConversationView::open(const client::ConversationRow &conversation)
{
    if (m_current == conversation.id)
        return;
    m_current = conversation.id;
    m_title->setText(conversation.title);
    updateAvatar();
    m_status->setConversation(conversation.id);
    m_infoButton->setVisible(conversation.kind == proto::GROUP);
    m_messageDelegate->setShowSenders(conversation.kind == proto::GROUP);
    m_session.messages().setConversation(conversation.id, m_session.client.user().id());
    m_messageList->scrollToBottom();
    fillViewport();
    m_composer->setEnabled(true);
    m_attachButton->setEnabled(true);
    clearAttached(); // files attached in another conversation do not follow
    m_composer->setFocus();
    markReadIfVisible();
}

void ConversationView::refreshHeader()
{
    if (const auto row = m_session.conversations().conversation(m_current))
        m_title->setText(row->title);
    updateAvatar();
    m_status->refresh();
}

void ConversationView::updateAvatar()
{
    const auto row = m_session.conversations().conversation(m_current);
    if (!row)
        return;
    // Direct: the other person's photo; a group: its initials on its colour.
    const quint64 peer = row->kind == proto::DIRECT ? m_session.conversations().peerOf(row->id) : 0;
    const qreal scale = devicePixelRatioF();
    QPixmap pixmap(m_avatar->size() * scale);
    pixmap.setDevicePixelRatio(scale);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    paintAvatar(&painter, QRect(QPoint(0, 0), m_avatar->size()), row->title, peer ? peer : row->id,
                peer, &m_session.profiles(), m_pictures);
    painter.end();
    m_avatar->setPixmap(pixmap);
}

void ConversationView::markReadIfVisible()
{
    if (m_current && isActiveWindow() && atBottom() && m_session.messages().showsLatest())
        m_session.engine().markRead(m_current);
}

bool ConversationView::atBottom() const
{
    const QScrollBar *bar = m_messageList->verticalScrollBar();
    return bar->value() >= bar->maximum() - 4;
}

void ConversationView::keepPlaceBeforeInsert(int first)
{
    const QScrollBar *bar = m_messageList->verticalScrollBar();
    m_wasAtBottom = atBottom();
    // Rows going in above what is visible must not move it: remember the distance from the
    // bottom and restore it after the insert.
    m_distanceFromBottom =
        first < m_session.messages().rowCount() ? bar->maximum() - bar->value() : -1;
}

void ConversationView::keepPlaceAfterInsert()
{
    QScrollBar *bar = m_messageList->verticalScrollBar();
    m_messageList->doItemsLayout();
    if (m_distanceFromBottom >= 0 && !m_wasAtBottom)
        bar->setValue(bar->maximum() - m_distanceFromBottom);
    else if (m_wasAtBottom && m_session.messages().showsLatest())
        m_messageList->scrollToBottom();
    m_distanceFromBottom = -1;
    fillViewport();
    markReadIfVisible();
}

void ConversationView::fetchOlderAtTop()
{
    // Scroll-back: older pages go on top.
    if (m_messageList->verticalScrollBar()->value() == 0 && m_session.messages().canFetchMore({}))
        m_session.messages().fetchMore({});
}

void ConversationView::fillViewport()
{
    // Too few messages to scroll means no scroll to the top can ask for more: ask now.
    if (m_messageList->verticalScrollBar()->maximum() == 0 && m_session.messages().canFetchMore({}))
        m_session.messages().fetchMore({});
}

void ConversationView::showGroupInfo()
{
    auto *dialog = new GroupInfoDialog(m_session, m_current, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void ConversationView::showMessageMenu(const QPoint &pos)
{
    const QModelIndex index = m_messageList->indexAt(pos);
    if (!index.isValid())
        return;
    if (index.data(MessageListModel::StatusRole).toInt() == int(MessageRow::Status::Failed)) {
        const QString id = index.data(MessageListModel::ClientMsgIdRole).toString();
        QMenu menu(this);
        menu.setObjectName(QStringLiteral("failedMessageMenu"));
        menu.addSection(index.data(MessageListModel::ErrorRole).toString());
        menu.addAction(tr("Retry"), this, [this, id] { m_session.engine().retry(id); });
        menu.addAction(tr("Delete"), this, [this, id] { m_session.engine().discard(id); });
        menu.exec(m_messageList->viewport()->mapToGlobal(pos));
        return;
    }
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("messageMenu"));
    if (index.data(MessageListModel::UploadRole).isValid()) {
        // Files on their way (or waiting for the connection): the user may call it off.
        const QString id = index.data(MessageListModel::ClientMsgIdRole).toString();
        menu.addAction(tr("Cancel sending"), this, [this, id] { m_session.engine().discard(id); });
    }
    for (const proto::Attachment &file : m_session.messages().attachmentsAt(index.row())) {
        const QString name = QString::fromStdString(file.file_name());
        menu.addAction(tr("Open “%1”").arg(name), this, [this, file] { m_files->open(file); });
        menu.addAction(tr("Save “%1”…").arg(name), this, [this, file] { m_files->save(file); });
    }
    if (index.data(MessageListModel::IsOwnRole).toBool()) {
        // The seq now: rows may shift (older pages arrive) while the menu is open.
        const quint64 seq = index.data(MessageListModel::SeqRole).toULongLong();
        menu.addAction(tr("Message info…"), this, [this, seq] { showMessageInfo(seq); });
    }
    if (!menu.isEmpty())
        menu.exec(m_messageList->viewport()->mapToGlobal(pos));
}

QStyleOptionViewItem ConversationView::optionFor(const QModelIndex &index) const
{
    QStyleOptionViewItem option;
    option.initFrom(m_messageList);
    option.widget = m_messageList;
    option.rect = m_messageList->visualRect(index);
    return option;
}

QRect ConversationView::pictureRect(const QModelIndex &index) const
{
    return m_messageDelegate->pictureRect(optionFor(index), index);
}

QRect ConversationView::cardLinkRect(const QModelIndex &index, int card,
                                     MessageDelegate::CardLink link) const
{
    return m_messageDelegate->cardLinkRect(optionFor(index), index, card, link);
}

bool ConversationView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_messageList && event->type() == QEvent::Resize)
        updateLatestButton();
    if (watched == m_messageList->viewport() && event->type() == QEvent::MouseButtonRelease) {
        const auto *click = static_cast<QMouseEvent *>(event);
        const QModelIndex index = m_messageList->indexAt(click->position().toPoint());
        if (click->button() == Qt::LeftButton && index.isValid() &&
            pictureRect(index).contains(click->position().toPoint())) {
            if (const auto picture = m_session.messages().pictureAt(index.row()))
                m_files->open(*picture);
        } else if (click->button() == Qt::LeftButton && index.isValid()) {
            clickCard(index, click->position().toPoint());
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ConversationView::clickCard(const QModelIndex &index, const QPoint &at)
{
    const QList<proto::Attachment> cards = m_session.messages().cardsAt(index.row());
    for (int card = 0; card < cards.size(); ++card) {
        if (cardLinkRect(index, card, MessageDelegate::CardLink::Open).contains(at))
            return m_files->open(cards[card]);
        if (cardLinkRect(index, card, MessageDelegate::CardLink::Save).contains(at))
            return m_files->save(cards[card]);
    }
}

void ConversationView::showMessageInfo(quint64 seq)
{
    if (seq == 0)
        return; // not on the server yet
    auto *dialog = new MessageInfoDialog(m_session.messages().otherMembers(), seq, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

} // namespace natter::app

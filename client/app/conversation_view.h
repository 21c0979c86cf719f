#pragma once

#include "account_session.h"
#include "file_actions.h"
#include "message_delegate.h"

#include <QWidget>
#include <functional>

class QDragEnterEvent;
class QDropEvent;
class QImage;
class QLabel;
class QListView;
class QPushButton;
class QTimer;
class QToolButton;

namespace natter::app {

class Composer;
class ConversationStatus;
class FullPictures;
class PictureCache;
class TransferStrip;

/// The open conversation: its header (title, status, members button), the timeline of
/// messages with its scroll anchoring and context menu, and the composer.
class ConversationView : public QWidget {
    Q_OBJECT
public:
    explicit ConversationView(AccountSession &session, QWidget *parent = nullptr);

    /// Shows `conversationId` (a row of the cache); nothing when it is open already.
    void open(const client::ConversationRow &conversation);
    [[nodiscard]] quint64 current() const { return m_current; }
    /// The title again, and the status line (after the conversation list changed).
    void refreshHeader();
    /// Marks the conversation read when the user can see its newest message (also called by
    /// the window when it becomes active: only top-level windows hear of that).
    void markReadIfVisible();
    /// Save and Open of the files of messages (tests answer its dialogs).
    [[nodiscard]] FileActions &files() { return *m_files; }
    /// What the attach button offers (by default an open dialog; tests answer without one).
    using AttachChooser = std::function<QStringList()>;
    void setAttachChooser(AttachChooser chooser) { m_chooseAttachments = std::move(chooser); }
    /// Files to go with the next message (shown above the composer until sent or cleared).
    void attachFiles(const QStringList &paths);
    [[nodiscard]] const QStringList &attachedFiles() const { return m_attached; }
    /// Where the picture of the timeline's row `index` is (empty without one); a click there
    /// opens it large.
    [[nodiscard]] QRect pictureRect(const QModelIndex &index) const;
    /// Opens message `seq` of the open conversation in its place (a search hit): the page
    /// around it, scrolled to it, highlighted for a moment; the timeline then loads older and
    /// newer pages as the reader scrolls, and "Jump to latest" goes back to the newest.
    void jumpTo(quint64 seq);
    /// The message highlighted by the last jump (0: none, or the moment has passed).
    [[nodiscard]] quint64 highlightedSeq() const { return m_highlighted; }
    /// Where a file card's Open or Save as link is (empty without one).
    [[nodiscard]] QRect cardLinkRect(const QModelIndex &index, int card,
                                     MessageDelegate::CardLink link) const;

signals:
    /// Something the status bar should say for a while.
    void statusMessage(const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void attachPicture(const QImage &image);
    void updateAvatar();
    void clearAttached();
    void showAttached();
    void updateSendButton();
    void connectComposer();
    void connectTimeline();
    void send(const QString &text);
    void showGroupInfo();
    void showMessageMenu(const QPoint &pos);
    void showMessageInfo(quint64 seq);
    void clickCard(const QModelIndex &index, const QPoint &at);
    [[nodiscard]] QStyleOptionViewItem optionFor(const QModelIndex &index) const;
    void keepPlaceBeforeInsert(int first);
    void keepPlaceAfterInsert();
    void fillViewport();
    /// The reader is at the top: ask the model for the page before.
    void fetchOlderAtTop();
    [[nodiscard]] bool atBottom() const;
    /// A jump's message is at `row`: centre and highlight it.
    void showJumpTarget(int row);
    void setHighlighted(quint64 seq);
    /// The reader is at the bottom of a page opened far back: ask for the page after.
    void fetchNewerAtBottom();
    void updateLatestButton();

    static constexpr int kPreviewSide = 96;

    AccountSession &m_session;
    QLabel *m_avatar;
    QLabel *m_title;
    ConversationStatus *m_status;
    QToolButton *m_infoButton;
    QToolButton *m_latestButton;
    QListView *m_messageList;
    MessageDelegate *m_messageDelegate;
    PictureCache *m_pictures;
    FullPictures *m_full;
    Composer *m_composer;
    QPushButton *m_sendButton;
    QToolButton *m_attachButton;
    QWidget *m_tray;
    QLabel *m_trayLabel;
    QLabel *m_trayPreview;
    QString m_previewPath; // the attached picture the tray shows
    TransferStrip *m_transfers;
    FileActions *m_files;
    QStringList m_attached;
    AttachChooser m_chooseAttachments;
    quint64 m_current = 0;
    // Scroll anchoring across inserts (see keepPlaceBeforeInsert).
    int m_distanceFromBottom = -1;
    bool m_wasAtBottom = true;
    bool m_stickToBottom = true;
    quint64 m_highlighted = 0;
    QTimer *m_highlightTimer;
};

} // namespace natter::app

// ConversationView: opening a message in its place (a search hit), and Jump to latest.
#include "conversation_view.h"

#include "message_delegate.h"

#include <QListView>
#include <QScrollBar>
#include <QTimer>
#include <QToolButton>

namespace natter::app {

using client::MessageListModel;

void ConversationView::jumpTo(quint64 seq)
{
    if (m_current)
        m_session.messages().showAround(seq);
}

void ConversationView::showJumpTarget(int row)
{
    const QModelIndex index = m_messageList->model()->index(row, 0);
    m_messageList->doItemsLayout();
    m_messageList->scrollTo(index, QAbstractItemView::PositionAtCenter);
    m_stickToBottom = atBottom() && m_session.messages().showsLatest();
    setHighlighted(index.data(MessageListModel::SeqRole).toULongLong());
    m_highlightTimer->start();
    updateLatestButton();
}

void ConversationView::setHighlighted(quint64 seq)
{
    m_highlighted = seq;
    m_messageDelegate->setHighlightedSeq(seq);
    m_messageList->viewport()->update();
}

void ConversationView::fetchNewerAtBottom()
{
    // Reading down from a page opened far back: newer pages go below, the view stays put.
    if (atBottom() && m_session.messages().canFetchNewer())
        m_session.messages().fetchNewer();
}

void ConversationView::updateLatestButton()
{
    m_latestButton->setVisible(m_current != 0 &&
                               (!m_session.messages().showsLatest() || !atBottom()));
    m_latestButton->adjustSize();
    const QRect area = m_messageList->viewport()->geometry();
    m_latestButton->move(area.right() - m_latestButton->width() - 8,
                         area.bottom() - m_latestButton->height() - 8);
    m_latestButton->raise();
}

} // namespace natter::app

#include "conversation_delegate.h"

#include "avatar.h"
#include "conversation_list_model.h"

#include <QApplication>
#include <QDateTime>
#include <QPainter>

namespace natter::app {

using client::ConversationListModel;

namespace {
constexpr int kPadding = 8;

QString shortTime(const QDateTime &time)
{
    if (!time.isValid() || time.toMSecsSinceEpoch() == 0)
        return {};
    if (time.date() == QDate::currentDate())
        return QLocale().toString(time.time(), QLocale::ShortFormat);
    return QLocale().toString(time.date(), QLocale::ShortFormat);
}
} // namespace

ConversationDelegate::ConversationDelegate(client::ProfileBook *profiles, PictureCache *pictures,
                                           QObject *parent)
    : QStyledItemDelegate(parent)
    , m_profiles(profiles)
    , m_pictures(pictures)
{}

QSize ConversationDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    return {200, option.fontMetrics.height() * 2 + kPadding * 3};
}

void ConversationDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const bool selected = option.state & QStyle::State_Selected;
    const QPalette &pal = option.palette;
    const QColor text = pal.color(selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor dim = selected ? text : pal.color(QPalette::PlaceholderText);
    const quint64 unread = index.data(ConversationListModel::UnreadRole).toULongLong();
    const int line = option.fontMetrics.height();
    const int avatarSide = 2 * line + kPadding;
    painter->save();
    // The other person's photo, or initials (groups: the title's, on the group's colour).
    const quint64 peer = index.data(ConversationListModel::PeerRole).toULongLong();
    paintAvatar(
        painter,
        QRect(option.rect.left() + kPadding, option.rect.top() + kPadding, avatarSide, avatarSide),
        index.data(Qt::DisplayRole).toString(),
        peer ? peer : index.data(ConversationListModel::IdRole).toULongLong(), peer, m_profiles,
        m_pictures);
    painter->setFont(option.font);
    const QRect area =
        option.rect.adjusted(2 * kPadding + avatarSide, kPadding, -kPadding, -kPadding);

    QFont titleFont = option.font;
    titleFont.setBold(unread > 0);
    const QString time =
        shortTime(index.data(ConversationListModel::LastActivityRole).toDateTime());
    const int timeWidth = option.fontMetrics.horizontalAdvance(time) + kPadding;
    // A presence dot before the title of a direct conversation: filled when online, hollow
    // when away (shape, not only colour, tells them apart).
    const int presence = index.data(client::ConversationListModel::PresenceRole).toInt();
    int titleLeft = area.left();
    if (presence == proto::ONLINE || presence == proto::AWAY) {
        const int d = line / 2;
        const QRect dot(area.left(), area.top() + (line - d) / 2, d, d);
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(QColor(0x2e, 0xa0, 0x43), 1.5));
        painter->setBrush(presence == proto::ONLINE ? QBrush(QColor(0x2e, 0xa0, 0x43)) : QBrush());
        painter->drawEllipse(dot);
        titleLeft = dot.right() + d / 2 + 2;
    }
    painter->setFont(titleFont);
    painter->setPen(text);
    const QRect titleRect(titleLeft, area.top(), area.right() - timeWidth - titleLeft, line);
    painter->drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(titleFont).elidedText(index.data(Qt::DisplayRole).toString(),
                                                         Qt::ElideRight, titleRect.width()));
    painter->setFont(option.font);
    painter->setPen(dim);
    painter->drawText(QRect(area.right() - timeWidth, area.top(), timeWidth, line),
                      Qt::AlignRight | Qt::AlignVCenter, time);

    QString badge;
    if (unread > 0)
        badge = unread > 99 ? QStringLiteral("99+") : QString::number(unread);
    const int badgeWidth = badge.isEmpty() ? 0 : option.fontMetrics.horizontalAdvance(badge) + line;
    const QRect previewRect(area.left(), area.top() + line + kPadding,
                            area.width() - badgeWidth - (badgeWidth ? kPadding : 0), line);
    painter->drawText(
        previewRect, Qt::AlignLeft | Qt::AlignVCenter,
        option.fontMetrics.elidedText(index.data(ConversationListModel::PreviewRole).toString(),
                                      Qt::ElideRight, previewRect.width()));
    if (!badge.isEmpty()) {
        const QRect badgeRect(area.right() - badgeWidth, previewRect.top(), badgeWidth, line);
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(pal.color(selected ? QPalette::HighlightedText : QPalette::Highlight));
        painter->drawRoundedRect(badgeRect, line / 2.0, line / 2.0);
        painter->setPen(pal.color(selected ? QPalette::Highlight : QPalette::HighlightedText));
        painter->drawText(badgeRect, Qt::AlignCenter, badge);
    }
    painter->restore();
}

} // namespace natter::app

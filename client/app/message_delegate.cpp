#include "message_delegate.h"

#include "local_cache.h"
#include "message_list_model.h"

#include <QDateTime>
#include <QPainter>
#include <algorithm>

namespace natter::app {

using client::MessageListModel;
using client::MessageRow;

namespace {
constexpr int kMargin = 6;
constexpr int kPadding = 8;

using Delivery = MessageListModel::Delivery;

QString timeText(const QModelIndex &index)
{
    return QLocale().toString(index.data(MessageListModel::TimeRole).toDateTime().time(),
                              QLocale::ShortFormat);
}

/// ◷ pending, ✓ stored by the server, ✓✓ on a device of the recipient, ✓✓ (bold) read,
/// ! failed; in groups "read by N of M" until everyone has.
QString statusText(const QModelIndex &index)
{
    if (!index.data(MessageListModel::IsOwnRole).toBool())
        return {};
    const auto delivery = Delivery(index.data(MessageListModel::DeliveryRole).toInt());
    const int others = index.data(MessageListModel::OtherMembersRole).toInt();
    const int read = index.data(MessageListModel::ReadCountRole).toInt();
    switch (delivery) {
    case Delivery::Pending: {
        // Files going up: how far (the percent over all of them).
        const QVariant upload = index.data(MessageListModel::UploadRole);
        return upload.isValid() && upload.toInt() >= 0
                   ? QStringLiteral("↑ %1% ◷").arg(upload.toInt())
                   : QStringLiteral("◷");
    }
    case Delivery::Failed:
        return QStringLiteral("!");
    case Delivery::Sent:
        return QStringLiteral("✓");
    case Delivery::Delivered:
        return others > 1 && read > 0
                   ? MessageDelegate::tr("✓✓ read by %1 of %2").arg(read).arg(others)
                   : QStringLiteral("✓✓");
    case Delivery::Read:
        break;
    }
    return QStringLiteral("✓✓");
}

QString metaText(const QModelIndex &index)
{
    const QString status = statusText(index);
    return status.isEmpty() ? timeText(index) : timeText(index) + QLatin1Char(' ') + status;
}
} // namespace

MessageDelegate::Layout MessageDelegate::layout(const QStyleOptionViewItem &option,
                                                const QModelIndex &index) const
{
    Layout l;
    const QFontMetrics &fm = option.fontMetrics;
    const int width = option.rect.width() > 0 ? option.rect.width() : 400;
    int top = option.rect.top();
    if (index.data(MessageListModel::DaySeparatorRole).toBool()) {
        l.separator = QRect(option.rect.left(), top + kMargin, width, fm.height());
        top = l.separator.bottom() + kMargin;
    }
    const bool own = index.data(MessageListModel::IsOwnRole).toBool();
    const int maxText = qMax(80, width * 2 / 3 - 2 * kPadding);
    const QRect textBounds =
        fm.boundingRect(QRect(0, 0, maxText, 100000), Qt::TextWordWrap, index.data().toString());
    const int senderHeight = (m_showSenders && !own) ? fm.height() : 0;
    const int metaWidth = fm.horizontalAdvance(metaText(index)) + 8; // room for a bold status
    const int senderWidth =
        senderHeight ? fm.horizontalAdvance(index.data(MessageListModel::SenderRole).toString())
                     : 0;
    const int innerWidth = std::max({textBounds.width(), metaWidth, senderWidth});
    const int bubbleWidth = innerWidth + 2 * kPadding;
    const int bubbleHeight = senderHeight + textBounds.height() + fm.height() + 2 * kPadding;
    const int left =
        own ? option.rect.left() + width - bubbleWidth - kMargin : option.rect.left() + kMargin;
    l.bubble = QRect(left, top + kMargin / 2, bubbleWidth, bubbleHeight);
    const QRect inner = l.bubble.adjusted(kPadding, kPadding, -kPadding, -kPadding);
    l.sender = QRect(inner.left(), inner.top(), inner.width(), senderHeight);
    l.text = QRect(inner.left(), inner.top() + senderHeight, inner.width(), textBounds.height());
    l.meta = QRect(inner.left(), l.text.bottom() + 1, inner.width(), fm.height());
    return l;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    opt.rect = QRect(0, 0, option.widget ? option.widget->width() - 20 : 400, 0);
    const Layout l = layout(opt, index);
    return {opt.rect.width(), l.bubble.bottom() + kMargin / 2 + 1};
}

void MessageDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    const Layout l = layout(option, index);
    const QPalette &pal = option.palette;
    const bool own = index.data(MessageListModel::IsOwnRole).toBool();
    const bool failed =
        index.data(MessageListModel::StatusRole).toInt() == int(MessageRow::Status::Failed);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (l.separator.isValid()) {
        painter->setPen(pal.color(QPalette::PlaceholderText));
        const QDate day = index.data(MessageListModel::TimeRole).toDateTime().date();
        painter->drawText(l.separator, Qt::AlignCenter,
                          day == QDate::currentDate()
                              ? tr("Today")
                              : QLocale().toString(day, QLocale::LongFormat));
    }
    // Palette roles, not fixed colours: the bubbles follow light and dark themes.
    QColor fill = own ? pal.color(QPalette::Highlight) : pal.color(QPalette::AlternateBase);
    if (failed)
        fill = QColor(0xd9, 0x53, 0x4f);
    const QColor ink =
        own || failed ? pal.color(QPalette::HighlightedText) : pal.color(QPalette::Text);
    painter->setPen(Qt::NoPen);
    painter->setBrush(fill);
    painter->drawRoundedRect(l.bubble, 10, 10);
    painter->setPen(ink);
    if (l.sender.height() > 0) {
        QFont bold = option.font;
        bold.setBold(true);
        painter->setFont(bold);
        painter->drawText(l.sender, Qt::AlignLeft,
                          index.data(MessageListModel::SenderRole).toString());
        painter->setFont(option.font);
    }
    painter->drawText(l.text, Qt::TextWordWrap, index.data().toString());
    // The status after the time; "read" is the bold one.
    const QString status = statusText(index);
    QFont statusFont = option.font;
    statusFont.setBold(Delivery(index.data(MessageListModel::DeliveryRole).toInt()) ==
                       Delivery::Read);
    const int statusWidth =
        status.isEmpty() ? 0 : QFontMetrics(statusFont).horizontalAdvance(status);
    painter->setFont(statusFont);
    painter->drawText(l.meta, Qt::AlignRight, status);
    painter->setFont(option.font);
    const QRect timeRect = l.meta.adjusted(0, 0, status.isEmpty() ? 0 : -statusWidth - 4, 0);
    painter->drawText(timeRect, Qt::AlignRight, timeText(index));
    painter->restore();
}

} // namespace natter::app

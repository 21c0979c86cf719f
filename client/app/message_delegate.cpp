#include "message_delegate.h"

#include "avatar.h"
#include "full_pictures.h"
#include "local_cache.h"
#include "message_list_model.h"
#include "picture_cache.h"

#include <QAbstractProxyModel>
#include <QDateTime>
#include <QPainter>
#include <algorithm>

namespace natter::app {

using client::MessageListModel;
using client::MessageRow;

namespace {
constexpr int kMargin = 6;
constexpr int kPadding = 8;
constexpr int kMaxPictureSide = 320;

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
    // A picture at most kMaxPictureSide (and the text's width) a side, never upscaled.
    const QSize pixels = index.data(MessageListModel::PictureSizeRole).toSize();
    QSize shown;
    if (pixels.isValid() && !pixels.isEmpty()) {
        const int side = std::min(kMaxPictureSide, maxText);
        shown = pixels.width() > side || pixels.height() > side
                    ? pixels.scaled(side, side, Qt::KeepAspectRatio)
                    : pixels;
        shown = shown.expandedTo(QSize(1, 1));
    }
    const int pictureHeight = shown.isValid() ? shown.height() + kPadding / 2 : 0;
    const int innerWidth =
        std::max({textBounds.width(), metaWidth, senderWidth, shown.isValid() ? shown.width() : 0});
    const int bubbleWidth = innerWidth + 2 * kPadding;
    const int bubbleHeight =
        senderHeight + pictureHeight + textBounds.height() + fm.height() + 2 * kPadding;
    // In groups, others' messages have their sender's photo (or initials) beside them.
    const int avatarSide = senderHeight ? 2 * fm.height() : 0;
    const int left = own ? option.rect.left() + width - bubbleWidth - kMargin
                         : option.rect.left() + kMargin + (avatarSide ? avatarSide + kMargin : 0);
    l.bubble = QRect(left, top + kMargin / 2, bubbleWidth, bubbleHeight);
    if (avatarSide)
        l.avatar = QRect(option.rect.left() + kMargin, l.bubble.top(), avatarSide, avatarSide);
    const QRect inner = l.bubble.adjusted(kPadding, kPadding, -kPadding, -kPadding);
    l.sender = QRect(inner.left(), inner.top(), inner.width(), senderHeight);
    if (shown.isValid())
        l.picture = QRect(QPoint(inner.left(), inner.top() + senderHeight), shown);
    l.text = QRect(inner.left(), inner.top() + senderHeight + pictureHeight, inner.width(),
                   textBounds.height());
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
    if (l.avatar.isValid()) {
        const quint64 sender = index.data(MessageListModel::SenderIdRole).toULongLong();
        paintAvatar(painter, l.avatar, index.data(MessageListModel::SenderRole).toString(), sender,
                    sender, m_profiles, m_pictures);
    }
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
    if (l.picture.isValid())
        paintPicture(painter, option, l.picture, index);
    painter->setPen(ink);
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

void MessageDelegate::paintPicture(QPainter *painter, const QStyleOptionViewItem &option,
                                   const QRect &rect, const QModelIndex &index) const
{
    QImage image;
    if (m_full) {
        QModelIndex at = index; // the view may show the model through proxies
        while (const auto *proxy = qobject_cast<const QAbstractProxyModel *>(at.model()))
            at = proxy->mapToSource(at);
        const auto *messages = qobject_cast<const MessageListModel *>(at.model());
        for (const proto::Attachment &file :
             messages ? messages->attachmentsAt(at.row()) : QList<proto::Attachment>()) {
            if (file.width() > 0) {
                // The first picture is the one shown; the thumbnail until it is loaded.
                if (m_full->find(file, &image)) {
                    painter->save();
                    painter->setRenderHint(QPainter::SmoothPixmapTransform);
                    painter->drawImage(rect, image);
                    painter->restore();
                    return;
                }
                break;
            }
        }
    }
    const QString key = index.data(MessageListModel::PictureKeyRole).toString();
    PictureCache::State state =
        m_pictures ? m_pictures->cached(key, &image) : PictureCache::State::Failed;
    if (state == PictureCache::State::Missing) // the bytes only when they are to be decoded
        state = m_pictures->find(key, index.data(MessageListModel::ThumbnailRole).toByteArray(),
                                 &image);
    if (state == PictureCache::State::Ready) {
        // The thumbnail, scaled up into the space the full picture takes.
        painter->drawImage(rect, image);
        return;
    }
    // Still decoding, no thumbnail, or one that would not decode: a placeholder of the size.
    painter->setPen(Qt::NoPen);
    painter->setBrush(option.palette.color(QPalette::Mid));
    painter->drawRoundedRect(rect, 6, 6);
    painter->setPen(option.palette.color(QPalette::Light));
    painter->drawText(rect, Qt::AlignCenter, QStringLiteral("🖼"));
}

} // namespace natter::app

#include "message_delegate.h"

#include "avatar.h"
#include "full_pictures.h"
#include "local_cache.h"
#include "message_list_model.h"
#include "picture_cache.h"

#include <QAbstractProxyModel>
#include <QApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QIcon>
#include <QMimeDatabase>
#include <QPainter>
#include <QStyle>
#include <algorithm>

namespace natter::app {

using client::MessageListModel;
using client::MessageRow;

namespace {
constexpr int kMargin = 6;
constexpr int kPadding = 8;
constexpr int kMaxPictureSide = 320;
constexpr int kCardWidth = 260;
constexpr int kIconSide = 32;

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

/// A CardsRole entry is "name (size)".
QString cardName(const QString &card)
{
    const qsizetype cut = card.lastIndexOf(QStringLiteral(" ("));
    return cut < 0 ? card : card.left(cut);
}

QString cardSize(const QString &card)
{
    const qsizetype cut = card.lastIndexOf(QStringLiteral(" ("));
    return cut < 0 || !card.endsWith(QLatin1Char(')')) ? QString() : card.mid(cut + 2).chopped(1);
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
    // The caption; the files go on cards above it.
    const QString caption = index.data(MessageListModel::TextRole).toString();
    const QRect textBounds = caption.isEmpty() ? QRect()
                                               : fm.boundingRect(QRect(0, 0, maxText, 100000),
                                                                 Qt::TextWordWrap, caption);
    const QStringList cards = index.data(MessageListModel::CardsRole).toStringList();
    // Wide enough for the size and both links on one line when the row allows; otherwise the
    // links go on a line of their own.
    int linksWidth = 0;
    for (const QString &card : cards)
        linksWidth = std::max(linksWidth, fm.horizontalAdvance(cardSize(card)) + linkWidth(fm));
    const int cardWidth =
        std::min(maxText, std::max(kCardWidth, kIconSide + 2 * kPadding + linksWidth));
    const bool linksBelow = kIconSide + 2 * kPadding + linksWidth > cardWidth;
    const int cardHeight = (linksBelow ? 3 : 2) * fm.height() + kPadding;
    const int cardsHeight = int(cards.size()) * (cardHeight + kPadding / 2);
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
        std::max({textBounds.width(), metaWidth, senderWidth, shown.isValid() ? shown.width() : 0,
                  cards.isEmpty() ? 0 : cardWidth});
    const int bubbleWidth = innerWidth + 2 * kPadding;
    const int bubbleHeight = senderHeight + pictureHeight + cardsHeight + textBounds.height() +
                             fm.height() + 2 * kPadding;
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
    // Links only once the files are on the server (a pending message's are still going up).
    const bool links = index.data(MessageListModel::SeqRole).toULongLong() > 0;
    int cardTop = inner.top() + senderHeight + pictureHeight;
    for (const QString &card : cards) {
        l.cards.append(
            cardParts(QRect(inner.left(), cardTop, cardWidth, cardHeight), fm, cardSize(card),
                      links ? (linksBelow ? Links::Below : Links::Beside) : Links::None));
        cardTop += cardHeight + kPadding / 2;
    }
    l.text = QRect(inner.left(), cardTop, inner.width(), textBounds.height());
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
    if (m_highlightedSeq != 0 &&
        index.data(MessageListModel::SeqRole).toULongLong() == m_highlightedSeq) {
        QColor band = pal.color(QPalette::Highlight);
        band.setAlpha(60);
        painter->fillRect(option.rect, band);
    }
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
    paintCards(painter, option, l, index, ink);
    painter->setPen(ink);
    painter->drawText(l.text, Qt::TextWordWrap, index.data(MessageListModel::TextRole).toString());
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

int MessageDelegate::linkWidth(const QFontMetrics &fm)
{
    return fm.horizontalAdvance(tr("Open")) + fm.horizontalAdvance(tr("Save as…")) + 4 * kPadding;
}

MessageDelegate::Card MessageDelegate::cardParts(const QRect &frame, const QFontMetrics &fm,
                                                 const QString &size, Links links)
{
    Card c;
    c.frame = frame;
    c.icon = QRect(frame.left() + kPadding / 2, frame.top() + (frame.height() - kIconSide) / 2,
                   kIconSide, kIconSide);
    const int textLeft = c.icon.right() + kPadding;
    const int textWidth = std::max(0, frame.right() - kPadding / 2 - textLeft);
    c.name = QRect(textLeft, frame.top() + kPadding / 2, textWidth, fm.height());
    c.size = QRect(textLeft, c.name.bottom() + 1, fm.horizontalAdvance(size), fm.height());
    if (links == Links::None)
        return c;
    // After the size, or under it when the row is too narrow for both.
    const QPoint start = links == Links::Beside
                             ? QPoint(c.size.right() + 1 + kPadding * 2, c.size.top())
                             : QPoint(textLeft, c.size.bottom() + 1);
    c.open = QRect(start, QSize(fm.horizontalAdvance(tr("Open")), fm.height()));
    c.save = QRect(QPoint(c.open.right() + 1 + kPadding * 2, start.y()),
                   QSize(fm.horizontalAdvance(tr("Save as…")), fm.height()));
    return c;
}

QRect MessageDelegate::cardLinkRect(const QStyleOptionViewItem &option, const QModelIndex &index,
                                    int card, CardLink link) const
{
    const Layout l = layout(option, index);
    if (card < 0 || card >= l.cards.size())
        return {};
    return link == CardLink::Open ? l.cards[card].open : l.cards[card].save;
}

QIcon MessageDelegate::iconFor(const QString &fileName, const QStyle *style) const
{
    // The desktop's icon for the file's type, looked up once per suffix (the lookups read
    // the MIME database and the icon theme).
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    auto cached = m_icons.constFind(suffix);
    if (cached != m_icons.cend())
        return *cached;
    const QMimeType type = QMimeDatabase().mimeTypeForFile(fileName, QMimeDatabase::MatchExtension);
    const QIcon icon = QIcon::fromTheme(
        type.iconName(),
        QIcon::fromTheme(type.genericIconName(), style->standardIcon(QStyle::SP_FileIcon)));
    m_icons.insert(suffix, icon);
    return icon;
}

void MessageDelegate::paintCards(QPainter *painter, const QStyleOptionViewItem &option,
                                 const Layout &l, const QModelIndex &index, const QColor &ink) const
{
    const QStringList cards = index.data(MessageListModel::CardsRole).toStringList();
    const QStyle *style = option.widget ? option.widget->style() : QApplication::style();
    QFont bold = option.font;
    bold.setBold(true);
    QFont link = option.font;
    link.setUnderline(true);
    for (qsizetype i = 0; i < l.cards.size() && i < cards.size(); ++i) {
        const Card &c = l.cards[i];
        const QString name = cardName(cards[i]);
        QColor shade = ink;
        shade.setAlpha(28);
        painter->setPen(Qt::NoPen);
        painter->setBrush(shade);
        painter->drawRoundedRect(c.frame, 6, 6);
        iconFor(name, style).paint(painter, c.icon);
        painter->setPen(ink);
        painter->setFont(bold);
        painter->drawText(c.name, Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetrics(bold).elidedText(name, Qt::ElideMiddle, c.name.width()));
        painter->setFont(option.font);
        painter->drawText(c.size, Qt::AlignLeft | Qt::AlignVCenter, cardSize(cards[i]));
        if (c.open.isValid()) {
            painter->setFont(link);
            painter->drawText(c.open, Qt::AlignLeft | Qt::AlignVCenter, tr("Open"));
            painter->drawText(c.save, Qt::AlignLeft | Qt::AlignVCenter, tr("Save as…"));
            painter->setFont(option.font);
        }
    }
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
        const auto picture = messages ? messages->pictureAt(at.row()) : std::nullopt;
        // The full picture once it is loaded; the thumbnail until then.
        if (picture && m_full->find(*picture, &image)) {
            painter->save();
            painter->setRenderHint(QPainter::SmoothPixmapTransform);
            painter->drawImage(rect, image);
            painter->restore();
            return;
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

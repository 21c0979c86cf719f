#include "avatar.h"

#include "picture_cache.h"
#include "profile_book.h"

#include <QPainter>
#include <QPainterPath>

namespace natter::app {

QString initialsOf(const QString &name)
{
    QString initials;
    for (const QString &word : name.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        initials.append(word.front().toUpper());
        if (initials.size() == 2)
            break;
    }
    return initials;
}

void paintAvatar(QPainter *painter, const QRect &rect, const QString &name, quint64 seed,
                 quint64 userId, client::ProfileBook *profiles, PictureCache *pictures)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QString photo = userId && profiles ? profiles->photoPath(userId) : QString();
    QImage image;
    if (!photo.isEmpty() && pictures &&
        pictures->findFile(photo, rect.size() * 2, &image) == PictureCache::State::Ready) {
        QPainterPath circle;
        circle.addEllipse(QRectF(rect));
        painter->setClipPath(circle);
        painter->drawImage(rect, image);
        painter->restore();
        return;
    }
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor::fromHsl(int(seed * 47 % 360), 120, 110));
    painter->drawEllipse(rect);
    painter->setPen(Qt::white);
    QFont font = painter->font();
    font.setBold(true);
    font.setPixelSize(qMax(8, rect.height() * 2 / 5));
    painter->setFont(font);
    painter->drawText(rect, Qt::AlignCenter, initialsOf(name));
    painter->restore();
}

} // namespace natter::app

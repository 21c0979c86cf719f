#include "image_tools.h"

#include <QBuffer>
#include <QFile>
#include <QImageReader>
#include <QImageWriter>

namespace natter::image {
namespace {

bool isPictureFormat(const QByteArray &format)
{
    return format == "png" || format == "jpeg" || format == "gif";
}

bool withinPictureLimits(QSize size)
{
    return size.isValid() && size.width() <= kMaxImageSide && size.height() <= kMaxImageSide &&
           qint64(size.width()) * size.height() <= kMaxImagePixels;
}

/// Encodes as JPEG at the highest quality (from 85 down) that fits `maxBytes`.
QByteArray jpegWithin(const QImage &image, int maxBytes)
{
    // JPEG has no alpha: transparent parts become white rather than black.
    QImage opaque(image.size(), QImage::Format_RGB32);
    opaque.fill(Qt::white);
    {
        QImage converted = image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
        for (int y = 0; y < converted.height(); ++y) {
            const auto *from = reinterpret_cast<const QRgb *>(converted.constScanLine(y));
            auto *to = reinterpret_cast<QRgb *>(opaque.scanLine(y));
            for (int x = 0; x < converted.width(); ++x) {
                const QRgb p = from[x];
                const int a = qAlpha(p);
                to[x] = qRgb(qRed(p) + (255 - a), qGreen(p) + (255 - a), qBlue(p) + (255 - a));
            }
        }
    }
    for (int quality = 85; quality >= 20; quality -= 15) {
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        QImageWriter writer(&buffer, "jpeg");
        writer.setQuality(quality);
        if (!writer.write(opaque))
            return {};
        if (bytes.size() <= maxBytes)
            return bytes;
    }
    return {};
}

} // namespace

QStringList missingPictureFormats()
{
    const QList<QByteArray> supported = QImageReader::supportedImageFormats();
    QStringList missing;
    for (const char *format : {"png", "jpeg", "gif"}) {
        if (!supported.contains(format))
            missing.append(QString::fromLatin1(format));
    }
    return missing;
}

std::optional<QSize> pictureSize(QIODevice *device)
{
    QImageReader reader(device);
    if (!isPictureFormat(reader.format()))
        return std::nullopt;
    const QSize size = reader.size();
    if (!withinPictureLimits(size))
        return std::nullopt;
    return size;
}

std::optional<QSize> pictureSize(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return pictureSize(&file);
}

Decoded decodePicture(QIODevice *device, QSize bound)
{
    QImageReader reader(device);
    reader.setAllocationLimit(kDecodeAllocationLimitMb);
    if (!isPictureFormat(reader.format()))
        return {{}, QStringLiteral("not a PNG, JPEG or GIF picture")};
    const QSize size = reader.size();
    if (!size.isValid())
        return {{}, QStringLiteral("the picture cannot be read: %1").arg(reader.errorString())};
    if (!withinPictureLimits(size))
        return {{},
                QStringLiteral("the picture is too large to show (%1×%2 pixels)")
                    .arg(size.width())
                    .arg(size.height())};
    if (bound.isValid() && (size.width() > bound.width() || size.height() > bound.height()))
        reader.setScaledSize(size.scaled(bound, Qt::KeepAspectRatio));
    QImage image;
    if (!reader.read(&image) || image.isNull())
        return {{}, QStringLiteral("the picture cannot be read: %1").arg(reader.errorString())};
    return {image, {}};
}

Decoded decodePicture(const QString &path, QSize bound)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {{}, QStringLiteral("cannot open %1: %2").arg(path, file.errorString())};
    return decodePicture(&file, bound);
}

Decoded decodePicture(const QByteArray &bytes, QSize bound)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    return decodePicture(&buffer, bound);
}

QByteArray makeThumbnail(const QImage &image)
{
    if (image.isNull())
        return {};
    const QSize size = image.size().scaled(kThumbnailSide, kThumbnailSide, Qt::KeepAspectRatio);
    const QImage small =
        image.size().width() > kThumbnailSide || image.size().height() > kThumbnailSide
            ? image.scaled(size, Qt::KeepAspectRatio, Qt::SmoothTransformation)
            : image;
    return jpegWithin(small, kMaxThumbnailBytes);
}

std::optional<QString> thumbnailProblem(const QByteArray &bytes)
{
    if (bytes.size() > kMaxThumbnailBytes)
        return QStringLiteral("a thumbnail may take %1 bytes; this one takes %2")
            .arg(kMaxThumbnailBytes)
            .arg(bytes.size());
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setAllocationLimit(4);
    if (reader.format() != "png" && reader.format() != "jpeg")
        return QStringLiteral("a thumbnail must be a PNG or JPEG picture");
    const QSize size = reader.size();
    if (size.width() > kMaxThumbnailSide || size.height() > kMaxThumbnailSide)
        return QStringLiteral("a thumbnail may be %1 pixels a side at most").arg(kMaxThumbnailSide);
    QImage image;
    if (!size.isValid() || !reader.read(&image) || image.isNull())
        return QStringLiteral("the thumbnail does not decode: %1").arg(reader.errorString());
    return std::nullopt;
}

QByteArray makeProfilePhoto(const QImage &image)
{
    if (image.isNull())
        return {};
    const int side = qMin(image.width(), image.height());
    const QImage square =
        image.copy((image.width() - side) / 2, (image.height() - side) / 2, side, side);
    const QImage scaled = side > kProfilePhotoSide
                              ? square.scaled(kProfilePhotoSide, kProfilePhotoSide,
                                              Qt::KeepAspectRatio, Qt::SmoothTransformation)
                              : square;
    return jpegWithin(scaled, kMaxProfilePhotoBytes);
}

} // namespace natter::image

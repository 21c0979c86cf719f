#include "test_images.h"

#include <QBuffer>
#include <QImageWriter>
#include <QPainter>
#include <QtEndian>

namespace natter::test {
namespace {
/// PNG's CRC-32 (ISO 3309), so that the chunks pass libpng's checks.
quint32 crc32Of(const QByteArray &bytes)
{
    quint32 crc = 0xffffffffu;
    for (const char byte : bytes) {
        crc ^= quint8(byte);
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

QByteArray pngChunk(const char *type, const QByteArray &data)
{
    QByteArray chunk;
    quint32 length = qToBigEndian(quint32(data.size()));
    chunk.append(reinterpret_cast<const char *>(&length), 4);
    const QByteArray typed = QByteArray(type) + data;
    chunk.append(typed);
    const quint32 crc = qToBigEndian(crc32Of(typed));
    chunk.append(reinterpret_cast<const char *>(&crc), 4);
    return chunk;
}

} // namespace

QByteArray encoded(const QImage &image, const char *format, int quality)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    writer.setQuality(quality);
    writer.write(image);
    return bytes;
}

QImage picture(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    QPainter painter(&image);
    painter.fillRect(image.rect(), QColor(30, 120, 200));
    painter.fillRect(QRect(width / 4, height / 4, width / 2, height / 2), Qt::yellow);
    return image;
}

/// A PNG whose header claims `width`×`height` pixels (the decompression bomb's trick: a small
/// file that would take gigabytes once decoded).
QByteArray pngClaiming(quint32 width, quint32 height)
{
    QByteArray header;
    const quint32 w = qToBigEndian(width);
    const quint32 h = qToBigEndian(height);
    header.append(reinterpret_cast<const char *>(&w), 4);
    header.append(reinterpret_cast<const char *>(&h), 4);
    header.append(char(8)).append(char(2)).append(char(0)).append(char(0)).append(char(0));
    // The smallest zlib stream: the header is all the trick needs.
    const QByteArray compressed("\x78\x9c\x03\x00\x00\x00\x00\x01", 8);
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", header) +
           pngChunk("IDAT", compressed) + pngChunk("IEND", {});
}

} // namespace natter::test

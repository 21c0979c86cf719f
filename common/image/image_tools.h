#pragma once
/// Images in messages and profiles: what the sender makes (thumbnails, profile photos), what
/// natterd checks before it stores or forwards one, and how the desktop decodes them. Every
/// decode here is bounded: the pixel size is read from the header first and refused when too
/// large, and Qt's allocation limit stops whatever the header did not tell.

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>
#include <QStringList>
#include <optional>

class QIODevice;

namespace natter::image {

/// A thumbnail travels inside the message: a few KB, at most this many bytes.
inline constexpr int kMaxThumbnailBytes = 16 * 1024;
/// Thumbnails natterd accepts are at most this many pixels a side; senders make them
/// kThumbnailSide (the longer side).
inline constexpr int kMaxThumbnailSide = 320;
inline constexpr int kThumbnailSide = 160;
/// Profile photos are squares of at most this many pixels a side, stored as JPEG.
inline constexpr int kProfilePhotoSide = 512;
inline constexpr int kMaxProfilePhotoBytes = 256 * 1024;
/// Images larger than this (pixels) are files, not pictures: nobody decodes them inline.
/// 50 megapixels take 200 MB decoded; a 60000×60000 "PNG" would take 14 GB.
inline constexpr qint64 kMaxImagePixels = 50'000'000;
inline constexpr int kMaxImageSide = 16'384;
/// Qt's cap on one decode's allocation (megabytes), a second guard behind the header check.
inline constexpr int kDecodeAllocationLimitMb = 256;

/// Picture formats natter reads that this Qt cannot (its image plugins are missing): such
/// pictures are treated as plain files. Empty when all is well.
[[nodiscard]] QStringList missingPictureFormats();

/// The pixel size the header of a PNG, JPEG or GIF claims, when it is a picture natter
/// shows inline (within kMaxImagePixels). Reads the header only.
[[nodiscard]] std::optional<QSize> pictureSize(QIODevice *device);
[[nodiscard]] std::optional<QSize> pictureSize(const QString &path);

/// Decodes a picture, scaled down to fit `bound` (when given, keeping its aspect). Refuses
/// what pictureSize() refuses, and a file that does not decode (truncated, corrupt): the
/// error says which, for the placeholder's tooltip.
struct Decoded {
    QImage image;
    QString error; // empty when image is valid
};
[[nodiscard]] Decoded decodePicture(QIODevice *device, QSize bound = {});
[[nodiscard]] Decoded decodePicture(const QString &path, QSize bound = {});
[[nodiscard]] Decoded decodePicture(const QByteArray &bytes, QSize bound = {});

/// A JPEG of `image` whose longer side is kThumbnailSide at most, within kMaxThumbnailBytes.
[[nodiscard]] QByteArray makeThumbnail(const QImage &image);
/// The reason natterd refuses `bytes` as a thumbnail, or nullopt when it is one: a PNG or
/// JPEG of at most kMaxThumbnailBytes and kMaxThumbnailSide a side that decodes whole.
[[nodiscard]] std::optional<QString> thumbnailProblem(const QByteArray &bytes);

/// A profile photo from any picture: the centre square, scaled to kProfilePhotoSide at most,
/// as a JPEG within kMaxProfilePhotoBytes. Empty when `image` is null.
[[nodiscard]] QByteArray makeProfilePhoto(const QImage &image);

} // namespace natter::image

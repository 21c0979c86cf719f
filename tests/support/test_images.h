#pragma once
/// Pictures for the tests: real encodings made with Qt, and hostile ones made by hand.

#include <QByteArray>
#include <QImage>

namespace natter::test {

/// A `width`×`height` picture with some shapes on it (so that it does not compress to nothing).
[[nodiscard]] QImage picture(int width, int height);
/// `image` encoded as "png" or "jpeg" (`quality` -1: Qt's default).
[[nodiscard]] QByteArray encoded(const QImage &image, const char *format, int quality = -1);
/// A valid, tiny PNG whose header claims `width`×`height` pixels: the decompression bomb's
/// trick (a small file that would take gigabytes once decoded).
[[nodiscard]] QByteArray pngClaiming(quint32 width, quint32 height);

} // namespace natter::test

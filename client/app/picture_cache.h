#pragma once

#include <QCache>
#include <QImage>
#include <QObject>
#include <QSet>
#include <functional>

namespace natter::image {
struct Decoded;
} // namespace natter::image

namespace natter::app {

/// Decoded pictures for the timeline (thumbnails, full pictures, photos), decoded on pool threads
/// with natter::image's bounds and kept in a bounded cache. The GUI thread asks and paints what is
/// there; `ready` says when something it asked for can be painted.
class PictureCache : public QObject {
    Q_OBJECT
public:
    enum class State { Missing, Decoding, Ready, Failed };

    explicit PictureCache(QObject *parent = nullptr);

    /// The decoded picture under `key` (a blob id) if there is one; otherwise starts decoding
    /// `encoded` (once) and says so. A picture that does not decode stays Failed.
    [[nodiscard]] State find(const QString &key, const QByteArray &encoded, QImage *image);
    /// The same for a picture in a file (`path` is the key), scaled down to fit `bound`.
    [[nodiscard]] State findFile(const QString &path, QSize bound, QImage *image)
    {
        return findFile(path, path, bound, image);
    }
    /// The same under a key of the caller's.
    [[nodiscard]] State findFile(const QString &key, const QString &path, QSize bound,
                                 QImage *image);
    [[nodiscard]] State state(const QString &key) const;
    /// What is known of `key` without starting anything (the picture when Ready).
    [[nodiscard]] State cached(const QString &key, QImage *image);
    /// Forgets everything (the files behind the keys were removed).
    void clear();

signals:
    void ready(const QString &key);

private:
    void decode(const QString &key, std::function<image::Decoded()> work);

    QCache<QString, QImage> m_images; // cost: bytes
    QSet<QString> m_decoding;
    QSet<QString> m_failed;
};

} // namespace natter::app

#include "picture_cache.h"

#include "image_tools.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace natter::app {

namespace {
constexpr qsizetype kCacheBytes = 64 * 1024 * 1024;
} // namespace

PictureCache::PictureCache(QObject *parent)
    : QObject(parent)
    , m_images(kCacheBytes)
{}

PictureCache::State PictureCache::state(const QString &key) const
{
    if (m_images.contains(key))
        return State::Ready;
    if (m_failed.contains(key))
        return State::Failed;
    return m_decoding.contains(key) ? State::Decoding : State::Missing;
}

PictureCache::State PictureCache::cached(const QString &key, QImage *image)
{
    if (const QImage *cached = m_images.object(key)) {
        *image = *cached;
        return State::Ready;
    }
    return state(key);
}

PictureCache::State PictureCache::find(const QString &key, const QByteArray &encoded, QImage *image)
{
    const State known = cached(key, image);
    if (known == State::Missing)
        decode(key, [encoded] { return image::decodePicture(encoded); });
    return known == State::Missing ? State::Decoding : known;
}

PictureCache::State PictureCache::findFile(const QString &key, const QString &path, QSize bound,
                                           QImage *image)
{
    const State known = cached(key, image);
    if (known == State::Missing)
        decode(key, [path, bound] { return image::decodePicture(path, bound); });
    return known == State::Missing ? State::Decoding : known;
}

void PictureCache::clear()
{
    m_images.clear();
    m_failed.clear(); // decodes in flight still land (their answer is as good as new)
}

void PictureCache::decode(const QString &key, std::function<image::Decoded()> work)
{
    m_decoding.insert(key);
    auto *watcher = new QFutureWatcher<image::Decoded>(this);
    connect(watcher, &QFutureWatcher<image::Decoded>::finished, this, [this, watcher, key] {
        watcher->deleteLater();
        m_decoding.remove(key);
        const image::Decoded decoded = watcher->result();
        // One larger than the whole cache is not kept either: a placeholder, not a loop.
        if (!decoded.error.isEmpty() ||
            !m_images.insert(key, new QImage(decoded.image), decoded.image.sizeInBytes()))
            m_failed.insert(key);
        emit ready(key);
    });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

} // namespace natter::app

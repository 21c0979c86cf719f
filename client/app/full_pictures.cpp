#include "full_pictures.h"

#include "media_cache.h"
#include "picture_cache.h"

namespace natter::app {

FullPictures::FullPictures(client::MediaCache &media, PictureCache &pictures, QObject *parent)
    : QObject(parent)
    , m_media(media)
    , m_pictures(pictures)
{
    connect(&m_media, &client::MediaCache::cleared, this, [this] { m_failed.clear(); });
}

QString FullPictures::keyOf(const proto::Attachment &file)
{
    return QStringLiteral("full:") + QString::fromStdString(file.blob_id());
}

bool FullPictures::find(const proto::Attachment &file, QImage *image)
{
    if (file.width() == 0 || file.size() > kAutoLoadBytes)
        return false;
    const QString key = keyOf(file);
    switch (m_pictures.cached(key, image)) {
    case PictureCache::State::Ready:
        return true;
    case PictureCache::State::Decoding:
    case PictureCache::State::Failed:
        return false;
    case PictureCache::State::Missing:
        break;
    }
    if (m_fetching.contains(key) || m_failed.contains(key) || m_queued.contains(key))
        return false;
    if (m_fetching.size() >= kMaxInFlight) {
        // Scrolling through many pictures: the ones on screen first, a few at a time.
        m_queued.insert(key);
        m_queue.append(file);
        if (m_queue.size() > kMaxQueued) // scrolled past long ago: not fetched by itself
            m_queued.remove(keyOf(m_queue.takeFirst()));
        return false;
    }
    fetch(file);
    return false;
}

void FullPictures::fetch(const proto::Attachment &file)
{
    // Fetched again after the decoded copy left the memory cache: the media cache answers
    // from disk then, or downloads it again after an eviction.
    const QString key = keyOf(file);
    m_fetching.insert(key);
    m_media.fetch(file, client::MediaKind::Picture, this, [this, key](Result<QString> path) {
        m_fetching.remove(key);
        // From the event loop: an answer given at once must not recurse through the line.
        QMetaObject::invokeMethod(this, &FullPictures::startQueued, Qt::QueuedConnection);
        if (!path.ok()) {
            // Offline: tried again when next painted. Anything else (the user calling it
            // off too) is not tried again by itself.
            const proto::ErrorCode code = path.failure().code;
            if (code != proto::DISCONNECTED && code != proto::TIMEOUT)
                m_failed.insert(key);
            return;
        }
        QImage unused;
        (void)m_pictures.findFile(key, path.value(), QSize(kDecodedSide, kDecodedSide), &unused);
    });
}

void FullPictures::startQueued()
{
    // The latest asked first: what was painted last is what is on screen now.
    while (m_fetching.size() < kMaxInFlight && !m_queue.isEmpty()) {
        const proto::Attachment next = m_queue.takeLast();
        m_queued.remove(keyOf(next));
        fetch(next);
    }
}

} // namespace natter::app

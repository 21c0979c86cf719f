#pragma once

#include "natter.pb.h"

#include <QImage>
#include <QList>
#include <QObject>
#include <QSet>

namespace natter::client {
class MediaCache;
} // namespace natter::client

namespace natter::app {

class PictureCache;

/// The full pictures of the timeline: a picture shown inline is fetched into the media cache
/// (once, however often it is painted) and decoded off the GUI thread at a bounded size; until
/// then the bubble shows its thumbnail. PictureCache::ready(key) says when one can be painted.
class FullPictures : public QObject {
    Q_OBJECT
public:
    /// Pictures up to this size load by themselves; larger ones when opened.
    static constexpr quint64 kAutoLoadBytes = 20 * 1024 * 1024;
    /// Decoded to fit this box at most (a bubble's picture side, doubled for HiDPI screens).
    static constexpr int kDecodedSide = 640;

    FullPictures(client::MediaCache &media, PictureCache &pictures, QObject *parent = nullptr);

    /// The full picture of `file` when it is loaded; otherwise starts loading it (once) and
    /// returns false. A picture that could not be fetched or decoded is not tried again until
    /// the media cache is cleared.
    bool find(const proto::Attachment &file, QImage *image);
    /// The PictureCache key of `file`'s full picture.
    [[nodiscard]] static QString keyOf(const proto::Attachment &file);

private:
    /// Downloads of pictures at once; the rest wait in line.
    static constexpr int kMaxInFlight = 3;
    static constexpr int kMaxQueued = 24;
    void fetch(const proto::Attachment &file);
    void startQueued();

    client::MediaCache &m_media;
    PictureCache &m_pictures;
    QSet<QString> m_fetching;
    QSet<QString> m_failed;
    QSet<QString> m_queued;           // keys waiting in m_queue
    QList<proto::Attachment> m_queue; // painted while kMaxInFlight were being fetched
};

} // namespace natter::app

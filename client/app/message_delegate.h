#pragma once

#include <QStyledItemDelegate>

namespace natter::client {
class ProfileBook;
} // namespace natter::client

namespace natter::app {

class FullPictures;
class PictureCache;

/// Paints a message bubble: own messages on the right, others' on the left with the sender's
/// name in groups, the time, a status glyph (pending ◷, sent ✓, failed !) and day separators.
class MessageDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void setShowSenders(bool show) { m_showSenders = show; }
    /// Where decoded thumbnails come from (none: pictures show as placeholders).
    void setPictureCache(PictureCache *cache) { m_pictures = cache; }
    /// Where full pictures come from once loaded (none: the thumbnail stays).
    void setFullPictures(FullPictures *pictures) { m_full = pictures; }
    /// Whose photos go beside others' messages in groups (none: initials).
    void setProfileBook(client::ProfileBook *profiles) { m_profiles = profiles; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    [[nodiscard]] QSize sizeHint(const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const override;
    /// Where the row's picture is painted (empty without one).
    [[nodiscard]] QRect pictureRect(const QStyleOptionViewItem &option,
                                    const QModelIndex &index) const
    {
        return layout(option, index).picture;
    }

private:
    struct Layout {
        QRect separator;
        QRect bubble;
        QRect avatar; // groups: beside others' messages
        QRect sender;
        QRect picture; // reserved from the pixel size natterd measured: no jump when it loads
        QRect text;
        QRect meta;
    };
    [[nodiscard]] Layout layout(const QStyleOptionViewItem &option, const QModelIndex &index) const;

    void paintPicture(QPainter *painter, const QStyleOptionViewItem &option, const QRect &rect,
                      const QModelIndex &index) const;

    bool m_showSenders = false;
    PictureCache *m_pictures = nullptr;
    FullPictures *m_full = nullptr;
    client::ProfileBook *m_profiles = nullptr;
};

} // namespace natter::app

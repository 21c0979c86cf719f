#pragma once

#include <QHash>
#include <QIcon>
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
    /// The message a jump (a search hit) landed on gets a band behind it; 0: none.
    void setHighlightedSeq(quint64 seq) { m_highlightedSeq = seq; }
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

    /// A file card's links.
    enum class CardLink { Open, Save };
    /// Where link `link` of card `card` of the row is (empty when the row has no such card, or
    /// its files are not on the server yet).
    [[nodiscard]] QRect cardLinkRect(const QStyleOptionViewItem &option, const QModelIndex &index,
                                     int card, CardLink link) const;

private:
    /// The parts of one file card.
    struct Card {
        QRect frame;
        QRect icon;
        QRect name;
        QRect size;
        QRect open; // empty while the file is not on the server
        QRect save;
    };
    enum class Links { None, Beside, Below }; // where a card's links go
    [[nodiscard]] static Card cardParts(const QRect &frame, const QFontMetrics &fm,
                                        const QString &size, Links links);
    /// How wide the links are, with the gaps before them.
    [[nodiscard]] static int linkWidth(const QFontMetrics &fm);
    [[nodiscard]] QIcon iconFor(const QString &fileName, const QStyle *style) const;
    struct Layout {
        QRect separator;
        QRect bubble;
        QRect avatar; // groups: beside others' messages
        QRect sender;
        QRect picture;     // reserved from the pixel size natterd measured: no jump when it loads
        QList<Card> cards; // the files other than the inline picture
        QRect text;
        QRect meta;
    };
    [[nodiscard]] Layout layout(const QStyleOptionViewItem &option, const QModelIndex &index) const;

    void paintPicture(QPainter *painter, const QStyleOptionViewItem &option, const QRect &rect,
                      const QModelIndex &index) const;
    void paintCards(QPainter *painter, const QStyleOptionViewItem &option, const Layout &l,
                    const QModelIndex &index, const QColor &ink) const;

    bool m_showSenders = false;
    quint64 m_highlightedSeq = 0;
    PictureCache *m_pictures = nullptr;
    FullPictures *m_full = nullptr;
    client::ProfileBook *m_profiles = nullptr;
    mutable QHash<QString, QIcon> m_icons; // by file suffix
};

} // namespace natter::app

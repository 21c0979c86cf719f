#pragma once

#include <QStyledItemDelegate>

namespace natter::client {
class ProfileBook;
} // namespace natter::client

namespace natter::app {

class PictureCache;

/// Paints a conversation list row: the other person's profile photo (initials on a colour
/// without one, and for groups), title (bold when unread), preview, time and unread badge.
class ConversationDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    ConversationDelegate(client::ProfileBook *profiles, PictureCache *pictures,
                         QObject *parent = nullptr);
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    [[nodiscard]] QSize sizeHint(const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const override;

private:
    client::ProfileBook *m_profiles;
    PictureCache *m_pictures;
};

} // namespace natter::app

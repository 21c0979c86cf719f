#pragma once

#include <QStyledItemDelegate>

namespace natter::app {

/// Paints a message bubble: own messages on the right, others' on the left with the sender's
/// name in groups, the time, a status glyph (pending ◷, sent ✓, failed !) and day separators.
class MessageDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void setShowSenders(bool show) { m_showSenders = show; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    [[nodiscard]] QSize sizeHint(const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const override;

private:
    struct Layout {
        QRect separator;
        QRect bubble;
        QRect sender;
        QRect text;
        QRect meta;
    };
    [[nodiscard]] Layout layout(const QStyleOptionViewItem &option, const QModelIndex &index) const;

    bool m_showSenders = false;
};

} // namespace natter::app

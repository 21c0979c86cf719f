#pragma once

#include "search_results_model.h"

#include <QStyledItemDelegate>
#include <QWidget>
#include <functional>

class QLabel;
class QLineEdit;
class QListView;
class QTimer;
class QToolButton;

namespace natter::app {

/// Paints a search hit: conversation, sender and time on one line, the snippet with the
/// matched parts highlighted on the next.
class SearchHitDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using TitleOf = std::function<QString(quint64 conversationId)>;
    explicit SearchHitDelegate(TitleOf titleOf, QObject *parent = nullptr);
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    [[nodiscard]] QSize sizeHint(const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const override;

private:
    TitleOf m_titleOf;
};

/// Message search (Ctrl+Shift+F everywhere, Ctrl+F in the open conversation): a field, where
/// the search stands ("searching the server…", "offline — showing messages on this
/// computer"), and the hits. Up/Down move through them from the field, Enter opens one, Esc
/// closes the panel.
class SearchPanel : public QWidget {
    Q_OBJECT
public:
    SearchPanel(client::Client &client, client::CacheWorker &cache,
                SearchHitDelegate::TitleOf titleOf, QWidget *parent = nullptr);

    /// Focuses the field; searches only `conversationId` (titled `title`) unless it is 0.
    void start(quint64 conversationId, const QString &title);
    [[nodiscard]] client::SearchResultsModel &results() { return *m_model; }

signals:
    void hitActivated(quint64 conversationId, quint64 seq);
    void closed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void search();
    void updateStatus();
    void activate(const QModelIndex &index);
    void moveCurrent(int step);

    client::SearchResultsModel *m_model;
    QLineEdit *m_field;
    QToolButton *m_scope;
    QLabel *m_status;
    QListView *m_list;
    QTimer *m_typing;
    quint64 m_conversationId = 0;
};

} // namespace natter::app

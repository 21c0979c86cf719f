#include "search_panel.h"

#include <QApplication>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QPainter>
#include <QTextLayout>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace natter::app {

using client::SearchResultsModel;

namespace {
constexpr int kPadding = 6;
}

SearchHitDelegate::SearchHitDelegate(TitleOf titleOf, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_titleOf(std::move(titleOf))
{}

QSize SearchHitDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    return {200, option.fontMetrics.height() * 2 + kPadding * 3};
}

void SearchHitDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *widget = option.widget;
    (widget ? widget->style() : QApplication::style())
        ->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette &pal = option.palette;
    const QRect area = option.rect.adjusted(kPadding, kPadding, -kPadding, -kPadding);
    const int line = option.fontMetrics.height();
    painter->save();

    // Where and who: "Team · bob · 12 Mar 14:05".
    const QString where =
        m_titleOf(index.data(SearchResultsModel::ConversationIdRole).toULongLong());
    const QString when = QLocale().toString(index.data(SearchResultsModel::TimeRole).toDateTime(),
                                            QLocale::ShortFormat);
    const QString header =
        QStringLiteral("%1 · %2 · %3")
            .arg(where, index.data(SearchResultsModel::SenderRole).toString(), when);
    painter->setPen(selected ? pal.color(QPalette::HighlightedText)
                             : pal.color(QPalette::PlaceholderText));
    painter->drawText(QRect(area.left(), area.top(), area.width(), line), Qt::AlignLeft,
                      option.fontMetrics.elidedText(header, Qt::ElideRight, area.width()));

    // The snippet, the matched parts bold on a band.
    QString snippet = index.data(Qt::DisplayRole).toString();
    if (index.data(SearchResultsModel::FilesRole).toInt() > 0)
        snippet.prepend(QStringLiteral("📎 "));
    const int shift = snippet.size() - index.data(Qt::DisplayRole).toString().size();
    QTextLayout layout(snippet, option.font);
    QList<QTextLayout::FormatRange> formats;
    for (const QPoint &range : index.data(SearchResultsModel::RangesRole).value<QList<QPoint>>()) {
        QTextLayout::FormatRange format;
        format.start = range.x() + shift;
        format.length = range.y();
        format.format.setFontWeight(QFont::Bold);
        QColor band = pal.color(QPalette::Highlight);
        band.setAlpha(selected ? 0 : 60);
        format.format.setBackground(band);
        formats.append(format);
    }
    layout.setFormats(formats);
    layout.beginLayout();
    QTextLine text = layout.createLine();
    text.setLineWidth(area.width());
    layout.endLayout();
    painter->setPen(selected ? pal.color(QPalette::HighlightedText) : pal.color(QPalette::Text));
    painter->setClipRect(area);
    layout.draw(painter, QPointF(area.left(), area.top() + line + kPadding));
    painter->restore();
}

SearchPanel::SearchPanel(client::Client &client, client::CacheWorker &cache,
                         SearchHitDelegate::TitleOf titleOf, QWidget *parent)
    : QWidget(parent)
    , m_model(new SearchResultsModel(client, cache, this))
    , m_field(new QLineEdit(this))
    , m_scope(new QToolButton(this))
    , m_status(new QLabel(this))
    , m_list(new QListView(this))
    , m_typing(new QTimer(this))
{
    setObjectName(QStringLiteral("searchPanel"));
    m_field->setObjectName(QStringLiteral("searchField"));
    m_field->setAccessibleName(tr("Search messages"));
    m_field->setPlaceholderText(tr("Search messages"));
    m_field->setClearButtonEnabled(true);
    m_field->installEventFilter(this);
    m_scope->setObjectName(QStringLiteral("searchScope"));
    m_scope->setToolTip(tr("Search every conversation"));
    m_scope->hide();
    m_status->setObjectName(QStringLiteral("searchStatus"));
    m_status->setWordWrap(true);
    m_list->setObjectName(QStringLiteral("searchResults"));
    m_list->setAccessibleName(tr("Search results"));
    m_list->setModel(m_model);
    m_list->setItemDelegate(new SearchHitDelegate(std::move(titleOf), this));
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setUniformItemSizes(true);
    m_list->viewport()->installEventFilter(this);
    m_list->installEventFilter(this);
    setFocusProxy(m_field);

    auto *fieldRow = new QHBoxLayout;
    fieldRow->addWidget(m_field, 1);
    fieldRow->addWidget(m_scope);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(fieldRow);
    layout->addWidget(m_status);
    layout->addWidget(m_list, 1);

    // The cache answers each pause in typing (the server a little later: see the model).
    m_typing->setSingleShot(true);
    m_typing->setInterval(150);
    connect(m_typing, &QTimer::timeout, this, &SearchPanel::search);
    connect(m_field, &QLineEdit::textChanged, m_typing, qOverload<>(&QTimer::start));
    connect(m_field, &QLineEdit::returnPressed, this, [this] {
        if (m_typing->isActive()) { // Enter right after typing: search now, open nothing yet
            m_typing->stop();
            return search();
        }
        activate(m_list->currentIndex().isValid() ? m_list->currentIndex() : m_model->index(0));
    });
    connect(m_scope, &QToolButton::clicked, this, [this] {
        m_conversationId = 0;
        m_scope->hide();
        search();
    });
    // A click opens a hit, and Enter (eventFilter); not activated(), which some styles emit
    // on the same click.
    connect(m_list, &QListView::clicked, this, &SearchPanel::activate);
    connect(m_model, &SearchResultsModel::statusChanged, this, &SearchPanel::updateStatus);
    connect(m_model, &SearchResultsModel::rowsInserted, this, &SearchPanel::updateStatus);
    connect(m_model, &SearchResultsModel::modelReset, this, &SearchPanel::updateStatus);
}

void SearchPanel::start(quint64 conversationId, const QString &title)
{
    m_conversationId = conversationId;
    m_scope->setText(tr("in %1 ✕").arg(title));
    m_scope->setVisible(conversationId != 0);
    m_field->setFocus();
    m_field->selectAll();
    search();
}

void SearchPanel::search()
{
    m_model->setQuery(m_field->text(), m_conversationId);
}

void SearchPanel::updateStatus()
{
    using Status = SearchResultsModel::Status;
    QString text;
    switch (m_model->status()) {
    case Status::Idle:
        break;
    case Status::SearchingServer:
        text = tr("Searching the server…");
        break;
    case Status::Done:
        if (m_model->rowCount() == 0)
            text = tr("No messages found");
        break;
    case Status::Offline:
        text = tr("Offline — showing messages on this computer");
        break;
    case Status::ServerFailed:
        text = tr("The server could not search (%1) — showing messages on this computer")
                   .arg(m_model->failure());
        break;
    }
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

void SearchPanel::activate(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    emit hitActivated(index.data(SearchResultsModel::ConversationIdRole).toULongLong(),
                      index.data(SearchResultsModel::SeqRole).toULongLong());
}

void SearchPanel::moveCurrent(int step)
{
    const int rows = m_model->rowCount();
    if (rows == 0)
        return;
    m_model->anchor(); // the user is in the list now: nothing moves under them
    const int row = m_list->currentIndex().isValid()
                        ? qBound(0, m_list->currentIndex().row() + step, rows - 1)
                        : 0;
    m_list->setCurrentIndex(m_model->index(row));
}

bool SearchPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_list->viewport() && event->type() == QEvent::Enter)
        m_model->anchor(); // the pointer is over the hits
    if (watched == m_list && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Escape) {
            emit closed();
            return true;
        }
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            activate(m_list->currentIndex());
            return true;
        }
    }
    if (watched == m_field && event->type() == QEvent::KeyPress) {
        switch (static_cast<QKeyEvent *>(event)->key()) {
        case Qt::Key_Down:
            moveCurrent(1);
            return true;
        case Qt::Key_Up:
            moveCurrent(-1);
            return true;
        case Qt::Key_Escape:
            emit closed();
            return true;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace natter::app

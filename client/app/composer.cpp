#include "composer.h"

#include <QApplication>
#include <QFocusEvent>
#include <QImage>
#include <QKeyEvent>
#include <QMimeData>
#include <QUrl>

namespace natter::app {

Composer::Composer(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setObjectName(QStringLiteral("composer"));
    setAccessibleName(tr("Message"));
    setPlaceholderText(tr("Write a message…"));
    setTabChangesFocus(true);
    setMaximumHeight(120);
    m_flashTime = QApplication::cursorFlashTime();
    m_stopBlinking.setSingleShot(true);
    m_stopBlinking.setInterval(10'000);
    connect(&m_stopBlinking, &QTimer::timeout, this, [this] {
        QApplication::setCursorFlashTime(0);
        if (hasFocus()) {
            // The text control re-reads the flash time only when focus changes: replay one.
            QFocusEvent out(QEvent::FocusOut, Qt::OtherFocusReason);
            QPlainTextEdit::focusOutEvent(&out);
            QFocusEvent in(QEvent::FocusIn, Qt::OtherFocusReason);
            QPlainTextEdit::focusInEvent(&in);
        }
    });
}

void Composer::wake()
{
    if (m_flashTime > 0 && QApplication::cursorFlashTime() == 0)
        QApplication::setCursorFlashTime(m_flashTime);
    m_stopBlinking.start();
}

void Composer::focusInEvent(QFocusEvent *event)
{
    wake();
    QPlainTextEdit::focusInEvent(event);
}

void Composer::mousePressEvent(QMouseEvent *event)
{
    wake();
    QPlainTextEdit::mousePressEvent(event);
}

void Composer::keyPressEvent(QKeyEvent *event)
{
    wake();
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && !(event->modifiers() & Qt::ShiftModifier)) {
        // Empty text too: files attached may go alone (the view decides).
        emit sendRequested(toPlainText().trimmed());
        event->accept();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

namespace {
QStringList localFiles(const QMimeData *source)
{
    QStringList paths;
    for (const QUrl &url : source->urls()) {
        if (url.isLocalFile())
            paths.append(url.toLocalFile());
    }
    return paths;
}
} // namespace

bool Composer::canInsertFromMimeData(const QMimeData *source) const
{
    return source->hasImage() || !localFiles(source).isEmpty() ||
           QPlainTextEdit::canInsertFromMimeData(source);
}

void Composer::insertFromMimeData(const QMimeData *source)
{
    // Files become attachments, not their paths as text; a copied picture too.
    if (const QStringList paths = localFiles(source); !paths.isEmpty())
        emit filesPasted(paths);
    else if (source->hasImage())
        emit imagePasted(qvariant_cast<QImage>(source->imageData()));
    else
        QPlainTextEdit::insertFromMimeData(source);
}

} // namespace natter::app

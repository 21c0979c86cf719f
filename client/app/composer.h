#pragma once

#include <QPlainTextEdit>
#include <QTimer>

namespace natter::app {

/// The message editor: Enter sends, Shift+Enter starts a new line.
class Composer : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit Composer(QWidget *parent = nullptr);

signals:
    /// Enter: the text as typed (trimmed, maybe empty); the view sends and clears it.
    void sendRequested(const QString &text);
    /// A picture was pasted (a screenshot from the clipboard).
    void imagePasted(const QImage &image);
    /// Files were pasted or dropped onto the editor (paths on this device).
    void filesPasted(const QStringList &paths);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    [[nodiscard]] bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;

private:
    // An idle window must not wake the process twice a second to blink a caret: like GNOME,
    // stop blinking a while after the last keystroke, and resume on the next.
    void wake();
    QTimer m_stopBlinking;
    int m_flashTime = 0;
};

} // namespace natter::app

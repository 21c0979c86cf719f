#pragma once

#include "account_session.h"

#include <QObject>
#include <functional>

class QWidget;

namespace natter::app {

class TransferStrip;

/// What the user does with a file of a message: Save as (a download where they choose) and
/// Open (through the media cache, then the desktop's app for it). Each download shows a row
/// in the window's TransferStrip with its progress and a cancel button; a failed one says why
/// and can be retried.
class FileActions : public QObject {
    Q_OBJECT
public:
    /// Dialogs open over `window`; rows go into `strip`.
    FileActions(AccountSession &session, TransferStrip &strip, QWidget *window);

    /// Where "Save …" puts a file (by default a save dialog; tests answer without one). An
    /// empty answer cancels; the chooser has asked before replacing a file.
    using SavePathChooser = std::function<QString(const QString &suggestedName)>;
    void setSavePathChooser(SavePathChooser chooser) { m_chooseSavePath = std::move(chooser); }
    /// How "Open" shows a downloaded file (by default the desktop's app for it; tests record).
    using FileOpener = std::function<void(const QString &path)>;
    void setFileOpener(FileOpener opener) { m_openFile = std::move(opener); }

    void save(const proto::Attachment &file);
    void open(const proto::Attachment &file);

signals:
    /// Something the status bar should say for a while.
    void statusMessage(const QString &text);

private:
    void download(const proto::Attachment &file, const QString &target);
    void showOpened(const QString &cached, const proto::Attachment &file);

    AccountSession &m_session;
    TransferStrip &m_strip;
    QWidget *m_window;
    SavePathChooser m_chooseSavePath;
    FileOpener m_openFile;
};

} // namespace natter::app

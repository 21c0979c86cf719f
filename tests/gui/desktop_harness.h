#pragma once
/// Desktop clients for the GUI tests: each with its own profile folder, driven through its
/// real widgets offscreen.

#include "desktop_client.h"
#include "main_window.h"
#include "notifier.h"
#include "sign_in_dialog.h"
#include "token_store.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTimer>
#include <QtTest>
#include <memory>

namespace natter::test {

using app::DesktopClient;
using app::FileTokenStore;
using app::MainWindow;
using app::Notifier;
using app::SignInDialog;

/// Records notifications instead of showing them.
class RecordingNotifier : public Notifier {
public:
    struct Shown {
        quint64 conversationId;
        QString title;
        QString body;
    };
    void notify(quint64 conversationId, const QString &title, const QString &body) override
    {
        shown.append({conversationId, title, body});
    }
    QList<Shown> shown;
};

/// One desktop client with its own profile folder, as a separate user would have.
struct Desktop {
    Desktop(const QString &profile, const QUrl &server)
        : tokens(profile)
        , client(DesktopClient::Options{profile, server.toString(), {}}, tokens, notifier)
    {}
    MainWindow *window() { return client.mainWindow(); }
    template <typename T> T *find(const char *name)
    {
        QWidget *top = window() ? static_cast<QWidget *>(window())
                                : static_cast<QWidget *>(client.signInDialog());
        return top ? top->findChild<T *>(QString::fromLatin1(name)) : nullptr;
    }
    QListView *conversations() { return find<QListView>("conversationList"); }
    QListView *messages() { return find<QListView>("messageList"); }
    QAbstractItemModel *messageModel() { return messages()->model(); }
    QStringList messageTexts()
    {
        QStringList texts;
        for (int i = 0; i < messageModel()->rowCount(); ++i)
            texts.append(messageModel()->index(i, 0).data().toString());
        return texts;
    }
    void type(const QString &text)
    {
        auto *composer = find<QPlainTextEdit>("composer");
        QTest::keyClicks(composer, text);
        QTest::keyClick(composer, Qt::Key_Return);
    }
    int conversationRow(const QString &title)
    {
        auto *model = conversations()->model();
        for (int i = 0; i < model->rowCount(); ++i) {
            if (model->index(i, 0).data().toString() == title)
                return i;
        }
        return -1;
    }
    /// Right-clicks message `row` and chooses `item` from its menu, as a user would; false
    /// when no menu or no such item came up.
    bool chooseFromMessageMenu(int row, const QString &item)
    {
        const QRect rect = messages()->visualRect(messageModel()->index(row, 0));
        auto chosen = std::make_shared<bool>(false);
        // QMenu::exec() runs its own event loop: the choice is made from inside it.
        QTimer::singleShot(0, messages(), [chosen, item] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            if (!menu)
                return;
            for (QAction *action : menu->actions()) {
                if (action->text() == item) {
                    menu->setActiveAction(action);
                    QTest::keyClick(menu, Qt::Key_Return);
                    *chosen = true;
                    return;
                }
            }
            menu->close();
        });
        QContextMenuEvent click(QContextMenuEvent::Mouse, rect.center(),
                                messages()->viewport()->mapToGlobal(rect.center()));
        QApplication::sendEvent(messages()->viewport(), &click);
        return *chosen;
    }
    void open(const QString &title)
    {
        const QModelIndex index = conversations()->model()->index(conversationRow(title), 0);
        conversations()->scrollTo(index);
        QTest::mouseClick(conversations()->viewport(), Qt::LeftButton, {},
                          conversations()->visualRect(index).center());
    }

    FileTokenStore tokens;
    RecordingNotifier notifier;
    DesktopClient client;
};

inline void fill(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

inline void signIn(Desktop &d, const QString &user, const QString &password, bool registering)
{
    SignInDialog *dialog = d.client.signInDialog();
    QVERIFY(dialog);
    fill(dialog->findChild<QLineEdit *>(QStringLiteral("usernameEdit")), user);
    fill(dialog->findChild<QLineEdit *>(QStringLiteral("passwordEdit")), password);
    QTest::mouseClick(dialog->findChild<QPushButton *>(registering
                                                           ? QStringLiteral("registerButton")
                                                           : QStringLiteral("loginButton")),
                      Qt::LeftButton);
}

} // namespace natter::test

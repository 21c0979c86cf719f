#include "client.h"
#include "sign_in_dialog.h"

#include <QApplication>
#include <QTranslator>
#include <QtTest>

/// The shipped German translation is built into the app and applies to its windows.
class TestTranslation : public QObject {
    Q_OBJECT
private slots:
    void germanTranslationLoads()
    {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/natter_de.qm")));
        QApplication::installTranslator(&translator);
        natter::client::Client client(QStringLiteral("tst_translation"));
        natter::app::SignInDialog dialog(client, QStringLiteral("ws://127.0.0.1:1"));
        QCOMPARE(dialog.windowTitle(), QStringLiteral("Bei Natter anmelden"));
        QApplication::removeTranslator(&translator);
    }
};

QTEST_MAIN(TestTranslation)
#include "tst_translation.moc"

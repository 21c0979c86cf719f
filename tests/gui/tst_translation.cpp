#include "client.h"
#include "sign_in_dialog.h"

#include <QApplication>
#include <QFile>
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

    void everyStringHasItsGermanText()
    {
        // lupdate marks a new or changed string "unfinished": none may ship that way.
        QFile ts(
            QStringLiteral(QT_TESTCASE_SOURCEDIR "/../../resources/translations/natter_de.ts"));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        const QByteArray text = ts.readAll();
        QVERIFY(text.contains("<translation>"));
        QCOMPARE(text.count("type=\"unfinished\""), 0);
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/natter_de.qm")));
        QCOMPARE(translator.translate("natter::app::TransferRow", "Retry"),
                 QStringLiteral("Wiederholen"));
    }
};

QTEST_MAIN(TestTranslation)
#include "tst_translation.moc"

#include "idle_watcher.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QtTest>

using natter::app::IdleWatcher;

class TestIdleWatcher : public QObject {
    Q_OBJECT
private slots:
    void idleAfterQuietAndActiveOnInput()
    {
        QLineEdit edit;
        edit.show();
        IdleWatcher watcher(150);
        QSignalSpy changes(&watcher, &IdleWatcher::idleChanged);
        QVERIFY(!watcher.isIdle());
        QTRY_VERIFY(watcher.isIdle());
        QCOMPARE(changes.size(), 1);
        QTest::keyClick(&edit, Qt::Key_A);
        QVERIFY(!watcher.isIdle());
        QCOMPARE(changes.size(), 2);
        QCOMPARE(changes.at(1).at(0).toBool(), false);
        QTRY_VERIFY(watcher.isIdle()); // quiet again
    }
};

QTEST_MAIN(TestIdleWatcher)
#include "tst_idle_watcher.moc"

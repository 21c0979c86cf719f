// The gateway threads' epoll event dispatcher: timers, socket notifiers, posted events from
// other threads, deferred deletes and quitting behave as with Qt's own dispatcher.
#include "gateway/epoll_dispatcher.h"

#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QtTest>
#include <atomic>
#include <memory>

using natter::server::gateway::EpollEventDispatcher;

class TestEpollDispatcher : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<QThread> m_thread;
    QObject *m_context = nullptr; // lives on m_thread

    /// Runs `f` on the dispatcher's thread and waits for it.
    void onThread(const std::function<void()> &f)
    {
        QMetaObject::invokeMethod(m_context, f, Qt::BlockingQueuedConnection);
    }

private slots:
    void init()
    {
        m_thread = std::make_unique<QThread>();
        m_thread->setEventDispatcher(new EpollEventDispatcher);
        m_context = new QObject;
        m_context->moveToThread(m_thread.get());
        // Deleted (with everything a test hangs on it) as the thread finishes.
        connect(m_thread.get(), &QThread::finished, m_context, &QObject::deleteLater);
        m_thread->start();
    }
    void cleanup()
    {
        m_thread->quit();
        QVERIFY(m_thread->wait(5000)); // quit() interrupts the wait in epoll
        m_thread.reset();
    }

    void timersRepeatStopAndFireOnce()
    {
        std::atomic<int> repeats{0};
        std::atomic<int> singles{0};
        QTimer *repeating = nullptr;
        int remaining = -2;
        onThread([&] {
            repeating = new QTimer(m_context);
            repeating->setInterval(5);
            QObject::connect(repeating, &QTimer::timeout, [&] { ++repeats; });
            repeating->start();
            QTimer::singleShot(10, m_context, [&] { ++singles; });
            auto *longOne = new QTimer(m_context);
            longOne->start(60'000);
            remaining = longOne->remainingTime();
        });
        QVERIFY(remaining > 0 && remaining <= 60'000);
        QTRY_VERIFY(repeats >= 5);
        QTRY_COMPARE(singles.load(), 1);
        onThread([&] { repeating->stop(); });
        const int stoppedAt = repeats;
        // The sentinel: a timer due ten intervals later; a running one would fire before it.
        std::atomic<bool> sentinel = false;
        onThread([&] { QTimer::singleShot(50, m_context, [&] { sentinel = true; }); });
        QTRY_VERIFY(sentinel.load());
        QCOMPARE(repeats.load(), stoppedAt);
        QCOMPARE(singles.load(), 1);
    }

    void socketsAreServed()
    {
        QTcpServer *server = nullptr;
        quint16 port = 0;
        onThread([&] {
            server = new QTcpServer(m_context);
            QVERIFY(server->listen(QHostAddress::LocalHost, 0));
            port = server->serverPort();
            QObject::connect(server, &QTcpServer::newConnection, [server] {
                QTcpSocket *peer = server->nextPendingConnection();
                QObject::connect(peer, &QTcpSocket::readyRead,
                                 [peer] { peer->write(peer->readAll()); }); // echo
            });
        });
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(client.waitForConnected(5000));
        QByteArray echoed;
        for (int round = 0; round < 20; ++round) {
            const QByteArray line = "line " + QByteArray::number(round) + '\n';
            client.write(line);
            QTRY_VERIFY(client.bytesAvailable() >= line.size());
            echoed += client.read(line.size());
        }
        QVERIFY(echoed.startsWith("line 0\n"));
        QVERIFY(echoed.endsWith("line 19\n"));
        // A large write goes out through the write notifier.
        const QByteArray big(4 * 1024 * 1024, 'x');
        client.write(big);
        qint64 back = 0;
        QTRY_VERIFY_WITH_TIMEOUT((back += client.readAll().size(), back == big.size()), 10'000);
    }

    void postsFromOtherThreadsAndDeferredDeletes()
    {
        std::atomic<int> ran{0};
        for (int i = 0; i < 1000; ++i)
            QMetaObject::invokeMethod(m_context, [&] { ++ran; });
        QTRY_COMPARE(ran.load(), 1000);
        QPointer<QObject> doomed;
        onThread([&] {
            doomed = new QObject;
            doomed->deleteLater();
        });
        QTRY_VERIFY(doomed.isNull());
    }
};

QTEST_GUILESS_MAIN(TestEpollDispatcher)
#include "tst_epoll_dispatcher.moc"

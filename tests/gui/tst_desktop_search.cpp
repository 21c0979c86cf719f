// Message search in the desktop client against a real natterd: the cache's hits and the
// server's merged, a hit 2,000 messages back opened in place with the timeline anchored on it
// while pages load both ways, Jump to latest, and offline search over the cache.
#include "conversation_view.h"
#include "desktop_harness.h"
#include "message_list_model.h"
#include "search_panel.h"
#include "search_results_model.h"
#include "server_fixture.h"
#include "test_client.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using namespace natter;
using namespace natter::app;
using client::MessageListModel;
using client::SearchResultsModel;
using natter::test::Desktop;
using natter::test::ServerFixture;
using natter::test::TestClient;

class TestDesktopSearch : public QObject {
    Q_OBJECT
private:
    static constexpr int kBefore = 300; // messages before the one far back
    static constexpr int kAfter = 2000; // ... and after it
    ServerFixture m_server;
    QTemporaryDir m_profiles;
    std::unique_ptr<Desktop> m_alice;
    quint64 m_conversation = 0;

    ConversationView *view() { return m_alice->window()->findChild<ConversationView *>(); }
    QListView *results() { return m_alice->find<QListView>("searchResults"); }
    QLineEdit *field() { return m_alice->find<QLineEdit>("searchField"); }
    QString status() { return m_alice->find<QLabel>("searchStatus")->text(); }
    void trigger(const char *action)
    {
        m_alice->window()->findChild<QAction *>(QString::fromLatin1(action))->trigger();
    }
    void searchFor(const QString &text)
    {
        natter::test::fill(field(), text);
        QTest::keyClick(field(), Qt::Key_Return); // now, without waiting for the typing pause
    }
    QStringList hitTexts()
    {
        QStringList texts;
        for (int i = 0; i < results()->model()->rowCount(); ++i)
            texts.append(results()->model()->index(i, 0).data().toString());
        return texts;
    }
    auto &resultsModel() { return *static_cast<SearchResultsModel *>(results()->model()); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_server.start());
        auto bob = TestClient::signedIn(m_server.url(), QStringLiteral("bob"));
        QVERIFY(TestClient::signedIn(m_server.url(), QStringLiteral("alice")));
        QVERIFY(bob);
        m_conversation = bob->createDirect(QStringLiteral("alice")).value().id();
        for (int i = 1; i <= kBefore + kAfter + 1; ++i) {
            const QString text = i == kBefore + 1            ? QStringLiteral("the zebra far back")
                                 : i == kBefore + kAfter + 1 ? QStringLiteral("a zebra today")
                                                             : QStringLiteral("filler %1").arg(i);
            QVERIFY(bob->send(m_conversation, text).ok());
        }
        m_alice =
            std::make_unique<Desktop>(m_profiles.filePath(QStringLiteral("alice")), m_server.url());
        m_alice->client.start();
        natter::test::signIn(*m_alice, QStringLiteral("alice"), QStringLiteral("correct horse"),
                             false);
        QTRY_VERIFY_WITH_TIMEOUT(m_alice->window(), 10'000);
        QTRY_VERIFY(m_alice->conversationRow(QStringLiteral("bob")) >= 0);
        m_alice->open(QStringLiteral("bob"));
        QTRY_COMPARE(m_alice->messageTexts().value(m_alice->messageModel()->rowCount() - 1),
                     QStringLiteral("a zebra today")); // the newest page is cached now
    }

    void theCacheAndTheServerMergeNewestFirstEachOnce()
    {
        m_alice->window()->activateWindow(); // shortcuts go to the active window
        QVERIFY(QTest::qWaitForWindowActive(m_alice->window()));
        QTest::keyClick(m_alice->find<QPlainTextEdit>("composer"), Qt::Key_F,
                        Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(field()->hasFocus());
        searchFor(QStringLiteral("ZEBRA"));
        QTRY_COMPARE(resultsModel().status(), SearchResultsModel::Status::Done);
        QCOMPARE(hitTexts(), (QStringList{QStringLiteral("a zebra today"),
                                          QStringLiteral("the zebra far back")}));
        // The cached one came first and the server confirmed it: one row, not two.
        QVERIFY(results()->model()->index(0, 0).data(SearchResultsModel::ServerRole).toBool());
        const QVariant ranges =
            results()->model()->index(1, 0).data(SearchResultsModel::RangesRole);
        QCOMPARE(ranges.value<QList<QPoint>>(), QList<QPoint>{QPoint(4, 5)});
    }

    void aHitFarBackOpensInPlaceAndTheTimelineStaysAnchored()
    {
        QCOMPARE(hitTexts().size(), 2);
        QTest::keyClick(field(), Qt::Key_Down);
        QTest::keyClick(field(), Qt::Key_Down);
        QTest::keyClick(field(), Qt::Key_Return);
        const quint64 target = kBefore + 1;
        QTRY_COMPARE(view()->highlightedSeq(), target);
        auto *model = static_cast<MessageListModel *>(
            static_cast<QAbstractProxyModel *>(m_alice->messageModel())->sourceModel());
        QVERIFY(!model->showsLatest());
        const int row = model->rowOfSeq(target);
        QVERIFY(row >= 0);
        QPersistentModelIndex shown = m_alice->messageModel()->index(row, 0);
        QCOMPARE(shown.data().toString(), QStringLiteral("the zebra far back"));
        QListView *list = m_alice->messages();
        const int top = list->visualRect(shown).top();
        QVERIFY(list->viewport()->rect().contains(list->visualRect(shown).center()));
        QVERIFY(m_alice->find<QToolButton>("jumpToLatest")->isVisible());

        // An older page goes on top, a newer one below: the message stays where it is.
        int rows = model->rowCount();
        QVERIFY(model->canFetchMore({}));
        model->fetchMore({});
        QTRY_VERIFY(model->rowCount() > rows);
        QVERIFY2(qAbs(list->visualRect(shown).top() - top) < 20,
                 qPrintable(QString::number(list->visualRect(shown).top() - top)));
        rows = model->rowCount();
        QTRY_VERIFY(model->canFetchNewer());
        model->fetchNewer();
        QTRY_VERIFY(model->rowCount() > rows);
        QVERIFY2(qAbs(list->visualRect(shown).top() - top) < 20,
                 qPrintable(QString::number(list->visualRect(shown).top() - top)));
        QVERIFY(!model->showsLatest()); // 2,000 newer messages are not all here yet

        // Reading down fetches the next pages; Jump to latest goes straight to the newest.
        rows = model->rowCount();
        list->verticalScrollBar()->setValue(list->verticalScrollBar()->maximum());
        QTRY_VERIFY(model->rowCount() > rows);
        QTest::mouseClick(m_alice->find<QToolButton>("jumpToLatest"), Qt::LeftButton);
        QTRY_VERIFY(model->showsLatest());
        QTRY_COMPARE(m_alice->messageTexts().value(model->rowCount() - 1),
                     QStringLiteral("a zebra today"));
        QTRY_COMPARE(list->verticalScrollBar()->value(), list->verticalScrollBar()->maximum());
    }

    void findInTheOpenConversationOnly()
    {
        auto carol = TestClient::signedIn(m_server.url(), QStringLiteral("carol"));
        QVERIFY(carol);
        const quint64 other = carol->createDirect(QStringLiteral("alice")).value().id();
        QVERIFY(carol->send(other, QStringLiteral("zebra crossing")).ok());
        QTRY_VERIFY(m_alice->conversationRow(QStringLiteral("carol")) >= 0);
        trigger("searchMessagesAction");
        searchFor(QStringLiteral("zebra"));
        QTRY_COMPARE(resultsModel().status(), SearchResultsModel::Status::Done);
        QCOMPARE(hitTexts().size(), 3);
        QCOMPARE(view()->current(), m_conversation);
        trigger("findInConversationAction");
        QVERIFY(m_alice->find<QToolButton>("searchScope")->isVisible());
        QTRY_COMPARE(resultsModel().status(), SearchResultsModel::Status::Done);
        QCOMPARE(hitTexts().size(), 2);
        QVERIFY(!hitTexts().contains(QStringLiteral("zebra crossing")));
        QTest::keyClick(field(), Qt::Key_Escape);
        QVERIFY(m_alice->conversations()->isVisible());
    }

    void offlineTheCacheStillAnswers()
    {
        QCOMPARE(m_server.stop(), 0);
        QTRY_VERIFY(m_alice->find<QLabel>("connectionStatus")->text() !=
                    QStringLiteral("Connected"));
        trigger("searchMessagesAction");
        searchFor(QStringLiteral("zebra"));
        QTRY_COMPARE(resultsModel().status(), SearchResultsModel::Status::Offline);
        QCOMPARE(status(), QStringLiteral("Offline — showing messages on this computer"));
        // What the cache holds: the newest messages of each conversation (a page opened far
        // back was read from the server and not kept).
        QTRY_COMPARE(hitTexts(), (QStringList{QStringLiteral("zebra crossing"),
                                              QStringLiteral("a zebra today")}));
    }
};

QTEST_MAIN(TestDesktopSearch)
#include "tst_desktop_search.moc"

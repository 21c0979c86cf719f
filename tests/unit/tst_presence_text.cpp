// The words the client shows for presence and typing.
#include "presence_book.h"
#include "typing_tracker.h"

#include <QtTest>

using namespace natter;
using natter::client::PresenceBook;
using natter::client::TypingTracker;

class TestPresenceText : public QObject {
    Q_OBJECT
private slots:
    void presence()
    {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); // 24-hour HH:mm
        const QDateTime now(QDate(2026, 11, 25), QTime(15, 0));
        proto::Presence p;
        p.set_state(proto::ONLINE);
        QCOMPARE(PresenceBook::describe(p, now), QStringLiteral("online"));
        p.set_state(proto::AWAY);
        QCOMPARE(PresenceBook::describe(p, now), QStringLiteral("away"));
        p.set_state(proto::OFFLINE);
        QCOMPARE(PresenceBook::describe(p, now), QStringLiteral("last seen recently")); // hidden
        p.set_last_seen_ms(QDateTime(QDate(2026, 11, 25), QTime(9, 5)).toMSecsSinceEpoch());
        QCOMPARE(PresenceBook::describe(p, now), QStringLiteral("last seen today at 09:05"));
        p.set_last_seen_ms(QDateTime(QDate(2026, 11, 24), QTime(23, 0)).toMSecsSinceEpoch());
        QCOMPARE(PresenceBook::describe(p, now), QStringLiteral("last seen yesterday at 23:00"));
        p.set_last_seen_ms(QDateTime(QDate(2026, 11, 2), QTime(8, 0)).toMSecsSinceEpoch());
        QVERIFY(PresenceBook::describe(p, now).startsWith(QStringLiteral("last seen ")));
        QVERIFY(PresenceBook::describe(p, now).endsWith(QStringLiteral(" at 08:00")));
    }

    void typing()
    {
        QCOMPARE(TypingTracker::describe({}), QString());
        QCOMPARE(TypingTracker::describe({QStringLiteral("Alice")}),
                 QStringLiteral("Alice is typing…"));
        QCOMPARE(TypingTracker::describe({QStringLiteral("Alice"), QStringLiteral("Bob")}),
                 QStringLiteral("Alice and Bob are typing…"));
        QCOMPARE(TypingTracker::describe(
                     {QStringLiteral("Alice"), QStringLiteral("Bob"), QStringLiteral("Carol")}),
                 QStringLiteral("Several people are typing…"));
    }
};

QTEST_GUILESS_MAIN(TestPresenceText)
#include "tst_presence_text.moc"

#include "theme.h"

#include <QApplication>
#include <QLineEdit>
#include <QStyle>
#include <QtTest>
#include <cmath>

using natter::app::Theme;

namespace {
// WCAG 2 relative luminance and contrast ratio: 4.5 is the minimum for body text.
double luminance(const QColor &c)
{
    const auto channel = [](double v) {
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}
} // namespace

/// `natter --theme`: the names it takes and the palettes it applies.
class TestTheme : public QObject {
    Q_OBJECT
private slots:
    void namesAreParsed()
    {
        QCOMPARE(natter::app::themeFromName(QStringLiteral("dark")), Theme::Dark);
        QCOMPARE(natter::app::themeFromName(QStringLiteral("Light")), Theme::Light);
        QCOMPARE(natter::app::themeFromName(QStringLiteral("system")), Theme::System);
        QVERIFY(!natter::app::themeFromName(QStringLiteral("solarized")));
        QVERIFY(!natter::app::themeFromName(QString()));
        const QString message = natter::app::unknownThemeMessage(QStringLiteral("solarized"));
        QVERIFY(message.contains(QStringLiteral("solarized")));
        QVERIFY(message.contains(QStringLiteral("light, dark or system")));
    }

    void darkPaletteIsDarkAndReadable()
    {
        const QPalette p = natter::app::darkPalette();
        QVERIFY(p.color(QPalette::Window).lightnessF() < 0.25);
        QVERIFY(p.color(QPalette::Base).lightnessF() < 0.25);
        for (const auto group : {QPalette::Active, QPalette::Inactive}) {
            const auto ratio = [&](QPalette::ColorRole fg, QPalette::ColorRole bg) {
                return contrast(p.color(group, fg), p.color(group, bg));
            };
            QVERIFY(ratio(QPalette::WindowText, QPalette::Window) >= 4.5);
            QVERIFY(ratio(QPalette::Text, QPalette::Base) >= 4.5);
            // Message bubbles: others' on AlternateBase, one's own on Highlight.
            QVERIFY(ratio(QPalette::Text, QPalette::AlternateBase) >= 4.5);
            QVERIFY(ratio(QPalette::HighlightedText, QPalette::Highlight) >= 4.5);
            QVERIFY(ratio(QPalette::ButtonText, QPalette::Button) >= 4.5);
            QVERIFY(ratio(QPalette::PlaceholderText, QPalette::Base) >= 4.5);
            QVERIFY(ratio(QPalette::Link, QPalette::Base) >= 4.5);
            QVERIFY(p.color(group, QPalette::AlternateBase) != p.color(group, QPalette::Base));
        }
        // Disabled text is visibly dimmer than enabled text, yet still there.
        const QColor disabled = p.color(QPalette::Disabled, QPalette::Text);
        QVERIFY(contrast(disabled, p.color(QPalette::Base)) <
                contrast(p.color(QPalette::Text), p.color(QPalette::Base)));
        QVERIFY(contrast(disabled, p.color(QPalette::Disabled, QPalette::Base)) >= 2.0);
    }

    void applyingDarkReachesWidgets()
    {
        natter::app::applyTheme(Theme::Dark);
        QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));
        QLineEdit edit;
        edit.show();
        QVERIFY(QTest::qWaitForWindowExposed(&edit));
        QCOMPARE(edit.palette().color(QPalette::Base),
                 natter::app::darkPalette().color(QPalette::Base));
        QVERIFY(QApplication::palette().color(QPalette::Window).lightnessF() < 0.25);

        natter::app::applyTheme(Theme::Light);
        QTRY_VERIFY(edit.palette().color(QPalette::Window).lightnessF() > 0.75);
        QVERIFY(contrast(edit.palette().color(QPalette::Text),
                         edit.palette().color(QPalette::Base)) >= 4.5);
    }
};

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"

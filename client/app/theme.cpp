#include "theme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

namespace natter::app {

std::optional<Theme> themeFromName(const QString &name)
{
    const QString key = name.trimmed().toLower();
    if (key == QLatin1String("system"))
        return Theme::System;
    if (key == QLatin1String("light"))
        return Theme::Light;
    if (key == QLatin1String("dark"))
        return Theme::Dark;
    return std::nullopt;
}

QString unknownThemeMessage(const QString &name)
{
    return QApplication::translate("Theme", "Unknown theme '%1': use light, dark or system.")
        .arg(name);
}

QPalette lightPalette()
{
    QStyle *fusion = QStyleFactory::create(QStringLiteral("Fusion"));
    QPalette palette = fusion ? fusion->standardPalette() : QPalette();
    delete fusion;
    return palette;
}

QPalette darkPalette()
{
    // Greys rather than black, so bubbles (AlternateBase) and the selection stand out from
    // the list (Base); every text role keeps at least 4.5:1 contrast with what it sits on.
    const QColor window(0x25, 0x26, 0x2b);
    const QColor base(0x1b, 0x1c, 0x20);
    const QColor alternate(0x32, 0x34, 0x3b);
    const QColor text(0xe6, 0xe7, 0xea);
    const QColor dimText(0x9c, 0xa0, 0xa8);
    const QColor highlight(0x2f, 0x68, 0xc0);

    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, alternate);
    p.setColor(QPalette::ToolTipBase, alternate);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, dimText);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x30, 0x32, 0x38));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    // Fusion draws bevels and frames from these.
    p.setColor(QPalette::Light, QColor(0x45, 0x47, 0x4f));
    p.setColor(QPalette::Midlight, QColor(0x3a, 0x3c, 0x43));
    p.setColor(QPalette::Mid, QColor(0x2a, 0x2b, 0x30));
    p.setColor(QPalette::Dark, QColor(0x15, 0x16, 0x19));
    p.setColor(QPalette::Shadow, QColor(0x08, 0x08, 0x0a));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
    p.setColor(QPalette::LinkVisited, QColor(0xc5, 0x8a, 0xf9));

    // Disabled: dimmer text, a muted selection; backgrounds stay as they are.
    const QColor disabledText(0x6e, 0x72, 0x7a);
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText,
                            QPalette::PlaceholderText, QPalette::ToolTipText})
        p.setColor(QPalette::Disabled, role, disabledText);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x3a, 0x3c, 0x43));
    p.setColor(QPalette::Disabled, QPalette::HighlightedText, dimText);
    p.setColor(QPalette::Disabled, QPalette::Button, window);
    p.setColor(QPalette::Disabled, QPalette::Link, QColor(0x5f, 0x7a, 0xa8));
    return p;
}

void applyTheme(Theme theme)
{
    if (theme == Theme::System)
        return;
    // Platform styles may ignore the palette in places; Fusion paints with it throughout.
    QApplication::setStyle(QStringLiteral("Fusion"));
    QApplication::setPalette(theme == Theme::Dark ? darkPalette() : lightPalette());
}

} // namespace natter::app

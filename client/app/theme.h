#pragma once
/// Light and dark themes for `natter --theme`. Qt 6.4 follows no desktop dark mode on X11, so
/// the app can be asked for one: the Fusion style with a palette of our own. The delegates
/// paint with palette roles only, so the palette is all a theme has to change.

#include <QPalette>
#include <QString>
#include <optional>

namespace natter::app {

enum class Theme {
    System, ///< whatever the platform gives: style and palette untouched
    Light,
    Dark,
};

/// "light", "dark" or "system" (any case); nothing for anything else.
[[nodiscard]] std::optional<Theme> themeFromName(const QString &name);
/// The message for a --theme value themeFromName() refused.
[[nodiscard]] QString unknownThemeMessage(const QString &name);

/// Fusion's own light palette.
[[nodiscard]] QPalette lightPalette();
/// A dark palette: every role the app paints with, readable in each colour group.
[[nodiscard]] QPalette darkPalette();

/// Sets the application's style and palette for `theme`; call after the QApplication exists
/// and before the first window is shown.
void applyTheme(Theme theme);

} // namespace natter::app

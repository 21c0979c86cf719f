#pragma once

#include <QRect>
#include <QString>

class QPainter;

namespace natter::client {
class ProfileBook;
} // namespace natter::client

namespace natter::app {

class PictureCache;

/// Paints a person's (or a group's) round picture: their profile photo when it is downloaded
/// and decoded (decoding starts off the GUI thread; PictureCache::ready says when to paint
/// again), otherwise initials of `name` on a colour of their own (`seed`: the same person, the
/// same colour everywhere).
void paintAvatar(QPainter *painter, const QRect &rect, const QString &name, quint64 seed,
                 quint64 userId, client::ProfileBook *profiles, PictureCache *pictures);

/// "Ann Smith" → "AS", "bob" → "B".
[[nodiscard]] QString initialsOf(const QString &name);

} // namespace natter::app

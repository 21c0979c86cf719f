#pragma once

#include "account_session.h"

#include <QObject>
#include <QString>
#include <functional>

namespace natter::app {

/// Makes `path` the user's profile photo: decoded and cropped to a square off the GUI thread
/// (bounded, like every picture), uploaded, then set on the server; an empty `path` removes
/// the photo. `done` gets what to tell the user, on `context`'s thread (never once it is gone).
void changeProfilePhoto(AccountSession &session, const QString &path, QObject *context,
                        std::function<void(const QString &outcome)> done);

} // namespace natter::app

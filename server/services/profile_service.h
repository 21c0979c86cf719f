#pragma once

#include "services/event_sink.h"
#include "services/user_identity.h"

#include "result.h"

#include <QObject>

namespace natter::server::storage {
class Storage;
} // namespace natter::server::storage

namespace natter::server::services {

/// Profile photos: a user sets, replaces or removes theirs (a picture they uploaded, a square
/// within natter::image's limits); their contacts see it and hear of each change.
class ProfileService : public QObject {
    Q_OBJECT
public:
    template <typename T> using Done = std::function<void(Result<T>)>;

    explicit ProfileService(storage::Storage &storage, QObject *parent = nullptr);
    void setEventSink(EventSink sink) { m_events = std::move(sink); }

    /// `blobId` empty removes the photo. Answers with the caller's profile.
    void setPhoto(const UserIdentity &caller, const QString &blobId,
                  Done<proto::ProfilesReply> done);
    /// The caller's own profile and those of their contacts among `userIds`.
    void profiles(const UserIdentity &caller, const QList<quint64> &userIds,
                  Done<proto::ProfilesReply> done);

private:
    void announce(quint64 userId, const proto::Profile &profile);

    storage::Storage &m_storage;
    EventSink m_events;
};

} // namespace natter::server::services

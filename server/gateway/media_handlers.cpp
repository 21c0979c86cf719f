#include "gateway/handlers.h"

#include "services/media_service.h"
#include "services/profile_service.h"

namespace natter::server::gateway {

namespace {
auto replyUpload(ClientConnection &c, quint64 requestId)
{
    return replyWith<proto::UploadReply>(c, requestId,
                                         [](proto::Envelope &e, const proto::UploadReply &reply) {
                                             *e.mutable_upload_reply() = reply;
                                         });
}
} // namespace

void addMediaHandlers(RequestRouter &router, services::MediaService &service,
                      services::ProfileService &profiles)
{
    using protocol::fromStd;
    router.add(proto::Envelope::kStartUploadRequest, RequestRouter::Access::SignedIn,
               [&service](ClientConnection &c, const proto::Envelope &request) {
                   const auto &r = request.start_upload_request();
                   service.startUpload(*c.user(), fromStd(r.blob_id()), r.size(),
                                       replyUpload(c, request.request_id()));
               });
    router.add(proto::Envelope::kUploadChunkRequest, RequestRouter::Access::SignedIn,
               [&service](ClientConnection &c, const proto::Envelope &request) {
                   const auto &r = request.upload_chunk_request();
                   service.uploadChunk(*c.user(), fromStd(r.blob_id()), r.offset(),
                                       QByteArray::fromStdString(r.data()),
                                       replyUpload(c, request.request_id()));
               });
    router.add(proto::Envelope::kDownloadRequest, RequestRouter::Access::SignedIn,
               [&service](ClientConnection &c, const proto::Envelope &request) {
                   const auto &r = request.download_request();
                   service.download(*c.user(), fromStd(r.blob_id()), r.offset(), r.length(),
                                    replyWith<proto::DownloadReply>(
                                        c, request.request_id(),
                                        [](proto::Envelope &e, const proto::DownloadReply &reply) {
                                            *e.mutable_download_reply() = reply;
                                        }));
               });
    const auto replyProfiles = [](ClientConnection &c, quint64 requestId) {
        return replyWith<proto::ProfilesReply>(
            c, requestId, [](proto::Envelope &e, const proto::ProfilesReply &reply) {
                *e.mutable_profiles_reply() = reply;
            });
    };
    router.add(proto::Envelope::kSetProfilePhotoRequest, RequestRouter::Access::SignedIn,
               [&profiles, replyProfiles](ClientConnection &c, const proto::Envelope &request) {
                   profiles.setPhoto(*c.user(),
                                     fromStd(request.set_profile_photo_request().blob_id()),
                                     replyProfiles(c, request.request_id()));
               });
    router.add(proto::Envelope::kGetProfilesRequest, RequestRouter::Access::SignedIn,
               [&profiles, replyProfiles](ClientConnection &c, const proto::Envelope &request) {
                   const auto &ids = request.get_profiles_request().user_ids();
                   profiles.profiles(*c.user(), QList<quint64>(ids.cbegin(), ids.cend()),
                                     replyProfiles(c, request.request_id()));
               });
}

} // namespace natter::server::gateway

#include "gateway/handlers.h"

#include "services/media_service.h"

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

void addMediaHandlers(RequestRouter &router, services::MediaService &service)
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
}

} // namespace natter::server::gateway

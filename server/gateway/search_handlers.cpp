#include "gateway/handlers.h"

#include "services/search_service.h"

namespace natter::server::gateway {

void addSearchHandlers(RequestRouter &router, services::SearchService &service)
{
    router.add(proto::Envelope::kSearchRequest, RequestRouter::Access::SignedIn,
               [&service](ClientConnection &c, const proto::Envelope &request) {
                   service.search(*c.user(), request.search_request(),
                                  replyWith<proto::SearchReply>(
                                      c, request.request_id(),
                                      [](proto::Envelope &e, const proto::SearchReply &reply) {
                                          *e.mutable_search_reply() = reply;
                                      }));
               });
}

} // namespace natter::server::gateway

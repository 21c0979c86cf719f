// libFuzzer target: natterd's frame decoder. Any bytes either fail to decode or decode into an
// Envelope that encodes and decodes back to the same bytes.
#include "protocol.h"

#include <cstdlib>
#include <google/protobuf/stubs/logging.h>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    // libprotobuf complains about every non-UTF-8 string; natterd rate-limits that itself.
    google::protobuf::SetLogHandler(nullptr);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray frame(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto envelope = natter::protocol::decode(frame);
    if (!envelope)
        return 0;
    const QByteArray encoded = natter::protocol::encode(*envelope);
    const auto again = natter::protocol::decode(encoded);
    if (!again || natter::protocol::encode(*again) != encoded)
        std::abort();
    (void)natter::protocol::errorName(envelope->error().code());
    return 0;
}

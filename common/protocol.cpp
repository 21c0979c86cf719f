#include "protocol.h"

#include <google/protobuf/io/coded_stream.h>

#include <cstring>

namespace natter::protocol {

proto::Limits Limits::toProto() const
{
    proto::Limits l;
    l.set_max_frame_bytes(maxFrameBytes);
    l.set_max_text_bytes(maxTextBytes);
    l.set_max_group_members(maxGroupMembers);
    l.set_max_page_size(maxPageSize);
    l.set_max_file_bytes(maxFileBytes);
    l.set_max_chunk_bytes(maxChunkBytes);
    l.set_max_attachments(maxAttachments);
    l.set_quota_bytes(quotaBytes);
    l.set_max_thumbnail_bytes(maxThumbnailBytes);
    return l;
}

Limits Limits::fromProto(const proto::Limits &l)
{
    Limits limits;
    limits.maxFrameBytes = l.max_frame_bytes();
    limits.maxTextBytes = l.max_text_bytes();
    limits.maxGroupMembers = l.max_group_members();
    limits.maxPageSize = l.max_page_size();
    limits.maxFileBytes = l.max_file_bytes();
    limits.maxChunkBytes = l.max_chunk_bytes();
    limits.maxAttachments = l.max_attachments();
    limits.quotaBytes = l.quota_bytes();
    limits.maxThumbnailBytes = l.max_thumbnail_bytes();
    return limits;
}

QByteArray encode(const Envelope &envelope)
{
    QByteArray bytes(qsizetype(envelope.ByteSizeLong()), Qt::Uninitialized);
    envelope.SerializeToArray(bytes.data(), int(bytes.size()));
    return bytes;
}

proto::MessagesReply messagesReply(const QList<proto::Message> &messages, bool hasMore)
{
    proto::MessagesReply reply;
    reply.mutable_messages()->Reserve(int(messages.size()));
    for (const proto::Message &message : messages)
        *reply.add_messages() = message;
    reply.set_has_more(hasMore);
    return reply;
}

QByteArray encodeReply(quint64 requestId, int field, const QByteArray &message)
{
    using google::protobuf::io::CodedOutputStream;
    Envelope head;
    head.set_request_id(requestId);
    // A length-delimited field: its tag (wire type 2), the length, the bytes.
    const quint32 tag = (quint32(field) << 3) | 2;
    const auto length = quint32(message.size());
    QByteArray frame = encode(head);
    const qsizetype headSize = frame.size();
    frame.resize(headSize + CodedOutputStream::VarintSize32(tag) +
                 CodedOutputStream::VarintSize32(length) + message.size());
    auto *out = reinterpret_cast<quint8 *>(frame.data()) + headSize;
    out = CodedOutputStream::WriteVarint32ToArray(tag, out);
    out = CodedOutputStream::WriteVarint32ToArray(length, out);
    std::memcpy(out, message.constData(), size_t(message.size()));
    return frame;
}

std::optional<Envelope> decode(const QByteArray &frame)
{
    Envelope envelope;
    if (!envelope.ParseFromArray(frame.constData(), int(frame.size())))
        return std::nullopt;
    return envelope;
}

Envelope makeError(quint64 requestId, ErrorCode code, const QString &message, quint32 retryAfterMs)
{
    Envelope envelope;
    envelope.set_request_id(requestId);
    auto *error = envelope.mutable_error();
    error->set_code(code);
    // Messages quote client input through validation::quoted(); this keeps any that do not
    // from echoing a whole frame back.
    error->set_message(toStd(message.size() > kMaxErrorMessageLength
                                 ? message.left(kMaxErrorMessageLength) + QChar(0x2026)
                                 : message));
    error->set_retry_after_ms(retryAfterMs);
    return envelope;
}

QString errorName(ErrorCode code)
{
    return fromStd(proto::ErrorCode_Name(code));
}

} // namespace natter::protocol

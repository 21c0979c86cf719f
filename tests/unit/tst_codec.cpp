#include "protocol.h"

#include <QtTest>

using namespace natter;

class TestCodec : public QObject {
    Q_OBJECT
private slots:
    void sendMessageRoundTrip()
    {
        proto::Envelope envelope;
        envelope.set_request_id(42);
        auto *send = envelope.mutable_send_message_request();
        send->set_conversation_id(7);
        send->set_client_msg_id("c-1");
        send->set_text("grüße 😀");
        const auto decoded = protocol::decode(protocol::encode(envelope));
        QVERIFY(decoded.has_value());
        QCOMPARE(decoded->request_id(), quint64(42));
        QCOMPARE(decoded->body_case(), proto::Envelope::kSendMessageRequest);
        QCOMPARE(decoded->send_message_request().conversation_id(), quint64(7));
        QCOMPARE(QString::fromStdString(decoded->send_message_request().text()),
                 QStringLiteral("grüße 😀"));
    }

    void eventRoundTrip()
    {
        proto::Envelope envelope;
        auto *m = envelope.mutable_message_event()->mutable_message();
        m->set_seq(99);
        m->set_sender_username("bob");
        const auto decoded = protocol::decode(protocol::encode(envelope));
        QVERIFY(decoded.has_value());
        QCOMPARE(decoded->request_id(), quint64(0));
        QCOMPARE(decoded->message_event().message().seq(), quint64(99));
    }

    void aReplyEncodedBeforehandIsTheSameFrame()
    {
        // natterd sends a cached history page as bytes encoded once: the frame must be exactly
        // what encoding the whole envelope gives, for small and multi-byte lengths and ids.
        for (const int count : {0, 1, 200}) {
            proto::MessagesReply page;
            for (int i = 0; i < count; ++i) {
                auto *m = page.add_messages();
                m->set_seq(quint64(i + 1));
                m->set_text(std::string(size_t(i % 7) * 20, 'x'));
            }
            page.set_has_more(count > 0);
            for (const quint64 requestId : {quint64(1), quint64(300), quint64(1) << 40}) {
                proto::Envelope envelope;
                envelope.set_request_id(requestId);
                *envelope.mutable_messages_reply() = page;
                const QByteArray bytes = QByteArray::fromStdString(page.SerializeAsString());
                QCOMPARE(protocol::encodeReply(requestId,
                                               proto::Envelope::kMessagesReplyFieldNumber, bytes),
                         protocol::encode(envelope));
            }
        }
    }

    void limitsRoundTrip()
    {
        protocol::Limits limits;
        limits.maxTextBytes = 1234;
        limits.maxGroupMembers = 5;
        const auto back = protocol::Limits::fromProto(limits.toProto());
        QCOMPARE(back.maxTextBytes, 1234u);
        QCOMPARE(back.maxGroupMembers, 5u);
        QCOMPARE(back.maxFrameBytes, limits.maxFrameBytes);
    }

    void garbageIsRejected()
    {
        QVERIFY(!protocol::decode(QByteArray("\xff\xff\xff\xff\xff", 5)).has_value());
        // A truncated length-delimited field.
        QVERIFY(!protocol::decode(QByteArray("\x0a\x10"
                                             "ab",
                                             4))
                     .has_value());
    }

    void errorEnvelope()
    {
        const auto e = protocol::makeError(5, proto::NOT_A_MEMBER, QStringLiteral("no"));
        QCOMPARE(e.request_id(), quint64(5));
        QCOMPARE(e.error().code(), proto::NOT_A_MEMBER);
        QCOMPARE(protocol::errorName(proto::NOT_A_MEMBER), QStringLiteral("NOT_A_MEMBER"));
    }
};

QTEST_GUILESS_MAIN(TestCodec)
#include "tst_codec.moc"

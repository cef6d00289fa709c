#include "tests/runtime/runtime_test_util.h"

#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <vector>

namespace ivy::runtime::testing {
namespace {

struct UdpNode {
    UdpNode(Loop& loop, const std::shared_ptr<ListTcpConfig>& config, int id,
            UdpOptions options = {})
        : transport(loop, config, id, std::move(options)) {
        Status st = transport.listen_on({kLoopback, 0});
        EXPECT_TRUE(st.ok()) << st.error;
        config->set(id, {kLoopback, transport.local_port()});
        transport.on_message([this](int from, std::string_view payload) {
            received.push_back({from, std::string(payload)});
        });
    }

    UdpTransport transport;
    std::vector<Received> received;
};

class Udp : public ::testing::Test {
protected:
    Loop loop;
    std::shared_ptr<ListTcpConfig> config = std::make_shared<ListTcpConfig>();
};

TEST_F(Udp, MessagesTravelBothWays) {
    UdpNode a(loop, config, 0), b(loop, config, 1);
    EXPECT_EQ(a.transport.send(1, "ping"), SendStatus::Queued);
    EXPECT_EQ(b.transport.send(0, "pong"), SendStatus::Queued);
    EXPECT_EQ(a.transport.send(0, "self"), SendStatus::Queued);
    ASSERT_TRUE(loop.run_until([&] { return a.received.size() == 2 && b.received.size() == 1; },
                               kDeadline));
    EXPECT_EQ(b.received[0].from, 0);
    EXPECT_EQ(b.received[0].payload, "ping");
    for (const auto& r : a.received) {
        if (r.from == 1)
            EXPECT_EQ(r.payload, "pong");
        else
            EXPECT_EQ(r.payload, "self");
    }
    EXPECT_EQ(a.transport.stats().messages_sent, 2u);
}

TEST_F(Udp, TheLargestPayloadArrivesIntact) {
    UdpNode a(loop, config, 0), b(loop, config, 1);
    std::string biggest = pattern(kUdpMaxPayload, 3);
    EXPECT_EQ(a.transport.send(1, biggest), SendStatus::Queued);
    EXPECT_EQ(a.transport.send(1, ""), SendStatus::Queued);
    ASSERT_TRUE(loop.run_until([&] { return b.received.size() == 2; }, kDeadline));
    EXPECT_TRUE(b.received[0].payload == biggest);
    EXPECT_EQ(b.received[1].payload, "");
}

TEST_F(Udp, OversizedMessagesAreRefusedNotFatal) {
    UdpNode a(loop, config, 0), b(loop, config, 1);
    LogCapture log;
    EXPECT_EQ(a.transport.send(1, std::string(kUdpMaxPayload + 1, 'x')), SendStatus::TooLarge);
    EXPECT_EQ(a.transport.send(1, std::string(1 << 20, 'x')), SendStatus::TooLarge);
    EXPECT_EQ(a.transport.stats().dropped_too_large, 2u);
    EXPECT_EQ(a.transport.dropped_messages(), 2u);
    EXPECT_TRUE(log.contains("refusing a message"));
    EXPECT_EQ(a.transport.send(1, "fine"), SendStatus::Queued);
    ASSERT_TRUE(loop.run_until([&] { return b.received.size() == 1; }, kDeadline));
    EXPECT_EQ(b.received[0].payload, "fine");
}

TEST_F(Udp, MalformedDatagramsAreDroppedWithALogLine) {
    UdpNode b(loop, config, 1), a(loop, config, 0);
    LogCapture log;
    asio::io_context io;
    asio::ip::udp::socket raw(io, asio::ip::udp::endpoint(asio::ip::udp::v4(), 0));
    asio::ip::udp::endpoint to(asio::ip::address_v4(kLoopback), b.transport.local_port());
    raw.send_to(asio::buffer(std::string("short")), to);
    raw.send_to(asio::buffer(std::string(40, 'g')), to);
    ASSERT_TRUE(
        loop.run_until([&] { return b.transport.stats().malformed_datagrams == 2; }, kDeadline));
    EXPECT_TRUE(log.contains("shorter than the header"));
    EXPECT_TRUE(log.contains("bad magic"));
    EXPECT_TRUE(b.received.empty());
    a.transport.send(1, "valid");
    ASSERT_TRUE(loop.run_until([&] { return b.received.size() == 1; }, kDeadline));
}

TEST_F(Udp, DatagramsFromAnotherClusterAreDropped) {
    UdpOptions other;
    other.cluster_id = "other";
    UdpNode a(loop, config, 0, other), b(loop, config, 1);
    LogCapture log;
    a.transport.send(1, "intruder");
    ASSERT_TRUE(
        loop.run_until([&] { return b.transport.stats().malformed_datagrams == 1; }, kDeadline));
    EXPECT_TRUE(b.received.empty());
    EXPECT_TRUE(log.contains("other cluster"));
}

TEST_F(Udp, UndecodableMessagesAreDroppedAndReceivingGoesOn) {
    UdpNode a(loop, config, 0), b(loop, config, 1);
    LogCapture log;
    b.transport.on_message([&](int from, std::string_view payload) {
        if (payload == "bad") throw DecodeError("test: undecodable");
        b.received.push_back({from, std::string(payload)});
    });
    a.transport.send(1, "bad");
    a.transport.send(1, "good");
    ASSERT_TRUE(loop.run_until([&] { return b.received.size() == 1; }, kDeadline));
    EXPECT_EQ(b.received[0].payload, "good");
    EXPECT_EQ(b.transport.stats().malformed_messages, 1u);
    EXPECT_TRUE(log.contains("test: undecodable"));
}

TEST_F(Udp, UnknownPeersAndStoppedTransportsRefuse) {
    UdpNode a(loop, config, 0);
    EXPECT_EQ(a.transport.send(9, "x"), SendStatus::UnknownPeer);
    a.transport.shutdown();
    EXPECT_EQ(a.transport.send(0, "x"), SendStatus::Stopped);
}

} // namespace
} // namespace ivy::runtime::testing

#include "tests/runtime/runtime_test_util.h"

#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <vector>

namespace ivy::runtime::testing {
namespace {

std::shared_ptr<ListTcpConfig> new_config() {
    return std::make_shared<ListTcpConfig>();
}

std::string msg(int from, int to, int i) {
    return std::to_string(from) + "->" + std::to_string(to) + " #" + std::to_string(i);
}

// ---- normal operation ---------------------------------------------------------------

TEST(TcpTransport, TwoNodesExchangeMessagesBothWaysInOrder) {
    Loop loop;
    auto config = new_config();
    TcpNode a(loop, config, 0), b(loop, config, 1);
    constexpr int n = 200;
    for (int i = 0; i < n; ++i) {
        EXPECT_EQ(a.transport.send(1, msg(0, 1, i)), SendStatus::Queued);
        EXPECT_EQ(b.transport.send(0, msg(1, 0, i)), SendStatus::Queued);
    }
    ASSERT_TRUE(loop.run_until([&] { return a.received.size() == n && b.received.size() == n; },
                               kDeadline));
    for (int i = 0; i < n; ++i) {
        EXPECT_EQ(b.received[i].from, 0);
        EXPECT_EQ(b.received[i].payload, msg(0, 1, i));
        EXPECT_EQ(a.received[i].from, 1);
        EXPECT_EQ(a.received[i].payload, msg(1, 0, i));
    }
    EXPECT_EQ(a.transport.stats().messages_sent, static_cast<std::uint64_t>(n));
    EXPECT_EQ(b.transport.stats().messages_received, static_cast<std::uint64_t>(n));
    EXPECT_EQ(a.transport.dropped_messages(), 0u);
    EXPECT_TRUE(a.transport.is_connected(1));
    EXPECT_EQ(a.transport.queued_messages(1), 0u);
}

TEST(TcpTransport, ThreeNodesEachReachEveryNodeIncludingItself) {
    Loop loop;
    auto config = new_config();
    std::vector<std::unique_ptr<TcpNode>> nodes;
    for (int id = 0; id < 3; ++id)
        nodes.push_back(std::make_unique<TcpNode>(loop, config, id));
    for (int from = 0; from < 3; ++from)
        for (int to = 0; to < 3; ++to)
            EXPECT_EQ(nodes[from]->transport.send(to, msg(from, to, 0)), SendStatus::Queued);
    auto all_in = [&] {
        for (auto& n : nodes)
            if (n->received.size() < 3) return false;
        return true;
    };
    ASSERT_TRUE(loop.run_until(all_in, kDeadline));
    for (int to = 0; to < 3; ++to) {
        std::vector<bool> seen(3, false);
        for (const auto& r : nodes[to]->received) {
            EXPECT_EQ(r.payload, msg(r.from, to, 0));
            seen[r.from] = true;
        }
        EXPECT_EQ(seen, std::vector<bool>(3, true)) << "node " << to;
    }
}

TEST(TcpTransport, SendsToSelfAreDeliveredLaterThroughTheLoop) {
    Loop loop;
    auto config = new_config();
    TcpNode a(loop, config, 0);
    EXPECT_EQ(a.transport.send(0, "me"), SendStatus::Queued);
    EXPECT_TRUE(a.received.empty()); // never reentrant
    ASSERT_TRUE(loop.run_until([&] { return a.received.size() == 1; }, kDeadline));
    EXPECT_EQ(a.received[0].from, 0);
    EXPECT_EQ(a.received[0].payload, "me");
}

TEST(TcpTransport, EmptyAndBinaryPayloadsArriveIntact) {
    Loop loop;
    auto config = new_config();
    TcpNode a(loop, config, 0), b(loop, config, 1);
    std::vector<std::string> payloads{"", std::string("\0\0\xff", 3), pattern(70000),
                                      pattern(17000, 2), "tail"};
    for (const auto& p : payloads)
        a.transport.send(1, p);
    ASSERT_TRUE(loop.run_until([&] { return b.received.size() == payloads.size(); }, kDeadline));
    for (std::size_t i = 0; i < payloads.size(); ++i)
        EXPECT_EQ(b.received[i].payload, payloads[i]);
}

// The default limit admits a 64 MiB message; small messages around it keep their
// order (the large one is read straight into place, then buffered reading resumes).
TEST(TcpTransport, SixtyFourMebibyteMessageArrivesIntact) {
    Loop loop;
    auto config = new_config();
    TcpOptions options = fast_options(); // default frame and queue limits
    TcpNode a(loop, config, 0, options), b(loop, config, 1, options);
    const std::string big = pattern(std::size_t{64} << 20, 9);
    EXPECT_EQ(a.transport.send(1, "before"), SendStatus::Queued);
    EXPECT_EQ(a.transport.send(1, big), SendStatus::Queued);
    EXPECT_EQ(a.transport.send(1, "after"), SendStatus::Queued);
    ASSERT_TRUE(loop.run_until([&] { return b.received.size() == 3; }, kDeadline));
    EXPECT_EQ(b.received[0].payload, "before");
    EXPECT_EQ(b.received[1].payload.size(), big.size());
    EXPECT_TRUE(b.received[1].payload == big);
    EXPECT_EQ(b.received[2].payload, "after");
}

TEST(TcpTransport, MessagesOverTheFrameLimitAreRefusedAndCounted) {
    Loop loop;
    auto config = new_config();
    TcpOptions options = fast_options();
    options.max_frame_bytes = 1024;
    TcpNode a(loop, config, 0, options), b(loop, config, 1, options);
    LogCapture log;
    EXPECT_EQ(a.transport.send(1, std::string(1025, 'x')), SendStatus::TooLarge);
    EXPECT_EQ(a.transport.send(1, std::string(1024, 'y')), SendStatus::Queued);
    ASSERT_TRUE(loop.run_until([&] { return b.received.size() == 1; }, kDeadline));
    EXPECT_EQ(b.received[0].payload, std::string(1024, 'y'));
    EXPECT_EQ(a.transport.stats().dropped_too_large, 1u);
    EXPECT_TRUE(log.contains("refusing a message of 1025 bytes"));
}

TEST(TcpTransport, UnknownPeersAreRefused) {
    Loop loop;
    auto config = new_config();
    TcpNode a(loop, config, 0);
    EXPECT_EQ(a.transport.send(7, "x"), SendStatus::UnknownPeer);
    EXPECT_EQ(a.transport.send(-1, "x"), SendStatus::UnknownPeer);
    EXPECT_EQ(a.transport.stats().dropped_unknown_peer, 2u);
}

TEST(TcpTransport, ListenFailsCleanlyWithoutAnAddress) {
    Loop loop;
    TcpTransport t(loop, new_config(), 3);
    Status st = t.listen();
    EXPECT_FALSE(st.ok());
    EXPECT_NE(st.error.find("no address"), std::string::npos) << st.error;
}

TEST(TcpTransport, ListenReportsErrorsAsValues) {
    Loop loop;
    auto config = new_config();
    TcpNode a(loop, config, 0);
    TcpTransport other(loop, config, 5);
    Status taken = other.listen_on({kLoopback, a.transport.local_port()});
    EXPECT_FALSE(taken.ok());
    EXPECT_NE(taken.error.find("Address already in use"), std::string::npos) << taken.error;
    Status twice = a.transport.listen_on({kLoopback, 0});
    EXPECT_NE(twice.error.find("already listening"), std::string::npos) << twice.error;
    TcpNode b(loop, config, 1);
    b.transport.send(0, "still listening"); // the failed calls broke nothing
    ASSERT_TRUE(loop.run_until([&] { return a.received.size() == 1; }, kDeadline));
}

TEST(TcpTransport, AfterShutdownSendsAreRefused) {
    Loop loop;
    auto config = new_config();
    TcpNode a(loop, config, 0), b(loop, config, 1);
    a.transport.shutdown();
    EXPECT_EQ(a.transport.send(1, "x"), SendStatus::Stopped);
}

// ---- reconnection ---------------------------------------------------------------------

// Messages sent while the peer is not there yet wait in the queue; the transport
// retries with backoff and delivers them once the peer listens.
TEST(TcpTransport, MessagesSentBeforeThePeerListensAreDelivered) {
    Loop loop;
    auto config = new_config();
    TcpNode a(loop, config, 0);
    RefusingPort reserved;
    config->set(1, {kLoopback, reserved.port()});
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(a.transport.send(1, msg(0, 1, i)), SendStatus::Queued);
    ASSERT_TRUE(
        loop.run_until([&] { return a.transport.stats().connect_attempts >= 2; }, kDeadline));
    EXPECT_FALSE(a.transport.is_connected(1));
    EXPECT_EQ(a.transport.queued_messages(1), 5u);

    unsigned short port = reserved.port();
    reserved.release();
    TcpNode b(loop, config, 1, fast_options(), port);
    ASSERT_TRUE(loop.run_until([&] { return b.received.size() == 5; }, kDeadline));
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(b.received[i].payload, msg(0, 1, i));
    EXPECT_EQ(a.transport.dropped_messages(), 0u);
}

// A peer that goes away and comes back on the same port: the sender notices the
// closed connection, queues what it sends meanwhile, reconnects with backoff and
// delivers the queue to the restarted peer.
TEST(TcpTransport, PeerRestartReconnectsAndDeliversQueuedMessages) {
    Loop loop;
    auto config = new_config();
    TcpNode a(loop, config, 0);
    auto b = std::make_unique<TcpNode>(loop, config, 1);
    unsigned short port = b->transport.local_port();
    a.transport.send(1, "first");
    ASSERT_TRUE(loop.run_until([&] { return b->received.size() == 1; }, kDeadline));

    b.reset(); // the peer dies
    ASSERT_TRUE(loop.run_until([&] { return !a.transport.is_connected(1); }, kDeadline));
    EXPECT_EQ(a.transport.stats().connections_lost, 1u);
    for (int i = 0; i < 10; ++i)
        EXPECT_EQ(a.transport.send(1, msg(0, 1, i)), SendStatus::Queued);
    loop.run_for(30ms); // a few refused attempts while it is down
    EXPECT_EQ(a.transport.queued_messages(1), 10u);

    b = std::make_unique<TcpNode>(loop, config, 1, fast_options(), port); // it comes back
    ASSERT_TRUE(loop.run_until([&] { return b->received.size() == 10; }, kDeadline));
    for (int i = 0; i < 10; ++i) {
        EXPECT_EQ(b->received[i].from, 0);
        EXPECT_EQ(b->received[i].payload, msg(0, 1, i));
    }
    EXPECT_EQ(a.transport.stats().connections_established, 2u);
    EXPECT_EQ(a.transport.dropped_messages(), 0u);

    // And the restarted peer can answer on its own new outbound connection.
    b->transport.send(0, "back");
    ASSERT_TRUE(loop.run_until([&] { return a.received.size() == 1; }, kDeadline));
    EXPECT_EQ(a.received[0].payload, "back");
}

// Reconnection attempts back off exponentially: against a port that refuses, a
// 20 ms..1 s backoff allows only a handful of attempts in 300 ms, never a spin.
TEST(TcpTransport, ReconnectionBacksOffInsteadOfSpinning) {
    Loop loop;
    auto config = new_config();
    TcpOptions options; // the production backoff: 20 ms doubling to 1 s
    TcpNode a(loop, config, 0, options);
    RefusingPort refusing;
    config->set(1, {kLoopback, refusing.port()});
    a.transport.send(1, "x");
    loop.run_for(300ms);
    auto attempts = a.transport.stats().connect_attempts;
    EXPECT_GE(attempts, 2u);
    EXPECT_LE(attempts, 8u);
    EXPECT_EQ(a.transport.queued_messages(1), 1u); // still waiting, not dropped
}

TEST(TcpTransport, DisconnectDiscardsTheQueueAndCountsIt) {
    Loop loop;
    auto config = new_config();
    TcpNode a(loop, config, 0);
    RefusingPort refusing;
    config->set(1, {kLoopback, refusing.port()});
    a.transport.send(1, "x");
    a.transport.send(1, "y");
    a.transport.disconnect(1);
    EXPECT_EQ(a.transport.queued_messages(1), 0u);
    EXPECT_EQ(a.transport.stats().dropped_discarded, 2u);
}

// Regression: a large write still in progress when the connection is dropped and
// at once reopened must not continue on the new connection (with freed buffers).
TEST(TcpTransport, DisconnectDuringALargeWriteThenSendAgainStaysClean) {
    Loop loop;
    auto config = new_config();
    TcpNode a(loop, config, 0), b(loop, config, 1);
    LogCapture log; // b may report the old connection ending mid-frame
    a.transport.send(1, "warm up");
    ASSERT_TRUE(loop.run_until([&] { return b.received.size() == 1; }, kDeadline));
    const std::string big = pattern(std::size_t{32} << 20, 4);
    a.transport.send(1, big); // the first part is written now, the rest is pending
    a.transport.disconnect(1);
    EXPECT_EQ(a.transport.send(1, "after"), SendStatus::Queued);
    ASSERT_TRUE(loop.run_until(
        [&] { return !b.received.empty() && b.received.back().payload == "after"; }, kDeadline));
    for (std::size_t i = 1; i + 1 < b.received.size(); ++i)
        EXPECT_TRUE(b.received[i].payload == big) << "unexpected message " << i;
    EXPECT_EQ(b.transport.stats().malformed_messages, 0u);
}

// ---- bounded queues ---------------------------------------------------------------------

TEST(TcpTransport, QueueOverflowDropsAndCountsByMessageCount) {
    Loop loop;
    auto config = new_config();
    TcpOptions options = fast_options();
    options.max_queue_messages = 4;
    TcpNode a(loop, config, 0, options);
    RefusingPort refusing;
    config->set(1, {kLoopback, refusing.port()});
    int queued = 0, full = 0;
    for (int i = 0; i < 10; ++i) {
        auto s = a.transport.send(1, msg(0, 1, i));
        queued += s == SendStatus::Queued;
        full += s == SendStatus::QueueFull;
    }
    EXPECT_EQ(queued, 4);
    EXPECT_EQ(full, 6);
    EXPECT_EQ(a.transport.stats().dropped_queue_full, 6u);
    EXPECT_EQ(a.transport.dropped_messages(), 6u);
    EXPECT_EQ(a.transport.queued_messages(1), 4u);
}

TEST(TcpTransport, QueueOverflowDropsAndCountsByBytes) {
    Loop loop;
    auto config = new_config();
    TcpOptions options = fast_options();
    options.max_queue_bytes = 1000;
    TcpNode a(loop, config, 0, options);
    RefusingPort refusing;
    config->set(1, {kLoopback, refusing.port()});
    EXPECT_EQ(a.transport.send(1, std::string(400, 'a')), SendStatus::Queued);
    EXPECT_EQ(a.transport.send(1, std::string(400, 'b')), SendStatus::Queued);
    EXPECT_EQ(a.transport.send(1, std::string(400, 'c')), SendStatus::QueueFull);
    EXPECT_EQ(a.transport.send(1, std::string(100, 'd')), SendStatus::Queued); // still fits
    EXPECT_EQ(a.transport.queued_bytes(1), 3 * 4u + 900u);
    EXPECT_EQ(a.transport.stats().dropped_queue_full, 1u);
}

// Once the peer is reachable the queue drains and sends are accepted again.
TEST(TcpTransport, QueueDrainsAfterOverflow) {
    Loop loop;
    auto config = new_config();
    TcpOptions options = fast_options();
    options.max_queue_messages = 3;
    TcpNode a(loop, config, 0, options), b(loop, config, 1, options);
    int accepted = 0;
    for (int i = 0; i < 5; ++i)
        accepted += a.transport.send(1, msg(0, 1, i)) == SendStatus::Queued;
    EXPECT_EQ(accepted, 3);
    ASSERT_TRUE(loop.run_until([&] { return b.received.size() == 3; }, kDeadline));
    EXPECT_EQ(a.transport.queued_messages(1), 0u);
    EXPECT_EQ(a.transport.send(1, "again"), SendStatus::Queued);
    ASSERT_TRUE(loop.run_until([&] { return b.received.size() == 4; }, kDeadline));
}

// ---- misbehaving peers ---------------------------------------------------------------------

// A receiver keeps serving its real peers while strangers misbehave.
class MisbehavingPeer : public ::testing::Test {
protected:
    void SetUp() override {
        config = new_config();
        a = std::make_unique<TcpNode>(loop, config, 0, options);
        b = std::make_unique<TcpNode>(loop, config, 1, options);
        a->transport.send(1, "hello b");
        ASSERT_TRUE(loop.run_until([&] { return b->received.size() == 1; }, kDeadline));
    }

    // The stranger's connection was closed, b still has exactly a's connection, and
    // a's next message still arrives.
    void expect_b_still_serves_a(RawClient& stranger) {
        EXPECT_TRUE(stranger.closed_by_peer());
        EXPECT_EQ(b->transport.inbound_connections(), 1u);
        std::size_t before = b->received.size();
        a->transport.send(1, "still there?");
        ASSERT_TRUE(loop.run_until([&] { return b->received.size() == before + 1; }, kDeadline));
        EXPECT_EQ(b->received.back().payload, "still there?");
    }

    bool wait_rejected(std::uint64_t n) {
        return loop.run_until([&] { return b->transport.stats().connections_rejected >= n; },
                              kDeadline);
    }

    std::string hello(std::string_view cluster = "ivy", std::uint64_t version = 1, int id = 5) {
        return tcp_frame(tcp_hello_payload(cluster, version, id));
    }

    TcpOptions options = [] {
        TcpOptions o = fast_options();
        o.hello_timeout = 100ms;
        o.max_frame_bytes = 1 << 20;
        return o;
    }();
    Loop loop;
    std::shared_ptr<ListTcpConfig> config;
    std::unique_ptr<TcpNode> a, b;
    LogCapture log;
};

TEST_F(MisbehavingPeer, GarbageBytesCloseOnlyThatConnection) {
    RawClient stranger(b->transport.local_port());
    stranger.write("GET / HTTP/1.1\r\nHost: example\r\n\r\n");
    ASSERT_TRUE(wait_rejected(1));
    EXPECT_TRUE(log.contains("dropping connection from 127.0.0.1"));
    expect_b_still_serves_a(stranger);
}

TEST_F(MisbehavingPeer, GarbageHelloOfPlausibleLengthIsRejected) {
    RawClient stranger(b->transport.local_port());
    stranger.write(tcp_frame("not a hello at all"));
    ASSERT_TRUE(wait_rejected(1));
    EXPECT_TRUE(log.contains("bad hello"));
    expect_b_still_serves_a(stranger);
}

TEST_F(MisbehavingPeer, OversizedLengthAfterAValidHelloIsRejected) {
    RawClient stranger(b->transport.local_port());
    auto header = tcp_frame_header((1u << 20) + 1);
    stranger.write(hello() + std::string(header.data(), 4));
    ASSERT_TRUE(wait_rejected(1));
    EXPECT_TRUE(log.contains("exceeds the limit of 1048576"));
    EXPECT_EQ(b->transport.stats().connections_accepted, 2u); // a's, then the stranger's hello
    expect_b_still_serves_a(stranger);
}

TEST_F(MisbehavingPeer, HelloWithAnotherProtocolVersionIsRejected) {
    RawClient stranger(b->transport.local_port());
    stranger.write(hello("ivy", 2) + tcp_frame("payload"));
    ASSERT_TRUE(wait_rejected(1));
    EXPECT_TRUE(log.contains("protocol version 2, expected 1"));
    EXPECT_EQ(b->received.size(), 1u); // the payload after the bad hello was not delivered
    expect_b_still_serves_a(stranger);
}

TEST_F(MisbehavingPeer, HelloWithANegativeNodeIdIsRejected) {
    RawClient stranger(b->transport.local_port());
    stranger.write(hello("ivy", 1, -4));
    ASSERT_TRUE(wait_rejected(1));
    EXPECT_TRUE(log.contains("invalid node id -4"));
    expect_b_still_serves_a(stranger);
}

TEST_F(MisbehavingPeer, SilentClientIsDroppedAfterTheHelloTimeout) {
    RawClient stranger(b->transport.local_port());
    ASSERT_TRUE(loop.run_until([&] { return b->transport.inbound_connections() == 2; }, kDeadline));
    ASSERT_TRUE(wait_rejected(1));
    EXPECT_TRUE(log.contains("no hello"));
    expect_b_still_serves_a(stranger);
}

TEST_F(MisbehavingPeer, HalfWrittenFrameThenCloseIsDroppedWithoutDelivery) {
    RawClient stranger(b->transport.local_port());
    auto header = tcp_frame_header(100);
    stranger.write(hello() + std::string(header.data(), 4) + std::string(10, 'z'));
    ASSERT_TRUE(loop.run_until([&] { return b->transport.inbound_connections() == 2; }, kDeadline));
    stranger.close();
    ASSERT_TRUE(wait_rejected(1));
    EXPECT_TRUE(log.contains("ended in the middle of a frame"));
    EXPECT_EQ(b->transport.inbound_connections(), 1u); // not leaked
    EXPECT_EQ(b->received.size(), 1u);
    a->transport.send(1, "after");
    ASSERT_TRUE(loop.run_until([&] { return b->received.size() == 2; }, kDeadline));
}

TEST_F(MisbehavingPeer, ManyStrangersAreAllCleanedUp) {
    std::vector<std::unique_ptr<RawClient>> strangers;
    for (int i = 0; i < 20; ++i) {
        strangers.push_back(std::make_unique<RawClient>(b->transport.local_port()));
        if (i % 2 == 0) strangers.back()->write("\xff\xff\xff\xff garbage");
    }
    ASSERT_TRUE(wait_rejected(20)); // half for garbage, half for silence
    for (auto& s : strangers)
        EXPECT_TRUE(s->closed_by_peer());
    EXPECT_EQ(b->transport.inbound_connections(), 1u);
}

// A message the receive callback cannot decode (it throws DecodeError) closes that
// connection; the sender reconnects and later messages arrive.
TEST_F(MisbehavingPeer, UndecodableMessageClosesTheConnectionAndTheSenderRecovers) {
    b->transport.on_message([&](int from, std::string_view payload) {
        if (payload == "bad") throw DecodeError("test: undecodable");
        b->received.push_back({from, std::string(payload)});
    });
    a->transport.send(1, "bad");
    ASSERT_TRUE(wait_rejected(1));
    EXPECT_EQ(b->transport.stats().malformed_messages, 1u);
    EXPECT_TRUE(log.contains("test: undecodable"));
    ASSERT_TRUE(loop.run_until([&] { return !a->transport.is_connected(1); }, kDeadline));
    a->transport.send(1, "good");
    ASSERT_TRUE(loop.run_until([&] { return b->received.size() == 2; }, kDeadline));
    EXPECT_EQ(b->received.back().payload, "good");
}

// Nodes of different clusters never exchange messages; the sender keeps retrying
// with backoff (not in a tight loop) and nothing is delivered.
TEST(TcpTransport, HelloFromAnotherClusterIsRejected) {
    Loop loop;
    auto config = new_config();
    TcpOptions ours = fast_options(), theirs = fast_options();
    ours.backoff_initial = theirs.backoff_initial = 20ms;
    ours.backoff_max = theirs.backoff_max = 1s;
    theirs.cluster_id = "other";
    TcpNode a(loop, config, 0, theirs), b(loop, config, 1, ours);
    LogCapture log;
    a.transport.send(1, "intruder");
    ASSERT_TRUE(
        loop.run_until([&] { return b.transport.stats().connections_rejected >= 1; }, kDeadline));
    EXPECT_TRUE(log.contains("hello from cluster 'other', expected 'ivy'"));
    loop.run_for(200ms);
    EXPECT_TRUE(b.received.empty());
    EXPECT_LE(a.transport.stats().connect_attempts, 8u);
    EXPECT_EQ(b.transport.inbound_connections(), 0u);
}

} // namespace
} // namespace ivy::runtime::testing

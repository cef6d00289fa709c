// Nodes with real sockets on loopback, all on one event loop in a background thread;
// the test thread is the client (blocking sockets with deadlines).
#include "runtime/kv/node.h"
#include "tests/kv/kv_test_util.h"
#include "tests/kv/test_double_log.h"

#include <future>
#include <gtest/gtest.h>
#include <thread>

namespace ivy::kv::testing {
namespace {

using namespace std::chrono_literals;

class LoopbackCluster {
public:
    explicit LoopbackCluster(int n, std::optional<std::filesystem::path> data_root = std::nullopt)
        : protocol_(TestDoubleLog::protocol()) {
        auto config = std::make_shared<runtime::ListTcpConfig>();
        for (int i = 0; i < n; ++i) config->set(i, {0x7f000001, free_port()});
        for (int i = 0; i < n; ++i) {
            NodeOptions o;
            o.node_id = i;
            o.cluster = config;
            o.client_port = 0;
            o.client_address = "127.0.0.1";
            o.tick = 10ms;
            o.peers.backoff_initial = 5ms;
            o.peers.backoff_max = 50ms;
            o.clients.max_frame = 4096;
            if (data_root) o.data_dir = (*data_root / ("n" + std::to_string(i))).string();
            std::string error;
            auto node = Node::create(loop_, protocol_, o, error);
            EXPECT_TRUE(node) << error;
            auto st = node->start();
            EXPECT_TRUE(st.ok()) << st.error;
            ports_.push_back(node->client_port());
            nodes_.push_back(std::move(node));
        }
        thread_ = std::thread([this] { loop_.run(); });
    }

    // Runs `fn` on the loop thread and waits for it.
    template <class F> auto on_loop(F fn) {
        std::packaged_task<decltype(fn())()> task(std::move(fn));
        auto fut = task.get_future();
        loop_.post([&task] { task(); });
        return fut.get();
    }

    ~LoopbackCluster() {
        on_loop([this] {
            for (auto& n : nodes_) n->stop();
            return 0;
        });
        loop_.stop();
        thread_.join();
        nodes_.clear();
    }

    unsigned short port(int i) const { return ports_[static_cast<std::size_t>(i)]; }

    // The node that answers a GET with a Response, within the deadline.
    int wait_for_leader(std::chrono::milliseconds timeout = 10s) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        // A fresh client id per call: a restarted cluster remembers earlier probes, and
        // a repeated id with a lower SEQ is stale, which vard's rule leaves unanswered.
        std::uint32_t id = std::random_device{}() % 0x7fffffffu + 1;
        std::uint64_t seq = 0;
        while (std::chrono::steady_clock::now() < deadline) {
            for (std::size_t i = 0; i < ports_.size(); ++i) {
                RawClient c(ports_[i]);
                if (!c.send(std::to_string(id) + " " + std::to_string(seq++) + " GET probe - -"))
                    continue;
                auto r = c.receive(1s);
                if (r && r->rfind("Response", 0) == 0) return static_cast<int>(i);
            }
            std::this_thread::sleep_for(20ms);
        }
        return -1;
    }

    Node& node(int i) { return *nodes_[static_cast<std::size_t>(i)]; }

private:
    runtime::Loop loop_;
    Protocol protocol_;
    std::vector<std::unique_ptr<Node>> nodes_;
    std::vector<unsigned short> ports_;
    std::thread thread_;
};

TEST(KvNode, LeaderServesAndFollowersSayNotLeaderOverTcp) {
    LoopbackCluster cluster(3);
    int leader = cluster.wait_for_leader();
    ASSERT_GE(leader, 0);
    RawClient c(cluster.port(leader));
    EXPECT_EQ(c.call("5 0 PUT x 7 -"), "Response 0 x 7 -");
    EXPECT_EQ(c.call("5 1 GET x - -"), "Response 1 x 7 7");
    EXPECT_EQ(c.call("5 2 CAS x 7 8"), "Response 2 x 8 7");
    RawClient f(cluster.port((leader + 1) % 3));
    EXPECT_EQ(f.call("6 0 GET x - -"), "NotLeader");
}

TEST(KvNode, PipelinedRequestsOnOneConnectionAreAnsweredInOrder) {
    LoopbackCluster cluster(3);
    int leader = cluster.wait_for_leader();
    ASSERT_GE(leader, 0);
    RawClient c(cluster.port(leader));
    std::string burst;
    for (int i = 0; i < 200; ++i)
        append_frame(burst, "7 " + std::to_string(i) + " PUT k" + std::to_string(i % 5) + " v" +
                                std::to_string(i) + " -");
    ASSERT_TRUE(c.send_raw(burst));
    for (int i = 0; i < 200; ++i) {
        auto r = c.receive();
        ASSERT_TRUE(r) << i;
        EXPECT_EQ(r->rfind("Response " + std::to_string(i) + " ", 0), 0u) << *r;
    }
}

// Each misbehaving client loses its connection, with a log line; the server keeps
// serving a well-behaved client throughout.
TEST(KvNode, BadClientsAreDisconnectedAndEveryoneElseIsStillServed) {
    LoopbackCluster cluster(3);
    int leader = cluster.wait_for_leader();
    ASSERT_GE(leader, 0);
    auto port = cluster.port(leader);
    RawClient good(port);
    std::uint64_t seq = 0;
    auto good_still_served = [&] {
        auto r = good.call("1 " + std::to_string(seq) + " PUT ok " + std::to_string(seq) + " -");
        ++seq;
        return r && r->rfind("Response", 0) == 0;
    };
    ASSERT_TRUE(good_still_served());
    LogCapture log;
    struct Case {
        const char* name;
        std::string bytes;
        const char* logged;
    };
    std::vector<Case> cases = {
        {"garbage text", frame("hello there"), "malformed request"},
        {"bad arguments", frame("5 0 PUT x - -"), "malformed request"},
        {"binary garbage", std::string("\x03\x00\x00\x00\xff\x00\x01", 7), "malformed request"},
        {"oversized frame", std::string("\x00\x00\x10\x00", 4) + "xx", "exceeds the limit"},
        {"huge length", std::string("\xff\xff\xff\xff", 4), "exceeds the limit"},
        {"empty frame", std::string(4, '\0'), "empty frame"},
    };
    for (const auto& k : cases) {
        RawClient bad(port);
        ASSERT_TRUE(bad.send_raw(k.bytes)) << k.name;
        EXPECT_TRUE(bad.closed_by_server()) << k.name;
        EXPECT_TRUE(good_still_served()) << "after " << k.name;
    }
    {
        RawClient midway(port); // disconnects in the middle of a request
        ASSERT_TRUE(midway.send_raw(std::string("\x20\x00\x00\x00", 4) + "5 0 PU"));
        std::this_thread::sleep_for(20ms);
    }
    {
        RawClient half(port); // disconnects in the middle of the length
        ASSERT_TRUE(half.send_raw(std::string("\x20\x00", 2)));
    }
    EXPECT_TRUE(good_still_served());
    auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!log.contains("in the middle of a request") && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(10ms);
    for (const auto& k : cases) EXPECT_TRUE(log.contains(k.logged)) << k.name;
    EXPECT_TRUE(log.contains("in the middle of a request"));
    auto rejected = cluster.on_loop([&] { return cluster.node(leader).clients().stats().rejected; });
    EXPECT_GE(rejected, cases.size() + 2);
}

TEST(KvNode, DurableNodeRestartsFromItsDirectory) {
    TempDir tmp;
    int leader = -1;
    {
        LoopbackCluster cluster(1, tmp.path());
        leader = cluster.wait_for_leader();
        ASSERT_EQ(leader, 0);
        RawClient c(cluster.port(0));
        for (int i = 0; i < 50; ++i)
            ASSERT_EQ(c.call("5 " + std::to_string(i) + " PUT k" + std::to_string(i % 10) + " v" +
                             std::to_string(i) + " -")
                          ->rfind("Response", 0),
                      0u);
    }
    LoopbackCluster again(1, tmp.path());
    ASSERT_EQ(again.wait_for_leader(), 0);
    auto replayed = again.on_loop([&] { return again.node(0).replica().stats().replayed; });
    EXPECT_GT(replayed, 50u);
    RawClient c(again.port(0));
    EXPECT_EQ(c.call("6 0 GET k9 - -"), "Response 0 k9 v49 v49");
    EXPECT_EQ(c.call("5 49 PUT k9 v49 -"), "Response 49 k9 v49 v39"); // dedup survived
}

} // namespace
} // namespace ivy::kv::testing

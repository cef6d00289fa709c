// Process-level cluster tests: three server processes on loopback, driven through
// the client port exactly as users and tools drive them. Generic over the protocol:
// they run for the test double (kv_testdouble_server) and for every protocol whose
// adapter is built into kvserver. Small ticks (--tick-ms 10) keep each test to
// seconds.
//
// Correctness is checked against a history: every writer owns its keys and writes
// them one request at a time, so at the end a key must read as its last
// acknowledged write, or as a later write whose answer was lost (it may or may not
// have been applied), never anything else.
#include "runtime/kv/consensus.h"
#include "tests/kv/kv_test_util.h"
#include "tests/kv/process_util.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

namespace ivy::kv::testing {
namespace {

using namespace std::chrono_literals;

struct ServerUnderTest {
    std::string binary;
    std::string protocol;
};

std::vector<ServerUnderTest> servers_under_test() {
    std::vector<ServerUnderTest> out{{KV_TESTDOUBLE_SERVER, "testdouble"}};
    for (const auto& p : builtin_protocols())
        if (p.make) out.push_back({KVSERVER, p.name});
    return out;
}

// ---- the cluster ----------------------------------------------------------------------

class ProcCluster {
public:
    ProcCluster(ServerUnderTest server, int n, bool durable)
        : server_(std::move(server)), n_(n), durable_(durable) {
        for (int i = 0; i < n; ++i) {
            peer_ports_.push_back(free_port());
            client_ports_.push_back(free_port());
        }
        procs_.resize(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) start(i);
    }

    int size() const { return n_; }
    const std::vector<unsigned short>& client_ports() const { return client_ports_; }

    // Starts node i (again); its --data-dir, if any, is kept across restarts.
    void start(int i) {
        std::string peers;
        for (auto p : peer_ports_) peers += (peers.empty() ? "" : ",") + ("127.0.0.1:" + std::to_string(p));
        std::vector<std::string> argv = {server_.binary, "--protocol", server_.protocol,
                                         "--node-id", std::to_string(i), "--cluster", peers,
                                         "--client-port", std::to_string(client_ports_[idx(i)]),
                                         "--tick-ms", "10"};
        if (durable_) {
            argv.push_back("--data-dir");
            argv.push_back((dir_.path() / ("data-" + std::to_string(i))).string());
        }
        auto& p = procs_[idx(i)];
        p.reset(); // a previous incarnation is killed and reaped first
        p = std::make_unique<Process>(argv, log_path(i));
        EXPECT_TRUE(p->wait_for_output("Serving clients")) << "node " << i << ": " << p->output()
                                                           << log(i);
    }

    // A crash: SIGKILL and reap.
    void kill(int i) {
        auto& p = procs_[idx(i)];
        if (!p) return;
        p->signal(SIGKILL);
        p->wait();
        p.reset();
    }
    // A node that stops answering without closing its sockets (a pause or partition).
    void pause(int i) { procs_[idx(i)]->signal(SIGSTOP); }
    void resume(int i) { procs_[idx(i)]->signal(SIGCONT); }
    bool running(int i) const { return procs_[idx(i)] != nullptr; }

    // The node whose probe GET gets a Response (only a leader with a quorum
    // answers: the probe goes through the log); -1 after `timeout`.
    int leader(std::chrono::milliseconds timeout = 10s) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            for (int i = 0; i < n_; ++i) {
                if (!running(i)) continue;
                RawClient c(client_ports_[idx(i)]);
                if (!c.connected()) continue;
                std::string body =
                    std::to_string(probe_id_) + " " + std::to_string(probe_seq_++) + " GET probe - -";
                if (!c.send(body)) continue;
                auto r = c.receive(300ms);
                if (r && r->rfind("Response", 0) == 0) return i;
            }
            std::this_thread::sleep_for(10ms);
        }
        return -1;
    }

    // What node i printed on standard output (start-up lines) in its latest run.
    std::string output(int i) const { return running(i) ? procs_[idx(i)]->output() : ""; }

    std::string log(int i) const {
        std::ifstream in(log_path(i));
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }

    ~ProcCluster() {
        for (int i = 0; i < n_; ++i)
            if (procs_[idx(i)]) resume(i); // a stopped process still dies of SIGKILL, but be tidy
    }

private:
    static std::size_t idx(int i) { return static_cast<std::size_t>(i); }
    std::string log_path(int i) const { return (dir_.path() / ("node-" + std::to_string(i) + ".log")).string(); }

    ServerUnderTest server_;
    int n_;
    bool durable_;
    TempDir dir_;
    std::vector<unsigned short> peer_ports_, client_ports_;
    std::vector<std::unique_ptr<Process>> procs_;
    std::uint32_t probe_id_ = std::random_device{}() % 0x7fffffffu + 1;
    std::uint64_t probe_seq_ = 0;
};

// A client that follows the leader: it resends a request, with the same SEQ, to
// the next node after NotLeader, a lost connection or silence, until a deadline.
class FailoverClient {
public:
    explicit FailoverClient(std::vector<unsigned short> ports)
        : ports_(std::move(ports)), id_(std::random_device{}() % 0x7fffffffu + 1) {}

    std::optional<std::string> call(const std::string& op, std::chrono::milliseconds budget = 5s) {
        auto deadline = std::chrono::steady_clock::now() + budget;
        std::string body = std::to_string(id_) + " " + std::to_string(seq_) + " " + op;
        std::string want = "Response " + std::to_string(seq_) + " ";
        ++seq_;
        for (std::size_t tries = 1; std::chrono::steady_clock::now() < deadline; ++tries) {
            if (!conn_ || !conn_->connected()) conn_ = std::make_unique<RawClient>(ports_[node_]);
            if (conn_->connected() && conn_->send(body)) {
                for (;;) {
                    auto r = conn_->receive(300ms);
                    if (r && r->rfind(want, 0) == 0) return r;
                    if (r && r->rfind("Response ", 0) == 0) continue; // late, earlier try
                    break;
                }
            }
            conn_.reset();
            node_ = (node_ + 1) % ports_.size();
            if (tries % ports_.size() == 0) std::this_thread::sleep_for(10ms);
        }
        return std::nullopt;
    }

private:
    std::vector<unsigned short> ports_;
    std::uint32_t id_;
    std::uint64_t seq_ = 0;
    std::size_t node_ = 0;
    std::unique_ptr<RawClient> conn_;
};

// What each key may read as at the end (see the file comment).
class History {
public:
    void acknowledged(const std::string& key, const std::string& value) {
        std::lock_guard lock(mutex_);
        possible_[key] = {value};
    }
    void unacknowledged(const std::string& key, const std::string& value) {
        std::lock_guard lock(mutex_);
        auto [it, fresh] = possible_.try_emplace(key);
        if (fresh) it->second.insert(std::nullopt);
        it->second.insert(value);
    }
    std::map<std::string, std::set<std::optional<std::string>>> keys() const {
        std::lock_guard lock(mutex_);
        return possible_;
    }

private:
    mutable std::mutex mutex_;
    std::map<std::string, std::set<std::optional<std::string>>> possible_;
};

// Writes keys w<writer>k0..k4 in turn until `stop`; returns the number acknowledged.
int write_until(ProcCluster& c, History& h, int writer, const std::atomic<bool>& stop,
                int max_writes = 1 << 30) {
    FailoverClient client(c.client_ports());
    int acked = 0;
    for (int i = 0; i < max_writes && !stop; ++i) {
        std::string key = "w" + std::to_string(writer) + "k" + std::to_string(i % 5);
        std::string value = "v" + std::to_string(i);
        if (client.call("PUT " + key + " " + value + " -", 3s)) {
            h.acknowledged(key, value);
            ++acked;
        } else {
            h.unacknowledged(key, value);
        }
    }
    return acked;
}

int write_n(ProcCluster& c, History& h, int writer, int n) {
    std::atomic<bool> never{false};
    return write_until(c, h, writer, never, n);
}

std::optional<std::string> value_field(const std::string& response) {
    // "Response SEQ KEY VALUE OLD"
    std::istringstream in(response);
    std::string word, seq, key, value;
    in >> word >> seq >> key >> value;
    if (value == "-") return std::nullopt;
    return value;
}

// Reads every key of the history through the leader and compares.
void check_final_reads(ProcCluster& c, const History& h) {
    FailoverClient reader(c.client_ports());
    for (const auto& [key, allowed] : h.keys()) {
        auto r = reader.call("GET " + key + " - -");
        ASSERT_TRUE(r) << "no answer reading " << key;
        auto v = value_field(*r);
        EXPECT_TRUE(allowed.count(v)) << key << " reads " << v.value_or("-")
                                      << ", which is not an acknowledged write nor a later "
                                         "unacknowledged one";
    }
}

// For gtest's test names and messages.
void PrintTo(const ServerUnderTest& s, std::ostream* os) { *os << s.protocol; }

class KvCluster : public ::testing::TestWithParam<ServerUnderTest> {};

// ---- tests ----------------------------------------------------------------------------

TEST_P(KvCluster, PutGetAndFollowersSayNotLeader) {
    ProcCluster c(GetParam(), 3, false);
    int leader = c.leader();
    ASSERT_GE(leader, 0) << c.log(0);
    RawClient l(c.client_ports()[static_cast<std::size_t>(leader)]);
    EXPECT_EQ(l.call("7 0 PUT x 7 -"), "Response 0 x 7 -");
    EXPECT_EQ(l.call("7 1 GET x - -"), "Response 1 x 7 7");
    EXPECT_EQ(l.call("7 2 CAS x 7 8"), "Response 2 x 8 7");
    EXPECT_EQ(l.call("7 3 CAD x 8 -"), "Response 3 x - 8");
    EXPECT_EQ(l.call("7 4 GET x - -"), "Response 4 x - -");
    EXPECT_EQ(l.call("7 4 GET x - -"), "Response 4 x - -") << "a retried SEQ is answered again";
    RawClient f(c.client_ports()[static_cast<std::size_t>((leader + 1) % 3)]);
    auto r = f.call("8 0 GET x - -");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->rfind("NotLeader", 0), 0u) << *r;
}

TEST_P(KvCluster, AFollowerKilledServiceContinuesWithTwoOfThree) {
    ProcCluster c(GetParam(), 3, false);
    int leader = c.leader();
    ASSERT_GE(leader, 0);
    History h;
    EXPECT_EQ(write_n(c, h, 0, 20), 20);
    c.kill((leader + 1) % 3);
    EXPECT_EQ(write_n(c, h, 1, 20), 20) << "2 of 3 keep serving";
    check_final_reads(c, h);
}

TEST_P(KvCluster, TheLeaderKilledANewLeaderServesWithEveryAcknowledgedWrite) {
    ProcCluster c(GetParam(), 3, false);
    int leader = c.leader();
    ASSERT_GE(leader, 0);
    History h;
    EXPECT_EQ(write_n(c, h, 0, 30), 30);
    c.kill(leader);
    int next = c.leader();
    ASSERT_GE(next, 0) << "no new leader";
    EXPECT_NE(next, leader);
    EXPECT_EQ(write_n(c, h, 1, 20), 20);
    check_final_reads(c, h);
}

TEST_P(KvCluster, NoServiceWithoutAQuorumAndServiceAgainWhenItReturns) {
    ProcCluster c(GetParam(), 3, false);
    int leader = c.leader();
    ASSERT_GE(leader, 0);
    History h;
    EXPECT_EQ(write_n(c, h, 0, 10), 10);
    int f1 = (leader + 1) % 3, f2 = (leader + 2) % 3;
    c.pause(f1);
    c.pause(f2);
    // Nobody can commit: a write is not acknowledged (maybe NotLeader, maybe silence).
    FailoverClient client(c.client_ports());
    auto r = client.call("PUT w0k0 nope -", 1500ms);
    EXPECT_FALSE(r) << "answered without a quorum: " << *r;
    h.unacknowledged("w0k0", "nope");
    c.resume(f1);
    c.resume(f2);
    ASSERT_GE(c.leader(), 0) << "no service after the quorum returned";
    EXPECT_EQ(write_n(c, h, 1, 10), 10);
    check_final_reads(c, h);
}

TEST_P(KvCluster, NoAcknowledgedWriteLostAcrossFailures) {
    ProcCluster c(GetParam(), 3, false);
    ASSERT_GE(c.leader(), 0);
    History h;
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    std::vector<int> acked(3, 0);
    for (int w = 0; w < 3; ++w)
        writers.emplace_back([&, w] { acked[static_cast<std::size_t>(w)] = write_until(c, h, w, stop); });
    // Runs the failures; false (with a test failure recorded) if service never came back.
    auto failures = [&] {
        std::this_thread::sleep_for(300ms);
        int leader = c.leader();
        if (leader < 0) return false;
        // The survivor with the higher id is the slow one here; the lower one
        // behind is ALaggingFollowerDoesNotBlockTheElectionOfAnUpToDateOne.
        int follower = std::max((leader + 1) % 3, (leader + 2) % 3);
        c.pause(follower); // a slow follower: service goes on with the other two
        std::this_thread::sleep_for(300ms);
        c.resume(follower);
        std::this_thread::sleep_for(200ms);
        c.kill(leader); // a leader crash with writes in flight, a follower behind
        if (c.leader() < 0) return false;
        std::this_thread::sleep_for(300ms);
        return true;
    };
    bool served = failures();
    stop = true;
    for (auto& t : writers) t.join();
    ASSERT_TRUE(served) << "no leader after a follower paused and the leader killed";
    for (int a : acked) EXPECT_GT(a, 0);
    check_final_reads(c, h);
}

// After the leader dies, the survivor whose election timer runs out first may be
// the one that missed the latest writes; it cannot win (its log is not up to
// date), and it must not keep the other survivor from winning.
TEST_P(KvCluster, ALaggingFollowerDoesNotBlockTheElectionOfAnUpToDateOne) {
    ProcCluster c(GetParam(), 3, false);
    int leader = c.leader();
    ASSERT_GE(leader, 0);
    History h;
    EXPECT_EQ(write_n(c, h, 0, 10), 10);
    int low = std::min((leader + 1) % 3, (leader + 2) % 3); // first to time out
    c.pause(low);
    // Enough writes that a leader resending a bounded window per tick does not
    // queue all of them for the paused node.
    EXPECT_EQ(write_n(c, h, 1, 300), 300) << "the leader and the other follower commit";
    // Behind, and first to stand for election: its timer and the other
    // survivor's start together.
    c.resume(low);
    c.kill(leader);
    auto t0 = std::chrono::steady_clock::now();
    ASSERT_GE(c.leader(), 0) << "no leader elected";
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
    // Reported, not asserted: the bound that matters (failover under load) is
    // measured by scripts/bench-kv-vs-etcd.sh, and timing asserts are flaky here.
    RecordProperty("election_ms", static_cast<int>(ms.count()));
    std::printf("[ INFO     ] %s: a leader again %lld ms after the kill\n",
                GetParam().protocol.c_str(), static_cast<long long>(ms.count()));
    EXPECT_EQ(write_n(c, h, 2, 10), 10);
    check_final_reads(c, h);
}

TEST_P(KvCluster, BadClientsAreClosedWithALogLineAndOthersAreServed) {
    ProcCluster c(GetParam(), 3, false);
    int leader = c.leader();
    ASSERT_GE(leader, 0);
    unsigned short port = c.client_ports()[static_cast<std::size_t>(leader)];
    RawClient good(port);
    ASSERT_EQ(good.call("9 0 PUT a 1 -"), "Response 0 a 1 -");
    {
        RawClient garbage(port);
        garbage.send_raw(std::string("\x05\x00\x00\x00hello", 9));
        EXPECT_TRUE(garbage.closed_by_server()) << "garbage";
    }
    {
        RawClient oversized(port);
        oversized.send_raw(std::string("\xff\xff\xff\x7f", 4));
        EXPECT_TRUE(oversized.closed_by_server()) << "oversized frame";
    }
    {
        RawClient half(port);
        half.send_raw(std::string("\x14\x00\x00\x00" "9 1 PUT", 11));
    } // disconnects mid-request
    EXPECT_EQ(good.call("9 1 GET a - -"), "Response 1 a 1 1");
    std::this_thread::sleep_for(100ms); // the log lines are written as it happens
    std::string log = c.log(leader);
    EXPECT_NE(log.find("malformed request"), std::string::npos) << log;
    EXPECT_NE(log.find("exceeds the limit"), std::string::npos) << log;
    EXPECT_NE(log.find("in the middle of a request"), std::string::npos) << log;
}

TEST_P(KvCluster, CrashedNodesRestartFromTheirDataDirectories) {
    ProcCluster c(GetParam(), 3, true);
    int leader = c.leader();
    ASSERT_GE(leader, 0);
    History h;
    EXPECT_EQ(write_n(c, h, 0, 20), 20);
    c.kill(leader);
    EXPECT_EQ(write_n(c, h, 1, 10), 10);
    c.start(leader); // recovers from its log and rejoins
    std::this_thread::sleep_for(200ms);
    // Now the others crash in turn; each time the restarted ones form a quorum.
    for (int i = 0; i < 3; ++i) {
        if (i == leader) continue;
        c.kill(i);
        EXPECT_EQ(write_n(c, h, 2 + i, 5), 5) << "after killing node " << i;
        c.start(i);
        std::this_thread::sleep_for(200ms);
    }
    // The whole cluster down and up again: everything acknowledged is still there.
    for (int i = 0; i < 3; ++i) c.kill(i);
    for (int i = 0; i < 3; ++i) c.start(i);
    ASSERT_GE(c.leader(), 0);
    check_final_reads(c, h);
    EXPECT_NE(c.output(leader).find("records replayed"), std::string::npos) << c.output(leader);
}

INSTANTIATE_TEST_SUITE_P(Protocols, KvCluster, ::testing::ValuesIn(servers_under_test()),
                         [](const ::testing::TestParamInfo<ServerUnderTest>& info) {
                             return info.param.protocol;
                         });

} // namespace
} // namespace ivy::kv::testing

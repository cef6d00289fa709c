// Replicas over the simulated network: replication, failover, quorum loss, the
// artifact's commit-reporting style, and durability (output gating, crash and
// replay equivalence, whole-cluster restart).
#include "tests/kv/crash_fs.h"
#include "tests/kv/kv_test_util.h"
#include "tests/kv/sim_cluster.h"

#include <condition_variable>
#include <gtest/gtest.h>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace ivy::kv::testing {
namespace {

using namespace std::chrono_literals;

Request parse(const std::string& body) {
    auto p = parse_request(body);
    EXPECT_TRUE(p) << body;
    return *p.request;
}

// A sequential client of the simulated cluster: sends to the node it believes
// leads, moves on after NotLeader or silence, retries with the same SEQ.
class SimClient {
public:
    SimClient(SimCluster& sim, std::uint32_t id) : sim_(sim), id_(id) {}

    // The response body, or nullopt if no node answered within `max_ticks`.
    std::optional<std::string> call(const std::string& cmd_and_args, int max_ticks = 300) {
        std::string body = std::to_string(id_) + " " + std::to_string(seq_) + " " + cmd_and_args;
        ++seq_;
        for (int t = 0; t < max_ticks; t += 10) {
            if (!sim_.up(target_)) target_ = (target_ + 1) % sim_.size();
            ConnId conn = next_conn_++;
            std::size_t before = sim_.replies(target_).size();
            sim_.request(target_, conn, parse(body));
            sim_.settle();
            for (int k = 0; k < 10; ++k) {
                auto r = reply_on(target_, conn, before);
                if (r && r->rfind("Response", 0) == 0) return r;
                if (r) break; // NotLeader: try the next node
                sim_.tick_all();
            }
            target_ = (target_ + 1) % sim_.size();
        }
        return std::nullopt;
    }

private:
    std::optional<std::string> reply_on(int node, ConnId conn, std::size_t from) {
        auto& rs = sim_.replies(node);
        for (std::size_t i = from; i < rs.size(); ++i)
            if (rs[i].conn == conn) return rs[i].body;
        return std::nullopt;
    }

    SimCluster& sim_;
    std::uint32_t id_;
    std::uint64_t seq_ = 0;
    int target_ = 0;
    ConnId next_conn_ = 1000;
};

// What a key may read as at the end, given a sequential history: the last
// acknowledged write, or any write issued after it whose answer was lost.
class History {
public:
    void acknowledged(const std::string& key, std::optional<std::string> v) {
        possible_[key] = {v};
    }
    // A write whose answer was lost may or may not have happened: whatever the key
    // could read before stays possible (absent, for a key never written).
    void unacknowledged(const std::string& key, std::optional<std::string> v) {
        auto [it, fresh] = possible_.try_emplace(key);
        if (fresh) it->second.insert(std::nullopt);
        it->second.insert(std::move(v));
    }
    // Checks a final read; returns "" or what is wrong.
    std::string check(const std::string& key, const std::optional<std::string>& v) const {
        auto it = possible_.find(key);
        std::set<std::optional<std::string>> allowed =
            it == possible_.end() ? std::set<std::optional<std::string>>{std::nullopt} : it->second;
        if (allowed.count(v)) return "";
        return "key " + key + " reads " + v.value_or("-") + ", not an acknowledged write";
    }
    const std::map<std::string, std::set<std::optional<std::string>>>& keys() const {
        return possible_;
    }

private:
    std::map<std::string, std::set<std::optional<std::string>>> possible_;
};

std::optional<std::string> value_of(const std::string& response) {
    auto r = parse_response(response);
    return r.response ? r.response->value : std::nullopt;
}

// PUTs through `client`, recording acknowledgements; returns how many were acked.
int write_some(SimClient& client, History& h, const std::string& prefix, int n, int keys = 5) {
    int acked = 0;
    for (int i = 0; i < n; ++i) {
        std::string key = "k" + std::to_string(i % keys);
        std::string value = prefix + std::to_string(i);
        auto r = client.call("PUT " + key + " " + value + " -");
        if (r) {
            h.acknowledged(key, value);
            ++acked;
        } else {
            h.unacknowledged(key, value);
        }
    }
    return acked;
}

void check_final_reads(SimClient& client, const History& h) {
    for (const auto& [key, allowed] : h.keys()) {
        auto r = client.call("GET " + key + " - -");
        ASSERT_TRUE(r) << "no answer for " << key;
        EXPECT_EQ(h.check(key, value_of(*r)), "");
    }
}

SimCluster::Options memory_cluster(std::uint64_t seed = 1) {
    SimCluster::Options o;
    o.seed = seed;
    return o;
}

// ---- replication ------------------------------------------------------------------

TEST(KvReplica, ThreeNodesElectALeaderAndServePutGet) {
    SimCluster sim(memory_cluster());
    int leader = sim.elect();
    ASSERT_GE(leader, 0);
    SimClient c(sim, 5);
    EXPECT_EQ(c.call("PUT x 7 -"), "Response 0 x 7 -");
    EXPECT_EQ(c.call("GET x - -"), "Response 1 x 7 7");
    EXPECT_EQ(c.call("CAS x 7 8"), "Response 2 x 8 7");
    EXPECT_EQ(c.call("CAD x 8 -"), "Response 3 x - 8");
    EXPECT_EQ(c.call("GET x - -"), "Response 4 x - -");
    // Every replica applied the same commands.
    for (int i = 0; i < 3; ++i) {
        sim.tick_all();
        EXPECT_EQ(sim.replica(i).service().state(), sim.replica(leader).service().state()) << i;
    }
}

TEST(KvReplica, FollowersAnswerNotLeader) {
    SimCluster sim(memory_cluster());
    int leader = sim.elect();
    ASSERT_GE(leader, 0);
    int follower = (leader + 1) % 3;
    sim.request(follower, 1, parse("5 0 PUT x 7 -"));
    sim.settle();
    ASSERT_EQ(sim.replies(follower).size(), 1u);
    EXPECT_EQ(sim.replies(follower)[0].body, "NotLeader");
}

TEST(KvReplica, FollowerCrashAndLeaderCrashLoseNoAcknowledgedWrite) {
    SimCluster sim(memory_cluster(3));
    ASSERT_GE(sim.elect(), 0);
    SimClient c(sim, 9);
    History h;
    EXPECT_EQ(write_some(c, h, "a", 20), 20);
    int leader = sim.agreed_leader();
    int follower = (leader + 1) % 3;
    sim.crash(follower);
    EXPECT_EQ(write_some(c, h, "b", 20), 20) << "2 of 3 keep serving";
    sim.restart(follower); // memory mode: comes back empty, catches up
    ASSERT_GE(sim.elect(), 0);
    leader = sim.agreed_leader();
    sim.crash(leader);
    EXPECT_GE(sim.elect(), 0);
    EXPECT_EQ(write_some(c, h, "c", 20), 20) << "a new leader serves";
    check_final_reads(c, h);
}

TEST(KvReplica, NoServiceWithoutAQuorumAndServiceAgainWhenItReturns) {
    SimCluster sim(memory_cluster(4));
    int leader = sim.elect();
    ASSERT_GE(leader, 0);
    SimClient c(sim, 3);
    History h;
    write_some(c, h, "a", 5);
    int f1 = (leader + 1) % 3, f2 = (leader + 2) % 3;
    sim.partition({{leader}, {f1}, {f2}});
    // The isolated leader accepts the request but can never commit it.
    sim.request(leader, 77, parse("3 100 PUT lost 1 -"));
    for (int t = 0; t < 100; ++t) sim.tick_all();
    for (int i = 0; i < 3; ++i)
        for (const auto& r : sim.replies(i))
            EXPECT_NE(r.body.rfind("Response 100", 0), 0u) << "answered without a quorum";
    h.unacknowledged("lost", "1");
    sim.heal();
    ASSERT_GE(sim.elect(), 0);
    EXPECT_EQ(write_some(c, h, "b", 5), 5);
    check_final_reads(c, h);
}

TEST(KvReplica, LosingLeadershipAnswersWaitingClientsNotLeader) {
    SimCluster sim(memory_cluster(5));
    int leader = sim.elect();
    ASSERT_GE(leader, 0);
    sim.partition({{leader}, {(leader + 1) % 3, (leader + 2) % 3}});
    sim.request(leader, 42, parse("1 0 PUT x 1 -"));
    sim.settle();
    EXPECT_TRUE(sim.replies(leader).empty());
    // The majority elects a new leader with a higher term while cut off from the old
    // one (the old leader alone cannot commit, so it keeps waiting).
    int f1 = (leader + 1) % 3, f2 = (leader + 2) % 3;
    for (int t = 0; t < 200 && !sim.replica(f1).is_leader() && !sim.replica(f2).is_leader(); ++t)
        sim.tick_all();
    ASSERT_TRUE(sim.replica(f1).is_leader() || sim.replica(f2).is_leader());
    EXPECT_TRUE(sim.replies(leader).empty());
    sim.heal();
    // The old leader hears of the higher term and steps down.
    for (int t = 0; t < 200 && sim.replica(leader).is_leader(); ++t) sim.tick_all();
    ASSERT_FALSE(sim.replica(leader).is_leader());
    bool told = false;
    for (const auto& r : sim.replies(leader)) told |= r.conn == 42 && r.body == "NotLeader";
    EXPECT_TRUE(told);
}

// The artifact's Raft reports commits only on the leader, from index 0 again at each
// new leader; the server must still answer correctly after failovers.
TEST(KvReplica, LeaderOnlyCommitReportingAsInTheArtifactsRaft) {
    auto o = memory_cluster(6);
    o.protocol.leader_only_commits = true;
    SimCluster sim(o);
    ASSERT_GE(sim.elect(), 0);
    SimClient c(sim, 11);
    History h;
    EXPECT_EQ(write_some(c, h, "a", 10), 10);
    sim.crash(sim.agreed_leader());
    ASSERT_GE(sim.elect(), 0);
    EXPECT_EQ(write_some(c, h, "b", 10), 10);
    check_final_reads(c, h);
    int leader = sim.agreed_leader();
    // Followers applied nothing; the leader rebuilt its state from the whole log.
    for (int i = 0; i < 3; ++i)
        if (sim.up(i) && i != leader) {
            EXPECT_EQ(sim.replica(i).service().state().size(), 0u);
        }
}

TEST(KvReplica, LossyNetworkStillLinearizesASequentialClient) {
    auto o = memory_cluster(7);
    o.loss = 0.2;
    SimCluster sim(o);
    ASSERT_GE(sim.elect(2000), 0);
    SimClient c(sim, 21);
    History h;
    write_some(c, h, "v", 40, 7);
    sim.set_loss(0.0);
    check_final_reads(c, h);
    EXPECT_GT(sim.lost(), 0u);
}

// ---- durability -----------------------------------------------------------------

SimCluster::Options durable_cluster(const TempDir& tmp, std::uint64_t seed,
                                    std::uint64_t snapshot_every = 1000000) {
    SimCluster::Options o;
    o.seed = seed;
    o.data_root = tmp.path();
    o.snapshots.every_records = snapshot_every;
    return o;
}

TEST(KvReplica, DurableClusterServesAndHoldsNothingOnceSynced) {
    TempDir tmp;
    SimCluster sim(durable_cluster(tmp, 1));
    ASSERT_GE(sim.elect(), 0);
    SimClient c(sim, 5);
    EXPECT_EQ(c.call("PUT x 7 -"), "Response 0 x 7 -");
    EXPECT_EQ(c.call("GET x - -"), "Response 1 x 7 7");
    for (int i = 0; i < 3; ++i) {
        EXPECT_TRUE(sim.replica(i).durable_mode());
        EXPECT_GT(sim.replica(i).stats().outputs_held, 0u);
        EXPECT_EQ(sim.replica(i).held_outputs(), 0u);
    }
}

TEST(KvReplica, WholeClusterCrashAndRestartKeepsEveryAcknowledgedWrite) {
    TempDir tmp;
    SimCluster sim(durable_cluster(tmp, 2, 40));
    ASSERT_GE(sim.elect(), 0);
    SimClient c(sim, 5);
    History h;
    EXPECT_EQ(write_some(c, h, "a", 30), 30);
    for (int i = 0; i < 3; ++i) sim.crash(i);
    for (int i = 0; i < 3; ++i) ASSERT_EQ(sim.restart(i), "") << i;
    EXPECT_GT(sim.replica(0).stats().replayed, 0u);
    ASSERT_GE(sim.elect(), 0);
    check_final_reads(c, h);
    EXPECT_EQ(write_some(c, h, "b", 10), 10);
    check_final_reads(c, h);
}

TEST(KvReplica, RestartedFollowerRejoinsAndCatchesUp) {
    TempDir tmp;
    SimCluster sim(durable_cluster(tmp, 3, 25));
    int leader = sim.elect();
    ASSERT_GE(leader, 0);
    SimClient c(sim, 5);
    History h;
    write_some(c, h, "a", 10);
    int f = (leader + 1) % 3;
    sim.crash(f);
    write_some(c, h, "b", 20);
    ASSERT_EQ(sim.restart(f), "");
    for (int t = 0; t < 50; ++t) sim.tick_all();
    EXPECT_EQ(sim.replica(f).service().state(), sim.replica(leader).service().state());
}

// Crash images taken at many points of a lossy run, each recovered: the state
// recovery reaches is exactly the state the node had after its last durable record.
TEST(KvReplica, RecoveryReproducesTheStateAtTheLastDurableRecord) {
    TempDir tmp;
    auto o = durable_cluster(tmp, 8, 60); // snapshots now and then, replay after them
    o.loss = 0.1;
    SimCluster sim(o);
    constexpr int kWatched = 1;
    std::map<std::uint64_t, std::string> state_at; // next LSN -> snapshot payload
    sim.observe([&](int node) {
        if (node != kWatched) return;
        auto lsn = sim.replica(node).next_lsn();
        auto payload = sim.replica(node).snapshot_payload();
        auto [it, fresh] = state_at.emplace(lsn, payload);
        if (!fresh) {
            EXPECT_EQ(it->second, payload) << "state changed without a logged input";
        }
    });
    ASSERT_GE(sim.elect(2000), 0);
    SimClient c(sim, 5);
    std::vector<std::filesystem::path> images;
    for (int round = 0; round < 12; ++round) {
        History h;
        write_some(c, h, "r" + std::to_string(round), 4);
        for (int t = 0; t < round % 4; ++t) sim.tick_all();
        images.push_back(sim.crash_image(kWatched));
    }
    ASSERT_GT(sim.replica(kWatched).stats().snapshots, 0u);
    int checked = 0;
    for (const auto& image : images) {
        std::unique_ptr<WalStore> store;
        Recovered rec;
        ASSERT_TRUE(WalStore::open(posix_fs(), image.string(), store, rec).ok());
        ReplicaIo io{[](int, std::string) {}, [](ConnId, std::string) {},
                     [](std::function<void()>) {}};
        ReplicaOptions ro;
        ro.config = {kWatched, 3};
        Replica r(TestDoubleLog::protocol(o.protocol), ro, io);
        auto log = std::make_unique<GroupCommitLog>(std::move(store), GroupCommitLog::Callbacks{},
                                                    GroupCommitLog::Mode::Inline);
        ASSERT_TRUE(r.start_durable(rec, std::move(log)).ok());
        auto lsn = rec.first_lsn + rec.records.size();
        ASSERT_TRUE(state_at.count(lsn)) << "durable prefix ends inside an input: " << lsn;
        EXPECT_EQ(r.snapshot_payload(), state_at[lsn]) << image;
        ++checked;
    }
    EXPECT_EQ(checked, 12);
}

// ---- the output gate, with the threaded writer -----------------------------------

// A file system whose syncs wait until the test opens the gate.
class GatedFs final : public Fs {
public:
    void open_gate() {
        std::lock_guard l(m_);
        open_ = true;
        cv_.notify_all();
    }
    FsStatus make_dirs(const std::string& d) override { return real_->make_dirs(d); }
    FsStatus list(const std::string& d, std::vector<std::string>& n) override {
        return real_->list(d, n);
    }
    FsStatus read(const std::string& p, std::string& b) override { return real_->read(p, b); }
    FsStatus open_append(const std::string& p, bool c, int& fd) override {
        return real_->open_append(p, c, fd);
    }
    FsStatus write(int fd, std::string_view b) override { return real_->write(fd, b); }
    FsStatus sync(int fd) override {
        if (armed_) {
            std::unique_lock l(m_);
            cv_.wait(l, [&] { return open_; });
        }
        return real_->sync(fd);
    }
    FsStatus truncate(int fd, std::uint64_t s) override { return real_->truncate(fd, s); }
    void close(int fd) override { real_->close(fd); }
    FsStatus rename(const std::string& a, const std::string& b) override {
        return real_->rename(a, b);
    }
    FsStatus remove(const std::string& p) override { return real_->remove(p); }
    FsStatus sync_dir(const std::string& d) override { return real_->sync_dir(d); }
    FsStatus lock_dir(const std::string& d, int& fd) override { return real_->lock_dir(d, fd); }
    bool armed_ = false; // set before the writer thread starts

private:
    std::shared_ptr<Fs> real_ = posix_fs();
    std::mutex m_;
    std::condition_variable cv_;
    bool open_ = false;
};

TEST(KvReplica, NoReplyLeavesBeforeItsRecordsAreOnDisk) {
    TempDir tmp;
    auto gated = std::make_shared<GatedFs>();
    std::mutex m;
    std::deque<std::function<void()>> posted; // filled by the writer thread too
    std::vector<std::string> replies;
    ReplicaIo io;
    io.send = [](int, std::string) {};
    io.reply = [&](ConnId, std::string body) { replies.push_back(body); };
    io.post = [&](std::function<void()> fn) {
        std::lock_guard l(m);
        posted.push_back(std::move(fn));
    };
    auto drain = [&] {
        for (;;) {
            std::function<void()> fn;
            {
                std::lock_guard l(m);
                if (posted.empty()) return;
                fn = std::move(posted.front());
                posted.pop_front();
            }
            fn();
        }
    };
    ReplicaOptions ro;
    ro.config = {0, 1}; // a cluster of one: it leads itself
    Replica r(TestDoubleLog::protocol(), ro, io);
    std::unique_ptr<WalStore> store;
    Recovered rec;
    ASSERT_TRUE(WalStore::open(gated, tmp.path().string(), store, rec).ok());
    gated->armed_ = true;
    GroupCommitLog::Callbacks cb;
    cb.on_durable = [&](std::uint64_t n) { io.post([&r, n] { r.durable(n); }); };
    ASSERT_TRUE(r.start_durable(rec, std::make_unique<GroupCommitLog>(std::move(store), cb)).ok());
    for (int t = 0; t < 20 && !r.is_leader(); ++t) r.tick();
    ASSERT_TRUE(r.is_leader());
    r.client_request(1, parse("5 0 PUT x 7 -"));
    drain();
    EXPECT_EQ(r.service().state().get("x"), "7"); // committed and applied in memory...
    EXPECT_TRUE(replies.empty());                 // ...but not answered: not yet durable
    EXPECT_GT(r.held_outputs(), 0u);
    gated->open_gate();
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (replies.empty() && std::chrono::steady_clock::now() < deadline) {
        drain();
        std::this_thread::sleep_for(1ms);
    }
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_EQ(replies[0], "Response 0 x 7 -");
}

TEST(KvReplica, AFailedDiskReleasesNothing) {
    TempDir tmp;
    long open_ops = 0;
    {
        TempDir other;
        auto probe = std::make_shared<CrashFs>(-1, 1);
        std::unique_ptr<WalStore> s;
        Recovered rec;
        ASSERT_TRUE(WalStore::open(probe, other.path().string(), s, rec).ok());
        open_ops = probe->operations();
    }
    auto failing = std::make_shared<CrashFs>(open_ops + 1, 1);
    std::vector<std::string> replies;
    std::deque<std::function<void()>> posted;
    std::string error;
    ReplicaIo io{[](int, std::string) {}, [&](ConnId, std::string b) { replies.push_back(b); },
                 [&](std::function<void()> fn) { posted.push_back(std::move(fn)); }};
    ReplicaOptions ro;
    ro.config = {0, 1};
    Replica r(TestDoubleLog::protocol(), ro, io);
    std::unique_ptr<WalStore> store;
    Recovered rec;
    ASSERT_TRUE(WalStore::open(failing, tmp.path().string(), store, rec).ok());
    GroupCommitLog::Callbacks cb;
    cb.on_durable = [&](std::uint64_t n) { posted.push_back([&r, n] { r.durable(n); }); };
    cb.on_error = [&](const std::string& e) { error = e; };
    ASSERT_TRUE(r.start_durable(rec, std::make_unique<GroupCommitLog>(
                                         std::move(store), cb, GroupCommitLog::Mode::Inline))
                    .ok());
    for (int t = 0; t < 20 && !r.is_leader(); ++t) r.tick();
    r.client_request(1, parse("5 0 PUT x 7 -"));
    while (!posted.empty()) {
        auto fn = std::move(posted.front());
        posted.pop_front();
        fn();
    }
    EXPECT_FALSE(error.empty());
    EXPECT_TRUE(replies.empty());
}

} // namespace
} // namespace ivy::kv::testing

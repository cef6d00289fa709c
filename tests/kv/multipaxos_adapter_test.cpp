// The Multi-Paxos adapter (runtime/kv/multipaxos_adapter.h) over an in-memory
// network: a leader is elected, proposals are decided and reported in order by every
// node, message loss and duplication are tolerated, a leader change after a long log
// catches up with bounded messages, state survives save/load, garbage is rejected.
#include "runtime/kv/multipaxos_adapter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace ivy::kv {
namespace {

struct Packet {
    int from;
    int to;
    std::string bytes;
};

// One node's environment: queues its messages on the shared network and keeps
// what it reports as decided.
class Env final : public ConsensusEnv {
public:
    Env(int self, std::deque<Packet>& wire) : self_(self), wire_(wire) {}

    void send(int to, std::string message) override {
        wire_.push_back({self_, to, std::move(message)});
    }

    void committed(std::uint64_t index, std::string_view value) override {
        // The contract: increasing order, every index, repeats allowed.
        ASSERT_LE(index, log.size()) << "gap before index " << index << " at node " << self_;
        if (index < log.size()) {
            EXPECT_EQ(log[index], value) << "index " << index << " changed at node " << self_;
            return;
        }
        log.emplace_back(value);
    }

    std::uint64_t choose(std::uint64_t bound) override { return bound == 0 ? 0 : bound - 1; }

    std::vector<std::string> log;

private:
    int self_;
    std::deque<Packet>& wire_;
};

class Cluster {
public:
    explicit Cluster(int n, std::uint64_t seed = 7) : rng_(seed) {
        for (int i = 0; i < n; ++i) {
            envs_.push_back(std::make_unique<Env>(i, wire_));
            nodes_.push_back(std::make_unique<MultiPaxosAdapter>(ConsensusConfig{i, n}, *envs_[i]));
        }
        up_.assign(static_cast<std::size_t>(n), true);
    }

    int size() const { return static_cast<int>(nodes_.size()); }
    MultiPaxosAdapter& node(int i) { return *nodes_[static_cast<std::size_t>(i)]; }
    const std::vector<std::string>& log(int i) const { return envs_[static_cast<std::size_t>(i)]->log; }
    void crash(int i) { up_[static_cast<std::size_t>(i)] = false; }
    void restore(int i) { up_[static_cast<std::size_t>(i)] = true; }
    void isolate(int i, bool cut) { cut_ = cut ? i : -1; }

    double loss = 0.0;
    double duplication = 0.0;
    std::size_t largest_message = 0;

    // Delivers every queued message (and those they cause), dropping and
    // duplicating some when asked to.
    void deliver() {
        std::bernoulli_distribution lose(loss), dup(duplication);
        for (int budget = 1000000; !wire_.empty() && budget > 0; --budget) {
            Packet p = std::move(wire_.front());
            wire_.pop_front();
            largest_message = std::max(largest_message, p.bytes.size());
            if (!alive(p.from) || !alive(p.to) || lose(rng_)) continue;
            if (dup(rng_)) wire_.push_back(p);
            EXPECT_TRUE(node(p.to).receive(p.from, p.bytes));
        }
    }

    // One tick of the given nodes (all live ones by default), then delivery.
    void step(const std::set<int>& only = {}) {
        for (int i = 0; i < size(); ++i)
            if (alive(i) && (only.empty() || only.count(i))) node(i).tick();
        deliver();
    }

    std::optional<int> leader() {
        for (int i = 0; i < size(); ++i)
            if (alive(i) && node(i).is_leader()) return i;
        return std::nullopt;
    }

    int elect(const std::set<int>& only = {}) {
        for (int t = 0; t < 200; ++t) {
            if (auto l = leader()) return *l;
            step(only);
        }
        ADD_FAILURE() << "no leader after 200 ticks";
        return 0;
    }

    // Proposes at the current leader, electing one first when needed.
    void propose(const std::string& v) {
        for (int attempt = 0; attempt < 50; ++attempt) {
            int l = elect();
            if (node(l).propose(v) == ProposeResult::Accepted) return;
            step();
        }
        ADD_FAILURE() << "could not propose " << v;
    }

    bool alive(int i) const {
        return up_[static_cast<std::size_t>(i)] && i != cut_;
    }

private:
    std::mt19937_64 rng_;
    std::deque<Packet> wire_;
    std::vector<std::unique_ptr<Env>> envs_;
    std::vector<std::unique_ptr<MultiPaxosAdapter>> nodes_;
    std::vector<bool> up_;
    int cut_ = -1;
};

// The decided client values of a log, in order (no-ops left out).
std::vector<std::string> values(const std::vector<std::string>& log) {
    std::vector<std::string> out;
    for (const auto& v : log)
        if (!v.empty()) out.push_back(v);
    return out;
}

TEST(MultiPaxosAdapter, ElectsALeaderAndEveryNodeDecidesInOrder) {
    Cluster c(3);
    int l = c.elect();
    EXPECT_EQ(c.node(l).leader_hint(), l);
    int followers = 0;
    for (int i = 0; i < 3; ++i) {
        if (i == l) continue;
        EXPECT_FALSE(c.node(i).is_leader());
        EXPECT_EQ(c.node(i).propose("x"), ProposeResult::NotLeader);
        EXPECT_EQ(c.node(i).leader_hint(), l);
        ++followers;
    }
    EXPECT_EQ(followers, 2);

    std::vector<std::string> proposed;
    for (int k = 0; k < 20; ++k) {
        proposed.push_back("v" + std::to_string(k));
        ASSERT_EQ(c.node(l).propose(proposed.back()), ProposeResult::Accepted);
    }
    c.deliver();
    c.step(); // a heartbeat carries the commit point of the last ones
    for (int i = 0; i < 3; ++i) EXPECT_EQ(values(c.log(i)), proposed) << "node " << i;
}

TEST(MultiPaxosAdapter, StableLeaderDecidesWithoutPhaseOneOrDecisionMessages) {
    Cluster c(3);
    int l = c.elect();
    const std::uint64_t round = c.node(l).round();
    for (int k = 0; k < 50; ++k) {
        ASSERT_EQ(c.node(l).propose("v" + std::to_string(k)), ProposeResult::Accepted);
        c.deliver();
    }
    EXPECT_EQ(c.node(l).round(), round); // no new round per entry
    // Followers learn from the commit point piggy-backed on later 2a messages:
    // all but the last entry without any heartbeat.
    for (int i = 0; i < 3; ++i) EXPECT_GE(values(c.log(i)).size(), 49u) << "node " << i;
}

TEST(MultiPaxosAdapter, ToleratesLossAndDuplication) {
    Cluster c(3, 11);
    c.loss = 0.15;
    c.duplication = 0.15;
    for (int k = 0; k < 100; ++k) {
        c.propose("v" + std::to_string(k));
        if (k % 10 == 0) c.step();
    }
    c.loss = 0;
    c.duplication = 0;
    for (int t = 0; t < 30; ++t) c.step();
    // Agreement, and everybody has everything the others decided.
    EXPECT_EQ(c.log(0), c.log(1));
    EXPECT_EQ(c.log(1), c.log(2));
    std::vector<std::string> got = values(c.log(0));
    std::set<std::string> distinct(got.begin(), got.end());
    EXPECT_EQ(distinct.size(), got.size()) << "a value decided twice";
    EXPECT_GE(got.size(), 90u); // a proposal is lost only when its leader is deposed
}

TEST(MultiPaxosAdapter, LeaderChangeAfterALongLogCatchesUpInBoundedMessages) {
    Cluster c(3);
    ASSERT_EQ(c.elect({0}), 0); // node 0 leads
    c.isolate(2, true);         // node 2 misses the whole run
    const std::string payload(100, 'p');
    constexpr std::size_t kLong = 1000; // sixteen chunks of 1b, then of catch-up
    for (std::size_t k = 0; k < kLong; ++k) {
        ASSERT_EQ(c.node(0).propose(payload + std::to_string(k)), ProposeResult::Accepted);
        if (k % 100 == 0) c.deliver();
    }
    c.deliver();
    c.step({0});
    ASSERT_EQ(values(c.log(1)).size(), std::size_t(kLong));
    EXPECT_TRUE(c.log(2).empty());

    // The leader dies; the node that knows nothing takes over (only it ticks), so
    // it must recover the votes of node 1 through phase 1b chunks.
    c.crash(0);
    c.isolate(2, false);
    c.largest_message = 0;
    int l = c.elect({2});
    EXPECT_EQ(l, 2);
    ASSERT_EQ(c.node(2).propose("after"), ProposeResult::Accepted);
    for (int t = 0; t < 200 && c.log(2).size() < kLong + 1u; ++t) c.step({2});
    std::vector<std::string> expected = values(c.log(1));
    ASSERT_GE(expected.size(), std::size_t(kLong));
    EXPECT_EQ(values(c.log(2)).size(), kLong + 1u);
    EXPECT_EQ(values(c.log(2)).back(), "after");
    for (int i = 1; i < 3; ++i)
        for (std::size_t k = 0; k < kLong; ++k) EXPECT_EQ(values(c.log(i))[k], payload + std::to_string(k));
    // 64 entries of ~110 bytes plus headers at most, never the whole log.
    EXPECT_LT(c.largest_message, 64 * 160u);
    EXPECT_GT(c.largest_message, 0u);

    // The old leader comes back with a stale round and catches up too.
    c.restore(0);
    for (int t = 0; t < 300 && c.log(0).size() < c.log(2).size(); ++t) c.step({2});
    EXPECT_EQ(c.log(0), c.log(2));
    EXPECT_FALSE(c.node(0).is_leader());
}

TEST(MultiPaxosAdapter, LaggingFollowerCatchesUpInBoundedMessages) {
    Cluster c(3);
    const int l = c.elect({0});
    const int lagging = (l + 1) % 3;
    c.isolate(lagging, true); // misses every vote and heartbeat of the run
    const std::string payload(100, 'q');
    for (int k = 0; k < 500; ++k) {
        ASSERT_EQ(c.node(l).propose(payload + std::to_string(k)), ProposeResult::Accepted);
        if (k % 50 == 0) c.deliver();
    }
    c.deliver();
    EXPECT_TRUE(c.log(lagging).empty());
    c.isolate(lagging, false);
    c.largest_message = 0;
    // Heartbeats tell it the commit point; it pulls decided values in chunks.
    for (int t = 0; t < 50 && c.log(lagging).size() < c.log(l).size(); ++t) c.step({l});
    EXPECT_EQ(c.log(lagging), c.log(l));
    EXPECT_EQ(values(c.log(lagging)).size(), 500u);
    EXPECT_LT(c.largest_message, 64 * 160u);
    EXPECT_EQ(c.node(lagging).leader_hint(), l);
}

TEST(MultiPaxosAdapter, SaveLoadRoundTrip) {
    Cluster c(3);
    int l = c.elect();
    for (int k = 0; k < 10; ++k) ASSERT_EQ(c.node(l).propose("v" + std::to_string(k)), ProposeResult::Accepted);
    c.deliver();
    c.step();
    const std::string state = c.node(l).save();

    std::deque<Packet> wire;
    Env env(l, wire);
    MultiPaxosAdapter copy(ConsensusConfig{l, 3}, env);
    ASSERT_TRUE(copy.load(state));
    EXPECT_EQ(copy.save(), state);
    EXPECT_TRUE(copy.is_leader());
    EXPECT_EQ(copy.commit_length(), c.node(l).commit_length());
    EXPECT_TRUE(wire.empty()); // loading does not talk

    // Malformed or foreign snapshots change nothing.
    EXPECT_FALSE(copy.load(state.substr(0, state.size() / 2)));
    EXPECT_FALSE(copy.load("garbage"));
    EXPECT_EQ(copy.save(), state);
    MultiPaxosAdapter other(ConsensusConfig{(l + 1) % 3, 3}, env);
    EXPECT_FALSE(other.load(state));
}

TEST(MultiPaxosAdapter, GarbageIsRejected) {
    Cluster c(3);
    int l = c.elect();
    const std::string before = c.node(l).save();
    EXPECT_FALSE(c.node(l).receive(1, ""));
    EXPECT_FALSE(c.node(l).receive(1, "not a message at all"));
    EXPECT_FALSE(c.node(l).receive(1, std::string(200, '\xff')));
    EXPECT_FALSE(c.node(l).receive(7, std::string(8, '\0')));  // no such node
    EXPECT_FALSE(c.node(l).receive(-1, std::string(8, '\0')));
    std::mt19937_64 rng(3);
    for (int k = 0; k < 200; ++k) {
        std::string junk(rng() % 300, '\0');
        for (auto& ch : junk) ch = static_cast<char>(rng());
        c.node(l).receive(1, junk); // may decode by chance; must never crash
    }
    // Still the leader of the same round, still serving.
    EXPECT_TRUE(c.node(l).is_leader());
    EXPECT_EQ(c.node(l).propose("ok"), ProposeResult::Accepted);
    c.deliver();
    c.step();
    EXPECT_EQ(values(c.log((l + 1) % 3)).back(), "ok");
    (void)before;
}

} // namespace
} // namespace ivy::kv

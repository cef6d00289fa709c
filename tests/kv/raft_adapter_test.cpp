// The Raft adapter (the class extracted from specs/raft.ivy behind ivy::kv::Consensus)
// on an in-memory network: elections, replication, commit order, loss, duplication
// and reordering, failover, save/load, malformed messages.
#include "runtime/kv/raft_adapter.h"

#include <gtest/gtest.h>

#include <algorithm>
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

// One node's environment: outgoing messages go to the shared network queue,
// commits are recorded by index (a repeat must carry the same value).
class Env final : public ConsensusEnv {
public:
    Env(int self, std::deque<Packet>& net) : self_(self), net_(net) {}

    void send(int to, std::string message) override { net_.push_back({self_, to, std::move(message)}); }

    void committed(std::uint64_t index, std::string_view value) override {
        // Reported in increasing order with no gap (repeats allowed).
        ASSERT_LE(index, commits.size()) << "gap in commits at node " << self_;
        if (index < commits.size()) {
            EXPECT_EQ(commits[index], value) << "a committed entry changed at node " << self_;
        } else {
            commits.emplace_back(value);
        }
    }

    std::uint64_t choose(std::uint64_t bound) override { return bound == 0 ? 0 : bound - 1; }

    std::vector<std::string> commits;

private:
    int self_;
    std::deque<Packet>& net_;
};

class Cluster {
public:
    explicit Cluster(int n, std::uint64_t seed = 1) : rng_(seed) {
        for (int i = 0; i < n; ++i) {
            envs_.push_back(std::make_unique<Env>(i, net_));
            nodes_.push_back(std::make_unique<RaftAdapter>(ConsensusConfig{i, n}, *envs_.back()));
        }
        down_.assign(static_cast<std::size_t>(n), false);
    }

    int size() const { return static_cast<int>(nodes_.size()); }
    RaftAdapter& node(int i) { return *nodes_[static_cast<std::size_t>(i)]; }
    Env& env(int i) { return *envs_[static_cast<std::size_t>(i)]; }
    void set_down(int i, bool down) { down_[static_cast<std::size_t>(i)] = down; }
    bool down(int i) const { return down_[static_cast<std::size_t>(i)]; }

    double loss = 0.0;
    double duplication = 0.0;
    bool reorder = false;

    // Delivers queued messages (and the ones they cause) until none is left.
    void settle(std::size_t limit = 200000) {
        std::bernoulli_distribution lose(loss), dup(duplication);
        for (std::size_t steps = 0; !net_.empty() && steps < limit; ++steps) {
            if (reorder && net_.size() > 1) {
                std::uniform_int_distribution<std::size_t> pick(0, net_.size() - 1);
                std::swap(net_.front(), net_[pick(rng_)]);
            }
            Packet p = std::move(net_.front());
            net_.pop_front();
            if (down(p.from) || down(p.to) || lose(rng_)) continue;
            if (dup(rng_)) net_.push_back(p);
            EXPECT_TRUE(node(p.to).receive(p.from, p.bytes));
        }
    }

    void tick_all() {
        for (int i = 0; i < size(); ++i)
            if (!down(i)) node(i).tick();
        settle();
    }

    // Ticks until exactly one live node leads; -1 after `max_ticks`.
    int elect(int max_ticks = 100) {
        for (int t = 0; t < max_ticks; ++t) {
            tick_all();
            int leader = -1;
            int count = 0;
            for (int i = 0; i < size(); ++i) {
                if (!down(i) && node(i).is_leader()) {
                    leader = i;
                    ++count;
                }
            }
            if (count == 1) return leader;
        }
        return -1;
    }

    // No two live leaders share a term (the spec's one leader per term).
    void expect_one_leader_per_term() {
        std::map<std::uint64_t, int> leaders;
        for (int i = 0; i < size(); ++i) {
            if (down(i) || !node(i).is_leader()) continue;
            EXPECT_FALSE(leaders.count(node(i).term())) << "two leaders in term " << node(i).term();
            leaders[node(i).term()] = i;
        }
    }

    // Every pair of nodes agrees on the entries both have committed.
    void expect_agreement() {
        for (int a = 0; a < size(); ++a)
            for (int b = 0; b < size(); ++b) {
                const auto& x = env(a).commits;
                const auto& y = env(b).commits;
                for (std::size_t i = 0; i < std::min(x.size(), y.size()); ++i)
                    EXPECT_EQ(x[i], y[i]) << "nodes " << a << " and " << b << " at " << i;
            }
    }

private:
    std::mt19937_64 rng_;
    std::deque<Packet> net_;
    std::vector<std::unique_ptr<Env>> envs_;
    std::vector<std::unique_ptr<RaftAdapter>> nodes_;
    std::vector<bool> down_;
};

// The client values among a node's committed entries (no-ops are empty).
std::vector<std::string> values(const std::vector<std::string>& commits) {
    std::vector<std::string> out;
    for (const auto& c : commits)
        if (!c.empty()) out.push_back(c);
    return out;
}

std::vector<std::string> numbered(const std::string& prefix, int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) out.push_back(prefix + std::to_string(i));
    return out;
}

TEST(RaftAdapter, ElectsOneLeaderThatEveryoneKnows) {
    Cluster c(3);
    int leader = c.elect();
    ASSERT_GE(leader, 0);
    c.expect_one_leader_per_term();
    c.tick_all();
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(c.node(i).leader_hint().has_value());
        EXPECT_EQ(*c.node(i).leader_hint(), leader);
        EXPECT_EQ(c.node(i).term(), c.node(leader).term());
    }
    EXPECT_EQ(c.node((leader + 1) % 3).propose("x"), ProposeResult::NotLeader);
}

TEST(RaftAdapter, SingleNodeLeadsAndCommitsAlone) {
    Cluster c(1);
    ASSERT_EQ(c.elect(), 0);
    EXPECT_EQ(c.node(0).propose("a"), ProposeResult::Accepted);
    EXPECT_EQ(values(c.env(0).commits), std::vector<std::string>{"a"});
}

TEST(RaftAdapter, ReplicatesProposalsAndCommitsInOrderEverywhere) {
    Cluster c(3);
    int leader = c.elect();
    ASSERT_GE(leader, 0);
    auto want = numbered("v", 200);
    for (const auto& v : want) {
        ASSERT_EQ(c.node(leader).propose(v), ProposeResult::Accepted);
        c.settle();
    }
    // The leader commits on acknowledgements, without waiting for a tick;
    // followers learn the commit length from the next append.
    EXPECT_EQ(values(c.env(leader).commits), want);
    c.tick_all();
    for (int i = 0; i < 3; ++i) EXPECT_EQ(values(c.env(i).commits), want) << "node " << i;
    c.expect_agreement();
}

TEST(RaftAdapter, ProposalsInOneBurstAreSentAndCommitted) {
    Cluster c(5);
    int leader = c.elect();
    ASSERT_GE(leader, 0);
    auto want = numbered("b", 300);
    for (const auto& v : want) ASSERT_EQ(c.node(leader).propose(v), ProposeResult::Accepted);
    c.settle();
    EXPECT_EQ(values(c.env(leader).commits), want);
    c.tick_all();
    for (int i = 0; i < 5; ++i) EXPECT_EQ(values(c.env(i).commits), want) << "node " << i;
}

TEST(RaftAdapter, SurvivesLossDuplicationAndReordering) {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        Cluster c(3, seed);
        c.loss = 0.2;
        c.duplication = 0.2;
        c.reorder = true;
        auto want = numbered("s" + std::to_string(seed) + "-", 60);
        std::size_t next = 0;
        for (int t = 0; t < 3000 && values(c.env(0).commits).size() < want.size(); ++t) {
            c.tick_all();
            c.expect_one_leader_per_term();
            for (int i = 0; i < 3 && next < want.size(); ++i)
                if (c.node(i).is_leader() && c.node(i).propose(want[next]) == ProposeResult::Accepted)
                    ++next;
            c.settle();
        }
        c.loss = 0;
        for (int t = 0; t < 20; ++t) c.tick_all();
        c.expect_agreement();
        // Every value proposed was accepted by a leader; lossy runs may lose a
        // value whose leader was deposed, but never reorder or duplicate one.
        auto got = values(c.env(0).commits);
        std::set<std::string> unique(got.begin(), got.end());
        EXPECT_EQ(unique.size(), got.size()) << "seed " << seed;
        EXPECT_GE(got.size(), want.size() / 2) << "seed " << seed;
    }
}

TEST(RaftAdapter, ANewLeaderTakesOverAndKeepsCommittedEntries) {
    Cluster c(3);
    int first = c.elect();
    ASSERT_GE(first, 0);
    auto before = numbered("p", 20);
    for (const auto& v : before) ASSERT_EQ(c.node(first).propose(v), ProposeResult::Accepted);
    c.settle();
    c.set_down(first, true);
    int second = c.elect();
    ASSERT_GE(second, 0);
    ASSERT_NE(second, first);
    EXPECT_GT(c.node(second).term(), c.node(first).term());
    ASSERT_EQ(c.node(second).propose("after"), ProposeResult::Accepted);
    c.settle();
    auto want = before;
    want.push_back("after");
    EXPECT_EQ(values(c.env(second).commits), want);
    // The old leader comes back, steps down and catches up.
    c.set_down(first, false);
    for (int t = 0; t < 5; ++t) c.tick_all();
    EXPECT_FALSE(c.node(first).is_leader());
    EXPECT_EQ(values(c.env(first).commits), want);
    c.expect_agreement();
}

// The survivor whose timer runs out first cannot win when its log is behind; its
// repeated candidacies (each in a higher term) must not hold back the other
// survivor's timer.
TEST(RaftAdapter, ALaggingFollowerDoesNotBlockTheElection) {
    Cluster c(3);
    int leader = c.elect();
    ASSERT_GE(leader, 0);
    int low = std::min((leader + 1) % 3, (leader + 2) % 3); // the first to time out
    int high = std::max((leader + 1) % 3, (leader + 2) % 3);
    c.set_down(low, true);
    for (const auto& v : numbered("l", 100)) c.node(leader).propose(v);
    c.settle();
    c.set_down(low, false);
    c.set_down(leader, true);
    int next = c.elect(60);
    EXPECT_EQ(next, high);
    ASSERT_GE(next, 0);
    ASSERT_EQ(c.node(next).propose("after"), ProposeResult::Accepted);
    c.settle();
    c.tick_all(); // the follower learns the commit length
    auto want = numbered("l", 100);
    want.push_back("after");
    EXPECT_EQ(values(c.env(low).commits), want);
    c.expect_agreement();
}

TEST(RaftAdapter, NoProgressWithoutAQuorum) {
    Cluster c(3);
    int leader = c.elect();
    ASSERT_GE(leader, 0);
    c.set_down((leader + 1) % 3, true);
    c.set_down((leader + 2) % 3, true);
    std::size_t committed = c.env(leader).commits.size();
    ASSERT_EQ(c.node(leader).propose("lonely"), ProposeResult::Accepted);
    for (int t = 0; t < 10; ++t) c.tick_all();
    EXPECT_EQ(c.env(leader).commits.size(), committed);
    c.set_down((leader + 1) % 3, false);
    for (int t = 0; t < 3; ++t) c.tick_all();
    EXPECT_EQ(values(c.env(leader).commits), std::vector<std::string>{"lonely"});
}

TEST(RaftAdapter, SaveAndLoadRoundTrip) {
    Cluster c(3);
    int leader = c.elect();
    ASSERT_GE(leader, 0);
    for (const auto& v : numbered("r", 10)) c.node(leader).propose(v);
    c.settle();
    std::string state = c.node(leader).save();

    std::deque<Packet> unused;
    Env env(leader, unused);
    RaftAdapter copy(ConsensusConfig{leader, 3}, env);
    ASSERT_TRUE(copy.load(state));
    EXPECT_EQ(copy.save(), state);
    EXPECT_TRUE(copy.is_leader());
    EXPECT_EQ(copy.term(), c.node(leader).term());
    EXPECT_EQ(copy.log_length(), c.node(leader).log_length());
    EXPECT_EQ(copy.commit_length(), c.node(leader).commit_length());
}

TEST(RaftAdapter, MalformedStateIsRejectedAndChangesNothing) {
    Cluster c(3);
    ASSERT_GE(c.elect(), 0);
    std::string state = c.node(0).save();
    EXPECT_FALSE(c.node(0).load("not a snapshot"));
    EXPECT_FALSE(c.node(0).load(state.substr(0, state.size() / 2)));
    EXPECT_FALSE(c.node(1).load(state)); // another node's snapshot
    EXPECT_EQ(c.node(0).save(), state);
}

TEST(RaftAdapter, GarbageMessagesAreRejectedWithoutEffect) {
    Cluster c(3);
    int leader = c.elect();
    ASSERT_GE(leader, 0);
    int follower = (leader + 1) % 3;
    std::string state = c.node(follower).save();
    EXPECT_FALSE(c.node(follower).receive(leader, ""));
    EXPECT_FALSE(c.node(follower).receive(leader, "garbage bytes"));
    EXPECT_FALSE(c.node(follower).receive(leader, std::string(1000, '\xff')));
    EXPECT_EQ(c.node(follower).save(), state);
    std::mt19937 rng(7);
    for (int i = 0; i < 200; ++i) {
        std::string junk(static_cast<std::size_t>(rng() % 64), '\0');
        for (auto& ch : junk) ch = static_cast<char>(rng());
        (void)c.node(follower).receive(leader, junk); // must not crash
    }
}

TEST(RaftAdapter, MessagesMustNameTheirSender) {
    Cluster c(3);
    int leader = c.elect();
    ASSERT_GE(leader, 0);
    // Capture a real message from the leader, then replay it as another node.
    std::deque<Packet> captured;
    Env spy(leader, captured);
    RaftAdapter probe(ConsensusConfig{leader, 3}, spy);
    ASSERT_TRUE(probe.load(c.node(leader).save()));
    probe.tick();
    ASSERT_FALSE(captured.empty());
    int follower = (leader + 1) % 3;
    int other = (leader + 2) % 3;
    EXPECT_FALSE(c.node(follower).receive(other, captured.front().bytes));
    EXPECT_FALSE(c.node(follower).receive(7, captured.front().bytes));
    EXPECT_FALSE(c.node(follower).receive(-1, captured.front().bytes));
    EXPECT_TRUE(c.node(follower).receive(leader, captured.front().bytes));
}

} // namespace
} // namespace ivy::kv

// The toy leader election over TCP (examples/toy_leader_election_tcp.ivy): three
// nodes elect exactly one leader, as three objects of the extracted class on one
// loop, and as three processes of the extracted REPL program on loopback.
#include "leader.h"
#include "tests/codegen/process_util.h"

#include <gtest/gtest.h>
#include <map>
#include <set>

namespace {

using namespace ivy::codegen::testing;
using namespace std::chrono_literals;

class Node : public leader {
public:
    using leader::leader;
    std::vector<std::pair<int, int>>* votes = nullptr; // (voter, candidate)
    std::vector<int>* leaders = nullptr;

    void imp__voted_for(int n, int c) override { votes->push_back({n, c}); }
    void imp__elected(int n) override { leaders->push_back(n); }
};

TEST(LeaderElection, ThreeObjectsOnOneLoopElectOneLeader) {
    ivy::runtime::Loop loop;
    auto ports = free_ports(3);
    std::vector<ivy::runtime::Endpoint> eps;
    for (auto p : ports) eps.push_back({0x7f000001, p});
    ivy::extracted::settings().tick = 20ms;
    std::vector<std::pair<int, int>> votes;
    std::vector<int> leaders;
    std::vector<std::unique_ptr<Node>> nodes;
    for (int i = 0; i < 3; ++i) {
        nodes.push_back(std::make_unique<Node>(3, i, loop));
        nodes.back()->votes = &votes;
        nodes.back()->leaders = &leaders;
        nodes.back()->set_tcp_config(new ivy::runtime::ListTcpConfig(eps));
        EXPECT_EQ(nodes.back()->self, i);
        EXPECT_EQ(nodes.back()->node__size, 3);
    }
    for (auto& n : nodes) n->__init();
    for (auto& n : nodes) n->__unlock();
    bool done = loop.run_until([&] { return votes.size() == 3 && !leaders.empty(); }, 10s);
    ASSERT_TRUE(done) << votes.size() << " votes, " << leaders.size() << " leaders";
    loop.run_for(60ms); // a few more ticks: nothing else may happen
    ASSERT_EQ(leaders.size(), 1u);
    int leader_id = leaders[0];
    EXPECT_TRUE(nodes[static_cast<size_t>(leader_id)]->system__is_leader);
    int for_leader = 0;
    for (auto [voter, candidate] : votes) for_leader += candidate == leader_id;
    EXPECT_GE(for_leader, 2) << "a majority of the 3 votes";
    for (int i = 0; i < 3; ++i) EXPECT_EQ(nodes[static_cast<size_t>(i)]->system__is_leader, i == leader_id);
    nodes.clear(); // before the loop
}

TEST(LeaderElection, ThreeProcessesOnLoopbackElectOneLeader) {
    auto ports = free_ports(3);
    std::string cluster = "cluster=";
    for (size_t i = 0; i < ports.size(); ++i) cluster += (i ? ",127.0.0.1:" : "127.0.0.1:") + std::to_string(ports[i]);
    std::vector<std::unique_ptr<Child>> nodes;
    for (int i = 0; i < 3; ++i)
        nodes.push_back(std::make_unique<Child>(TOY_LEADER_REPL, std::vector<std::string>{"3", std::to_string(i), cluster,
                                                                                          "tick_ms=20"}));
    // Every vote is final once cast: when all three have voted and one node is
    // elected, no second leader is possible, whatever the timing.
    auto settled = [&] {
        size_t voted = 0, elected = 0;
        for (auto& n : nodes) {
            voted += count_lines_with(n->output(), "< voted_for(");
            elected += count_lines_with(n->output(), "< elected(");
        }
        return voted == 3 && elected >= 1;
    };
    auto deadline = Clock::now() + 10s;
    while (!settled() && Clock::now() < deadline)
        for (auto& n : nodes) n->pump(5ms);
    for (auto& n : nodes) n->pump(100ms);
    ASSERT_TRUE(settled()) << nodes[0]->output() << "|" << nodes[1]->output() << "|" << nodes[2]->output();
    std::set<std::string> leaders;
    size_t elections = 0;
    for (auto& n : nodes) {
        elections += count_lines_with(n->output(), "< elected(");
        size_t pos = n->output().find("< elected(");
        if (pos != std::string::npos) leaders.insert(n->output().substr(pos, n->output().find('\n', pos) - pos));
    }
    EXPECT_EQ(elections, 1u);
    ASSERT_EQ(leaders.size(), 1u);
    // The leader announced itself: node k prints `< elected(k)`.
    std::string who = *leaders.begin();
    int k = who[10] - '0';
    ASSERT_TRUE(k >= 0 && k < 3) << who;
    EXPECT_NE(nodes[static_cast<size_t>(k)]->output().find(who), std::string::npos);
}

} // namespace

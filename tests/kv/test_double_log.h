// TEST DOUBLE. A small replicated log (Raft-like leader election and log
// replication, unverified) implementing ivy::kv::Consensus, so that the server, the
// durability layer and the cluster tools can be tested before the verified
// protocol adapters exist. It is linked only into test binaries and the test
// server tests/kv/kv_testdouble_server; kvserver never contains it.
//
// Like a real adapter it is deterministic in its inputs (receive, tick, propose)
// and takes randomness only from ConsensusEnv::choose, so write-ahead-log replay
// reproduces its state exactly.
//
// Protocol sketch: terms and votes (a candidate needs a majority and a log at least
// as up to date as the voter's); the leader appends a no-op entry when elected,
// sends new entries at once and resends unacknowledged ones on every tick
// (messages may be lost or duplicated); an entry of the current term is committed
// when a majority holds it. With `leader_only_commits` it reports commits the way
// the artifact's Ivy Raft does: only on the leader, and from index 0 again at each
// new leader, which the server must tolerate.
#pragma once

#include "runtime/kv/consensus.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ivy::kv::testing {

class TestDoubleLog final : public Consensus {
public:
    struct Options {
        std::uint64_t election_ticks = 6;       // minimum quiet ticks before an election
        std::uint64_t election_spread = 6;      // plus choose(spread)
        std::size_t max_entries_per_message = 512;
        bool leader_only_commits = false;
    };

    TestDoubleLog(const ConsensusConfig& config, ConsensusEnv& env);
    TestDoubleLog(const ConsensusConfig& config, ConsensusEnv& env, Options options);

    ProposeResult propose(std::string value) override;
    bool receive(int from, std::string_view message) override;
    void tick() override;
    bool is_leader() const override { return role_ == Role::Leader; }
    std::optional<int> leader_hint() const override;
    std::string save() const override;
    bool load(std::string_view state) override;

    std::uint64_t term() const { return term_; }
    std::size_t log_size() const { return log_.size(); }
    std::size_t commit_count() const { return commit_; }

    // The protocol for Replica/Node/kvserver_main, under the name "testdouble".
    static Protocol protocol();
    static Protocol protocol(Options options);

private:
    enum class Role : std::uint8_t { Follower = 0, Candidate = 1, Leader = 2 };
    enum class Kind : std::uint8_t { Vote = 1, VoteReply = 2, Append = 3, AppendReply = 4 };
    struct Entry {
        std::uint64_t term = 0;
        std::string value;
    };

    std::uint64_t last_term() const { return log_.empty() ? 0 : log_.back().term; }
    bool majority(std::size_t votes) const { return 2 * votes > static_cast<std::size_t>(n_); }
    void become_follower(std::uint64_t term);
    void start_election();
    void become_leader();
    void send_append(int peer, std::size_t from_index);
    void heartbeat();
    void advance_commit();
    void report_commits();
    void reset_election_timer();

    void on_vote(int from, std::uint64_t term, std::uint64_t last_index, std::uint64_t last_term);
    void on_vote_reply(int from, std::uint64_t term, bool granted);
    void on_append(int from, std::uint64_t term, std::uint64_t prev, std::uint64_t prev_term,
                   std::vector<Entry> entries, std::uint64_t commit);
    void on_append_reply(int from, std::uint64_t term, bool ok, std::uint64_t match);

    int self_;
    int n_;
    ConsensusEnv& env_;
    Options options_;

    // Protocol state (all of it is saved).
    std::uint64_t term_ = 0;
    int voted_for_ = -1;
    Role role_ = Role::Follower;
    int leader_ = -1;
    std::vector<Entry> log_;
    std::size_t commit_ = 0;   // entries [0, commit_) are committed
    std::size_t reported_ = 0; // entries [0, reported_) were reported
    std::uint64_t elapsed_ = 0;
    std::uint64_t timeout_ = 0;
    std::vector<bool> votes_;
    std::vector<std::size_t> next_;  // leader: next entry to send, per peer
    std::vector<std::size_t> match_; // leader: entries known replicated, per peer
};

} // namespace ivy::kv::testing

#include "tests/kv/test_double_log.h"

#include "runtime/shim/serialization.h"

#include <algorithm>
#include <memory>

namespace ivy::kv::testing {

namespace {
constexpr std::uint64_t kStateFormat = 0x7e57d0b1e; // "test double"
} // namespace

TestDoubleLog::TestDoubleLog(const ConsensusConfig& config, ConsensusEnv& env)
    : TestDoubleLog(config, env, Options{}) {}

TestDoubleLog::TestDoubleLog(const ConsensusConfig& config, ConsensusEnv& env, Options options)
    : self_(config.node_id), n_(config.cluster_size), env_(env), options_(options),
      votes_(static_cast<std::size_t>(n_)), next_(static_cast<std::size_t>(n_)),
      match_(static_cast<std::size_t>(n_)) {
    // Deterministic (no choose() here): a restarted node is rebuilt by running this
    // constructor again and replaying its inputs.
    timeout_ = options_.election_ticks + static_cast<std::uint64_t>(self_);
}

Protocol TestDoubleLog::protocol() {
    return protocol(Options{});
}

Protocol TestDoubleLog::protocol(Options options) {
    Protocol p;
    p.name = "testdouble";
    p.display_name = "Test-double replicated log";
    p.make = [options](const ConsensusConfig& c, ConsensusEnv& env) {
        return std::make_unique<TestDoubleLog>(c, env, options);
    };
    p.default_tick = std::chrono::milliseconds(20);
    p.wire_version = 0x7e57;
    return p;
}

std::optional<int> TestDoubleLog::leader_hint() const {
    if (role_ == Role::Leader) return self_;
    if (leader_ >= 0) return leader_;
    return std::nullopt;
}

// ---- roles ------------------------------------------------------------------------

void TestDoubleLog::reset_election_timer() {
    elapsed_ = 0;
    timeout_ = options_.election_ticks + env_.choose(options_.election_spread);
}

void TestDoubleLog::become_follower(std::uint64_t term) {
    if (term > term_) {
        term_ = term;
        voted_for_ = -1;
        leader_ = -1;
    }
    if (role_ != Role::Follower) {
        role_ = Role::Follower;
        reset_election_timer();
    }
}

void TestDoubleLog::start_election() {
    ++term_;
    role_ = Role::Candidate;
    voted_for_ = self_;
    leader_ = -1;
    std::fill(votes_.begin(), votes_.end(), false);
    votes_[static_cast<std::size_t>(self_)] = true;
    reset_election_timer();
    if (majority(1)) {
        become_leader();
        return;
    }
    runtime::Writer w;
    w.put_u64(static_cast<std::uint64_t>(Kind::Vote));
    w.put_u64(term_);
    w.put_u64(log_.size());
    w.put_u64(last_term());
    std::string m = w.take();
    for (int p = 0; p < n_; ++p)
        if (p != self_) env_.send(p, m);
}

void TestDoubleLog::become_leader() {
    role_ = Role::Leader;
    leader_ = self_;
    // A no-op of the new term, so entries of earlier terms commit promptly.
    log_.push_back({term_, {}});
    for (int p = 0; p < n_; ++p) {
        next_[static_cast<std::size_t>(p)] = log_.size() - 1;
        match_[static_cast<std::size_t>(p)] = 0;
    }
    match_[static_cast<std::size_t>(self_)] = log_.size();
    if (options_.leader_only_commits) reported_ = 0; // the artifact's Raft replays from 0
    advance_commit();
    heartbeat();
}

ProposeResult TestDoubleLog::propose(std::string value) {
    if (role_ != Role::Leader) return ProposeResult::NotLeader;
    log_.push_back({term_, std::move(value)});
    match_[static_cast<std::size_t>(self_)] = log_.size();
    for (int p = 0; p < n_; ++p)
        if (p != self_) send_append(p, next_[static_cast<std::size_t>(p)]);
    advance_commit();
    return ProposeResult::Accepted;
}

void TestDoubleLog::tick() {
    if (role_ == Role::Leader) {
        heartbeat();
        return;
    }
    if (++elapsed_ >= timeout_) start_election();
}

// Resends everything not acknowledged (messages may have been lost).
void TestDoubleLog::heartbeat() {
    for (int p = 0; p < n_; ++p)
        if (p != self_) send_append(p, match_[static_cast<std::size_t>(p)]);
}

void TestDoubleLog::send_append(int peer, std::size_t from_index) {
    auto i = static_cast<std::size_t>(peer);
    from_index = std::min(from_index, log_.size());
    std::size_t end = std::min(log_.size(), from_index + options_.max_entries_per_message);
    runtime::Writer w;
    w.put_u64(static_cast<std::uint64_t>(Kind::Append));
    w.put_u64(term_);
    w.put_u64(from_index);
    w.put_u64(from_index == 0 ? 0 : log_[from_index - 1].term);
    w.put_count(end - from_index);
    for (std::size_t k = from_index; k < end; ++k) {
        w.put_u64(log_[k].term);
        w.put_string(log_[k].value);
    }
    w.put_u64(commit_);
    next_[i] = std::max(next_[i], end);
    env_.send(peer, w.take());
}

void TestDoubleLog::advance_commit() {
    if (role_ != Role::Leader) return;
    for (std::size_t n = log_.size(); n > commit_; --n) {
        if (log_[n - 1].term != term_) break; // only entries of this term count directly
        std::size_t have = 0;
        for (int p = 0; p < n_; ++p)
            if (match_[static_cast<std::size_t>(p)] >= n) ++have;
        if (majority(have)) {
            commit_ = n;
            break;
        }
    }
    report_commits();
}

void TestDoubleLog::report_commits() {
    if (options_.leader_only_commits && role_ != Role::Leader) return;
    while (reported_ < commit_) {
        std::size_t i = reported_++;
        env_.committed(i, log_[i].value);
    }
}

// ---- messages -----------------------------------------------------------------------

bool TestDoubleLog::receive(int from, std::string_view message) {
    if (from < 0 || from >= n_ || from == self_) return false;
    try {
        runtime::Reader r(message);
        auto kind = static_cast<Kind>(r.get_u64());
        auto term = r.get_u64();
        switch (kind) {
        case Kind::Vote: {
            auto last_index = r.get_u64();
            auto lt = r.get_u64();
            r.expect_end();
            on_vote(from, term, last_index, lt);
            return true;
        }
        case Kind::VoteReply: {
            bool granted = r.get_bool();
            r.expect_end();
            on_vote_reply(from, term, granted);
            return true;
        }
        case Kind::Append: {
            auto prev = r.get_u64();
            auto prev_term = r.get_u64();
            auto count = r.get_count(16);
            std::vector<Entry> entries(count);
            for (auto& e : entries) {
                e.term = r.get_u64();
                e.value = r.get_string();
            }
            auto commit = r.get_u64();
            r.expect_end();
            on_append(from, term, prev, prev_term, std::move(entries), commit);
            return true;
        }
        case Kind::AppendReply: {
            bool ok = r.get_bool();
            auto match = r.get_u64();
            r.expect_end();
            on_append_reply(from, term, ok, match);
            return true;
        }
        }
        return false;
    } catch (const runtime::DecodeError&) {
        return false;
    }
}

void TestDoubleLog::on_vote(int from, std::uint64_t term, std::uint64_t last_index,
                            std::uint64_t lt) {
    if (term > term_) become_follower(term);
    bool up_to_date = lt > last_term() || (lt == last_term() && last_index >= log_.size());
    bool grant = term == term_ && (voted_for_ < 0 || voted_for_ == from) && up_to_date;
    if (grant) {
        voted_for_ = from;
        reset_election_timer();
    }
    runtime::Writer w;
    w.put_u64(static_cast<std::uint64_t>(Kind::VoteReply));
    w.put_u64(term_);
    w.put_bool(grant);
    env_.send(from, w.take());
}

void TestDoubleLog::on_vote_reply(int from, std::uint64_t term, bool granted) {
    if (term > term_) {
        become_follower(term);
        return;
    }
    if (role_ != Role::Candidate || term != term_ || !granted) return;
    votes_[static_cast<std::size_t>(from)] = true;
    if (majority(static_cast<std::size_t>(std::count(votes_.begin(), votes_.end(), true))))
        become_leader();
}

void TestDoubleLog::on_append(int from, std::uint64_t term, std::uint64_t prev,
                              std::uint64_t prev_term, std::vector<Entry> entries,
                              std::uint64_t commit) {
    bool ok = false;
    std::uint64_t match = 0;
    if (term >= term_) {
        become_follower(term);
        leader_ = from;
        elapsed_ = 0;
        if (prev > log_.size()) {
            match = log_.size(); // hint: send from here
        } else if (prev > 0 && log_[prev - 1].term != prev_term) {
            match = prev - 1;
        } else {
            for (std::size_t k = 0; k < entries.size(); ++k) {
                std::size_t at = prev + k;
                if (at < log_.size() && log_[at].term != entries[k].term)
                    log_.resize(at); // conflicts with the leader: drop ours from here
                if (at == log_.size()) log_.push_back(std::move(entries[k]));
            }
            ok = true;
            match = prev + entries.size();
            std::size_t c = std::min<std::size_t>(commit, match);
            if (c > commit_) commit_ = c;
            report_commits();
        }
    }
    runtime::Writer w;
    w.put_u64(static_cast<std::uint64_t>(Kind::AppendReply));
    w.put_u64(term_);
    w.put_bool(ok);
    w.put_u64(match);
    env_.send(from, w.take());
}

void TestDoubleLog::on_append_reply(int from, std::uint64_t term, bool ok, std::uint64_t match) {
    if (term > term_) {
        become_follower(term);
        return;
    }
    if (role_ != Role::Leader || term != term_) return;
    auto i = static_cast<std::size_t>(from);
    match = std::min<std::uint64_t>(match, log_.size());
    if (ok) {
        match_[i] = std::max<std::size_t>(match_[i], match);
        next_[i] = std::max(next_[i], match_[i]);
        advance_commit();
        return;
    }
    // Back up to the follower's hint and try again.
    next_[i] = std::max<std::size_t>(match_[i], match);
    send_append(from, next_[i]);
}

// ---- state ------------------------------------------------------------------------

std::string TestDoubleLog::save() const {
    runtime::Writer w;
    w.put_u64(kStateFormat);
    w.put_u64(term_);
    w.put_i64(voted_for_);
    w.put_u64(static_cast<std::uint64_t>(role_));
    w.put_i64(leader_);
    w.put_count(log_.size());
    for (const auto& e : log_) {
        w.put_u64(e.term);
        w.put_string(e.value);
    }
    w.put_u64(commit_);
    w.put_u64(reported_);
    w.put_u64(elapsed_);
    w.put_u64(timeout_);
    for (int p = 0; p < n_; ++p) {
        auto i = static_cast<std::size_t>(p);
        w.put_bool(votes_[i]);
        w.put_u64(next_[i]);
        w.put_u64(match_[i]);
    }
    return w.take();
}

bool TestDoubleLog::load(std::string_view state) {
    try {
        runtime::Reader r(state);
        if (r.get_u64() != kStateFormat) return false;
        TestDoubleLog s(ConsensusConfig{self_, n_}, env_, options_);
        s.term_ = r.get_u64();
        s.voted_for_ = static_cast<int>(r.get_i64());
        auto role = r.get_u64();
        if (role > 2) return false;
        s.role_ = static_cast<Role>(role);
        s.leader_ = static_cast<int>(r.get_i64());
        s.log_.resize(r.get_count(16));
        for (auto& e : s.log_) {
            e.term = r.get_u64();
            e.value = r.get_string();
        }
        s.commit_ = r.get_u64();
        s.reported_ = r.get_u64();
        if (s.commit_ > s.log_.size() || s.reported_ > s.commit_) return false;
        s.elapsed_ = r.get_u64();
        s.timeout_ = r.get_u64();
        for (int p = 0; p < n_; ++p) {
            auto i = static_cast<std::size_t>(p);
            s.votes_[i] = r.get_bool();
            s.next_[i] = r.get_u64();
            s.match_[i] = r.get_u64();
        }
        r.expect_end();
        term_ = s.term_;
        voted_for_ = s.voted_for_;
        role_ = s.role_;
        leader_ = s.leader_;
        log_ = std::move(s.log_);
        commit_ = s.commit_;
        reported_ = s.reported_;
        elapsed_ = s.elapsed_;
        timeout_ = s.timeout_;
        votes_ = std::move(s.votes_);
        next_ = std::move(s.next_);
        match_ = std::move(s.match_);
        return true;
    } catch (const runtime::DecodeError&) {
        return false;
    }
}

} // namespace ivy::kv::testing

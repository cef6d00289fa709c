// The verified Raft spec (specs/raft.ivy): it verifies, and every supporting
// invariant is needed: removing any one of them makes the check of an isolate
// that relies on it fail (with a counterexample, or inconclusively at the
// timeout). Each variant checks only that isolate, and each is its own ctest
// (gtest_discover_tests), so ctest -j runs them in parallel.
#include "tests/verifier/verifier_test_util.h"

#include <fstream>
#include <sstream>

namespace ivy::verifier::testing {
namespace {

// The spec is elaborated under its own path, so `include node_set` finds
// specs/node_set.ivy beside it.
const std::string kRaftPath = std::string(IVY_SOURCE_ROOT) + "/specs/raft.ivy";

std::string raft_spec() { return source_file("specs/raft.ivy"); }

// The whole spec is checked as `ivy check` does by default, with 60 s per
// condition (over the checker's restarts); most conditions take well under a
// second, a few several seconds.
CheckOptions options_for(const std::string& isolate, double timeout_s = 60) {
    CheckOptions options;
    options.isolate = isolate;
    options.jobs = 2;
    options.timeout_s = timeout_s;
    return options;
}

// Without a needed invariant Z3 finds a counterexample, or searches for long.
// The variants run with a timeout per condition (30 s for replication, whose
// largest conditions take seconds and now and then tens of seconds; 10 s for
// the others) with which every isolate they check still verifies in full
// (RaftIsolate.VerifiesAtTheRemovalTimeout), so a variant's failure is the
// removal's doing. One failure is enough: the run stops at the first
// (trace=true), without solving the conditions the report would show after it.
double removal_timeout(const std::string& isolate) { return isolate == "replication" ? 30 : 10; }

CheckOptions weakened_options_for(const std::string& isolate) {
    CheckOptions options = options_for(isolate, removal_timeout(isolate));
    options.trace = true;
    return options;
}

TEST(RaftSpec, Verifies) {
    CheckRun run = run_check(raft_spec(), options_for(""), kRaftPath);
    ASSERT_TRUE(run.elaborated) << run.errors;
    EXPECT_EQ(run.summary.failed, 0) << run.output;
    EXPECT_EQ(run.last_line(), "OK") << run.output;
}

class RaftIsolate : public ::testing::TestWithParam<const char*> {};

TEST_P(RaftIsolate, VerifiesAtTheRemovalTimeout) {
    CheckRun run = run_check(raft_spec(), options_for(GetParam(), removal_timeout(GetParam())), kRaftPath);
    ASSERT_TRUE(run.elaborated) << run.errors;
    EXPECT_EQ(run.summary.failed, 0) << run.output;
    EXPECT_EQ(run.last_line(), "OK") << run.output;
}

INSTANTIATE_TEST_SUITE_P(Removals, RaftIsolate,
                         ::testing::Values("proto", "leader_logs", "replication", "system", "agreement",
                                           "vote_check"));

struct Removal {
    const char* isolate;
    const char* declaration; // the start of the removed conjecture
};

void PrintTo(const Removal& r, std::ostream* os) { *os << r.isolate << ": " << r.declaration; }

class RaftWithoutInvariant : public ::testing::TestWithParam<Removal> {};

TEST_P(RaftWithoutInvariant, FailsToVerify) {
    const std::string spec = raft_spec();
    const std::string weakened = without(spec, GetParam().declaration);
    ASSERT_NE(weakened, spec) << "no declaration starts with " << GetParam().declaration;
    CheckRun run = run_check(weakened, weakened_options_for(GetParam().isolate), kRaftPath);
    ASSERT_TRUE(run.elaborated) << run.errors;
    EXPECT_GE(run.summary.failed, 1) << run.output;
    EXPECT_NE(run.last_line(), "OK") << run.output;
}

// Not the goals: proto.one_leader and system.one_leader (election safety) and
// leader_logs.leader_completeness are what is proved, and isolate agreement
// derives log matching and agreement on committed entries from the rest. Nor
// replication.terms_sorted, which follows from log_prefix and
// leader_logs.leader_log_sorted and is stated as a property of its own, nor
// leader_log_sorted itself: every isolate has been seen to verify without it
// (replication only slowly), so it is there for the solver. Each variant
// checks the cheapest isolate that fails without the invariant.
INSTANTIATE_TEST_SUITE_P(
    Election, RaftWithoutInvariant,
    ::testing::Values(Removal{"proto", "conjecture [one_vote]"},
                      Removal{"proto", "conjecture [leader_quorum]"},
                      Removal{"leader_logs", "conjecture [leader_led]"},
                      Removal{"leader_logs", "conjecture [voted_moved]"},
                      Removal{"proto", "conjecture [led_witness]"},
                      Removal{"system", "conjecture [vote_recorded]"},
                      Removal{"system", "conjecture [no_vote_yet]"},
                      Removal{"system", "conjecture [tally]"},
                      Removal{"system", "conjecture [grant_sent]"},
                      Removal{"system", "conjecture [leads]"}));

INSTANTIATE_TEST_SUITE_P(
    LeaderLogs, RaftWithoutInvariant,
    ::testing::Values(Removal{"system", "conjecture [started_led]"},
                      Removal{"leader_logs", "conjecture [has_started]"},
                      Removal{"agreement", "conjecture [leader_log_prefix]"},
                      Removal{"leader_logs", "conjecture [acked_own]"},
                      Removal{"replication", "conjecture [leader_acked]"},
                      Removal{"leader_logs", "conjecture [superseded_later]"},
                      Removal{"leader_logs", "conjecture [superseded_quorum]"},
                      Removal{"leader_logs", "conjecture [doomed_quorum]"},
                      Removal{"leader_logs", "conjecture [kept_unless_doomed]"},
                      Removal{"leader_logs", "conjecture [committed_quorum]"}));

INSTANTIATE_TEST_SUITE_P(
    Replication, RaftWithoutInvariant,
    ::testing::Values(Removal{"replication", "conjecture [append_terms]"},
                      Removal{"agreement", "conjecture [log_prefix]"},
                      Removal{"agreement", "conjecture [log_vals]"},
                      Removal{"replication", "conjecture [append_entry]"},
                      Removal{"replication", "conjecture [append_before]"},
                      Removal{"replication", "conjecture [log_copy]"},
                      Removal{"vote_check", "conjecture [acked_held]"},
                      Removal{"replication", "conjecture [reply_acked]"},
                      Removal{"replication", "conjecture [match_acked]"},
                      Removal{"replication", "conjecture [reply_in_log]"},
                      Removal{"replication", "conjecture [match_in_log]"},
                      Removal{"replication", "conjecture [append_commit]"},
                      Removal{"agreement", "conjecture [commit_witness]"}));

INSTANTIATE_TEST_SUITE_P(
    System, RaftWithoutInvariant,
    ::testing::Values(Removal{"system", "conjecture [leads_past]"},
                      Removal{"system", "conjecture [leads_exactly]"},
                      Removal{"system", "conjecture [candidate_not_leader]"},
                      Removal{"system", "conjecture [terms_bounded]"},
                      Removal{"system", "conjecture [leader_log_is_log]"},
                      Removal{"system", "conjecture [leader_log_len]"},
                      Removal{"system", "conjecture [lead_term]"},
                      Removal{"system", "conjecture [leader_started]"},
                      Removal{"system", "conjecture [moved_past]"},
                      Removal{"system", "conjecture [acked_past]"},
                      Removal{"system", "conjecture [witness_past]"},
                      Removal{"system", "conjecture [votes_received_past]"},
                      Removal{"system", "conjecture [request_past]"},
                      Removal{"system", "conjecture [request_log]"},
                      Removal{"system", "conjecture [vote_safe]"}));

} // namespace
} // namespace ivy::verifier::testing

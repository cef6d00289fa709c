// The verified Raft spec (specs/raft.ivy): it verifies, and every supporting
// invariant is needed: removing any one of them makes the check of the isolate
// it belongs to fail (with a counterexample, or inconclusively at the timeout). Each variant checks only the affected isolate, and each is
// its own ctest (gtest_discover_tests), so ctest -j runs them in parallel.
#include "tests/verifier/verifier_test_util.h"

#include <fstream>
#include <sstream>

namespace ivy::verifier::testing {
namespace {

// The spec is elaborated under its own path, so `include node_set` finds
// specs/node_set.ivy beside it.
const std::string kRaftPath = std::string(IVY_SOURCE_ROOT) + "/specs/raft.ivy";

std::string raft_spec() { return source_file("specs/raft.ivy"); }

CheckOptions options_for(const std::string& isolate) {
    CheckOptions options;
    options.isolate = isolate;
    options.jobs = 2;
    return options;
}

// Every condition of the real spec is proved in well under a second; without a
// needed invariant Z3 either finds a counterexample or searches for a long time,
// so the variants run with a one-second timeout per condition (an inconclusive
// result counts as a failure; a removal can leave a hundred of them), which keeps
// each to a minute or so. One failure is enough, so the run
// stops at the first (trace=true) instead of waiting out every other condition.
CheckOptions weakened_options_for(const std::string& isolate) {
    CheckOptions options = options_for(isolate);
    options.timeout_s = 1;
    options.trace = true;
    return options;
}

TEST(RaftSpec, Verifies) {
    CheckRun run = run_check(raft_spec(), options_for(""), kRaftPath);
    ASSERT_TRUE(run.elaborated) << run.errors;
    EXPECT_EQ(run.summary.failed, 0) << run.output;
    EXPECT_EQ(run.last_line(), "OK") << run.output;
}

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

// Not the goals (proto.one_leader, system.one_leader, replication.log_matching):
// they are what is proved.
INSTANTIATE_TEST_SUITE_P(
    Supporting, RaftWithoutInvariant,
    ::testing::Values(Removal{"proto", "conjecture [one_vote]"},
                      Removal{"proto", "conjecture [leader_quorum]"},
                      Removal{"system", "conjecture [vote_recorded]"},
                      Removal{"system", "conjecture [no_vote_yet]"},
                      Removal{"system", "conjecture [votes_past]"},
                      Removal{"system", "conjecture [tally]"},
                      Removal{"system", "conjecture [grant_sent]"},
                      Removal{"system", "conjecture [leads]"},
                      Removal{"replication", "conjecture [terms_sorted]"},
                      Removal{"replication", "conjecture [append_terms]"},
                      Removal{"system", "conjecture [terms_bounded]"},
                      Removal{"system", "conjecture [leader_led]"},
                      Removal{"proto", "conjecture [led_witness]"},
                      Removal{"replication", "conjecture [log_prefix]"},
                      Removal{"replication", "conjecture [log_vals]"},
                      Removal{"replication", "conjecture [leader_log_func]"},
                      Removal{"replication", "conjecture [leader_log_prefix]"},
                      Removal{"replication", "conjecture [leader_log_led]"},
                      Removal{"replication", "conjecture [append_entry]"},
                      Removal{"replication", "conjecture [append_before]"},
                      Removal{"system", "conjecture [leader_log_is_log]"},
                      Removal{"system", "conjecture [leader_log_len]"}));

} // namespace
} // namespace ivy::verifier::testing

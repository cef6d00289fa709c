// The toy leader election of the PLDI'18 overview (examples/toy_leader_election.ivy):
// it verifies, and every supporting invariant is needed: removing any one of them
// makes a check fail with a counterexample to induction.
#include "tests/verifier/verifier_test_util.h"

#include <fstream>
#include <sstream>

namespace ivy::verifier::testing {
namespace {

std::string toy_spec() { return source_file("examples/toy_leader_election.ivy"); }

TEST(ToyLeaderElection, Verifies) {
    CheckOptions options;
    options.jobs = 2;
    CheckRun run = run_check(toy_spec(), options, "toy_leader_election.ivy");
    ASSERT_TRUE(run.elaborated) << run.errors;
    EXPECT_EQ(run.last_line(), "OK") << run.output;
}

class WithoutInvariant : public ::testing::TestWithParam<const char*> {};

TEST_P(WithoutInvariant, FailsWithACounterexample) {
    const std::string spec = toy_spec();
    const std::string weakened = without(spec, GetParam());
    ASSERT_NE(weakened, spec) << "no declaration starts with " << GetParam();
    CheckOptions options;
    options.jobs = 2;
    CheckRun run = run_check(weakened, options, "toy_leader_election.ivy");
    ASSERT_TRUE(run.elaborated) << run.errors;
    EXPECT_GE(run.summary.failed, 1) << run.output;
    EXPECT_TRUE(run.contains(" ... FAIL\nsearching for a small model")) << run.output;
    EXPECT_TRUE(run.contains("[ after:\n")) << run.output;
}

// Not the goals: `protocol.unique_leader` and `system.safety` are what is proved.
INSTANTIATE_TEST_SUITE_P(Supporting, WithoutInvariant,
                         ::testing::Values("conjecture [one_vote]", "conjecture [leader_quorum]",
                                           "conjecture ~has_voted(N)",
                                           "conjecture nset.member(V, tally(N))",
                                           "conjecture net.sent(M, D) & m_kind(M) = grant_vote",
                                           "conjecture is_leader(N) -> protocol.leader(N)"));

} // namespace
} // namespace ivy::verifier::testing

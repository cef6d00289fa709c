// The toy leader election of the PLDI'18 overview (examples/toy_leader_election.ivy):
// it verifies, and every supporting invariant is needed: removing any one of them
// makes a check fail with a counterexample to induction.
#include "tests/verifier/verifier_test_util.h"

#include <fstream>
#include <sstream>

namespace ivy::verifier::testing {
namespace {

std::string toy_spec() {
    std::ifstream in(std::string(IVY_SOURCE_ROOT) + "/examples/toy_leader_election.ivy");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// `spec` without the declaration starting at the line containing `first`, and the
// more indented lines continuing it.
std::string without(const std::string& spec, const std::string& first) {
    size_t start = spec.find(first);
    if (start == std::string::npos) return spec;
    start = spec.rfind('\n', start) + 1;
    const size_t indent = spec.find_first_not_of(' ', start) - start;
    size_t end = spec.find('\n', start) + 1;
    while (end < spec.size()) {
        size_t next = spec.find('\n', end);
        std::string line = spec.substr(end, next - end);
        size_t text = line.find_first_not_of(' ');
        if (text == std::string::npos || text <= indent) break;
        end = next + 1;
    }
    return spec.substr(0, start) + spec.substr(end);
}

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

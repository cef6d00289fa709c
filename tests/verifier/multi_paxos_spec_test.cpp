// The verified Multi-Paxos (specs/multi_paxos/multi_paxos.ivy): every isolate checks,
// and every supporting invariant is needed: removing any one of them makes a check
// of its isolate fail with a counterexample to induction.
#include "tests/verifier/verifier_test_util.h"

#include <fstream>
#include <sstream>

namespace ivy::verifier::testing {
namespace {

const std::string kPath = std::string(IVY_SOURCE_ROOT) + "/specs/multi_paxos/multi_paxos.ivy";

std::string spec_text() {
    std::ifstream in(kPath);
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

CheckRun check_isolate(const std::string& spec, const std::string& isolate) {
    CheckOptions options;
    options.jobs = 2;
    options.isolate = isolate;
    // Named after the real file, so that `include node_set` finds its neighbour.
    return run_check(spec, options, kPath);
}

TEST(MultiPaxosSpec, SystemVerifies) {
    CheckRun run = check_isolate(spec_text(), "system");
    ASSERT_TRUE(run.elaborated) << run.errors;
    EXPECT_EQ(run.last_line(), "OK") << run.output;
}

struct Removal {
    const char* isolate;
    const char* declaration; // the start of the removed conjecture
};

void PrintTo(const Removal& r, std::ostream* os) { *os << r.isolate << ": " << r.declaration; }

class MultiPaxosWithoutInvariant : public ::testing::TestWithParam<Removal> {};

TEST_P(MultiPaxosWithoutInvariant, FailsWithACounterexample) {
    const std::string spec = spec_text();
    const std::string weakened = without(spec, GetParam().declaration);
    ASSERT_NE(weakened, spec) << "no declaration starts with " << GetParam().declaration;
    CheckRun run = check_isolate(weakened, GetParam().isolate);
    ASSERT_TRUE(run.elaborated) << run.errors;
    EXPECT_GE(run.summary.failed, 1) << run.output;
    EXPECT_TRUE(run.contains(" ... FAIL\n")) << run.output;
}

TEST(MultiPaxosSpec, ProtocolVerifies) {
    CheckRun run = check_isolate(spec_text(), "protocol");
    ASSERT_TRUE(run.elaborated) << run.errors;
    EXPECT_EQ(run.last_line(), "OK") << run.output;
}

// The protocol's inductive core. Its other conjectures (agreement and the facts the
// implementation uses: chosen_stable, chosen_by_stable, chosen_by_mono,
// chosen_by_agree) follow from these, so they are proved rather than needed.
INSTANTIATE_TEST_SUITE_P(
    Protocol, MultiPaxosWithoutInvariant,
    ::testing::Values(Removal{"protocol", "conjecture [one_proposal]"},
                      Removal{"protocol", "conjecture [vote_proposed]"},
                      Removal{"protocol", "conjecture [choosable]"},
                      Removal{"protocol", "conjecture [chosen_quorum]"},
                      Removal{"protocol", "conjecture [chosen_by_first]"},
                      Removal{"protocol", "conjecture [first_chosen]"}));

// The implementation's invariant has 38 conjectures besides the goal, and each
// removal is a whole check of `system` (about 10 s of CPU), so ctest runs a sample
// of those that fail fastest. Every one of the 38 was removed in turn with the same
// check from the command line: each made it fail (a few only by leaving a query
// the solver could not decide in time).
INSTANTIATE_TEST_SUITE_P(
    System, MultiPaxosWithoutInvariant,
    ::testing::Values(Removal{"system", "conjecture [a_last]"},
                      Removal{"system", "conjecture [a_fresh]"},
                      Removal{"system", "conjecture [a_top]"},
                      Removal{"system", "conjecture [r_future_cur]"},
                      Removal{"system", "conjecture [p_from]"}));

} // namespace
} // namespace ivy::verifier::testing

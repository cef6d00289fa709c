// The report of `ivy check` on our demo (docs/verification.md 6): sections, verdicts,
// Ivy's quirks, the last line, and the options that change what is printed.
#include "tests/verifier/verifier_test_util.h"

#include <regex>

namespace ivy::verifier::testing {
namespace {

// The example of docs/verification.md section 6.
const std::string kDemo = ivy::testing::source_file("tests/specs/parse/verification_demo.ivy");

// The demo with the strengthening that makes `hi_max` inductive.
std::string fixed_demo() {
    std::string spec = kDemo;
    const std::string anchor = "    invariant [hi_max]";
    spec.insert(spec.find(anchor), "    invariant [none_used] ~have -> ~gen.used(X)\n");
    return spec;
}

TEST(Report, ClientSectionIsIvys) {
    CheckRun run = run_check(kDemo);
    ASSERT_TRUE(run.elaborated) << run.errors;
    const std::string expected = R"(
Isolate client:

    The following properties are assumed as axioms:
        t.ivy: line 7: ord.trans
        t.ivy: line 8: ord.irrefl
        t.ivy: line 9: ord.total

    The inductive invariant consists of the following conjectures:
        t.ivy: line 39: client.hi_used
        t.ivy: line 40: client.hi_max

    The following action implementations are present:
        t.ivy: line 34: implementation of client.step

    The following action monitors are present:
        t.ivy: line 17: monitor of gen.next

    The following initializers are present:
        t.ivy: line 32: client.init[after6]
        t.ivy: line 16: gen.init[after1]

    Initialization must establish the invariant
        t.ivy: line 39: client.hi_used ... PASS
        t.ivy: line 40: client.hi_max ... PASS

    The following set of external actions must preserve the invariant:
        (internal) client.step
            t.ivy: line 39: client.hi_used ... PASS
            t.ivy: line 40: client.hi_max ... FAIL
)";
    EXPECT_EQ(run.output.substr(0, expected.size()), expected);
}

TEST(Report, AssumptionsAndGuaranteesOfTheClient) {
    CheckRun run = run_check(kDemo);
    EXPECT_TRUE(run.contains(R"(
    The following program assertions are treated as assumptions:
        in action gen.next when called from client.step:
            t.ivy: line 18: assumption

    The following program assertions are treated as guarantees:
        in action client.step when called from the environment:
            t.ivy: line 37: guarantee ... PASS
)")) << run.output;
}

TEST(Report, GuaranteeOfAnExportedMonitorRepeatsTheEnvironment) {
    CheckRun run = run_check(kDemo);
    EXPECT_TRUE(run.contains(R"(
Isolate gen:
)")) << run.output;
    EXPECT_TRUE(run.contains(R"(        in action gen.next when called from the environment,the environment:
            t.ivy: line 18: guarantee ... PASS
)")) << run.output;
}

TEST(Report, IsolatesInNameOrderAndTheFailureCount) {
    CheckRun run = run_check(kDemo);
    size_t client = run.output.find("\nIsolate client:"), gen = run.output.find("\nIsolate gen:"),
           self = run.output.find("\nIsolate this:");
    ASSERT_NE(self, std::string::npos);
    EXPECT_LT(client, gen);
    EXPECT_LT(gen, self);
    EXPECT_EQ(run.last_line(), "error: failed checks: 1");
    EXPECT_EQ(run.summary.failed, 1);
    EXPECT_FALSE(run.summary.aborted);
}

TEST(Report, TheStrengthenedDemoVerifies) {
    CheckRun run = run_check(fixed_demo());
    EXPECT_EQ(run.last_line(), "OK") << run.output;
    EXPECT_EQ(run.summary.failed, 0);
    EXPECT_EQ(run.output.find("FAIL"), std::string::npos);
}

TEST(Report, OneIsolateOnly) {
    CheckOptions options;
    options.isolate = "gen";
    CheckRun run = run_check(kDemo, options);
    EXPECT_TRUE(run.contains("\nIsolate gen:\n"));
    EXPECT_FALSE(run.contains("Isolate client"));
    EXPECT_FALSE(run.contains("Isolate this"));
    EXPECT_EQ(run.last_line(), "OK");
}

TEST(Report, UnknownIsolate) {
    CheckOptions options;
    options.isolate = "nope";
    CheckRun run = run_check(kDemo, options);
    EXPECT_EQ(run.last_line(), "error: undefined isolate: nope");
    EXPECT_TRUE(run.summary.aborted);
}

TEST(Report, CounterexampleToInductionShowsStatesAndTheStep) {
    CheckRun run = run_check(kDemo);
    const std::string cti = run.from("searching for a small model");
    ASSERT_FALSE(cti.empty()) << run.output;
    EXPECT_NE(cti.find("invariant client.hi_max (t.ivy: line 40) is false after client.step"), std::string::npos);
    EXPECT_NE(cti.find("    elements of id: 0, 1\n"), std::string::npos) << cti;
    EXPECT_NE(cti.find("    _X = "), std::string::npos) << cti;
    EXPECT_NE(cti.find("    client.have = false\n"), std::string::npos) << cti;
    EXPECT_NE(cti.find("\ncall client.step\n"), std::string::npos) << cti;
    EXPECT_NE(cti.find("    call loc:0 := gen.next\n"), std::string::npos) << cti;
    EXPECT_NE(cti.find("t.ivy: line 35: \n    client.hi := loc:y\n"), std::string::npos) << cti;
    EXPECT_NE(cti.find("[ after:\n    client.have = true\n"), std::string::npos) << cti;
    // The counterexample follows the failure it explains, before the next section.
    EXPECT_LT(run.output.find("client.hi_max ... FAIL"), run.output.find("searching for a small model"));
    EXPECT_LT(run.output.find("searching for a small model"),
              run.output.find("The following program assertions are treated as assumptions"));
}

TEST(Report, TraceStopsAtTheFirstFailure) {
    CheckOptions options;
    options.trace = true;
    CheckRun run = run_check(kDemo, options);
    EXPECT_TRUE(run.contains("client.hi_max ... FAIL"));
    EXPECT_EQ(run.last_line(), "]") << run.output; // the post-state closes the run
    EXPECT_FALSE(run.contains("Isolate gen:"));
    EXPECT_FALSE(run.contains("error: failed checks"));
}

// Two invariants broken by one action: one counterexample, or one each with diagnose.
const std::string kTwoFailures = R"(#lang ivy1.7
type t
relation a(X:t)
relation b(X:t)
after init { a(X) := false; b(X) := false }
action set(x:t) = { a(x) := true; b(x) := true }
export set
invariant [no_a] ~a(X)
invariant [no_b] ~b(X)
)";

size_t count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TEST(Report, OneCounterexampleUnlessDiagnosing) {
    CheckRun plain = run_check(kTwoFailures);
    EXPECT_EQ(count(plain.output, " ... FAIL"), 2u);
    EXPECT_EQ(count(plain.output, "searching for a small model"), 1u);
    EXPECT_EQ(plain.last_line(), "error: failed checks: 2");

    CheckOptions options;
    options.diagnose = true;
    CheckRun diagnosed = run_check(kTwoFailures, options);
    EXPECT_EQ(count(diagnosed.output, "searching for a small model"), 2u);
    EXPECT_TRUE(diagnosed.contains("invariant no_b (t.ivy: line 9) is false after set"));
}

// trace=true ends the report at the first failure, and the checks the report
// would show after it are never solved.
TEST(Report, TraceSolvesNothingAfterTheFirstFailure) {
    CheckOptions traced;
    traced.trace = true;
    CheckRun all = run_check(kTwoFailures), first = run_check(kTwoFailures, traced);
    EXPECT_EQ(all.summary.queries, 4u);   // initiation of no_a, no_b; set keeps no_a, no_b
    EXPECT_EQ(first.summary.queries, 3u); // not: set keeps no_b
    EXPECT_TRUE(first.contains("no_a ... FAIL")) << first.output;
    EXPECT_EQ(count(first.output, "no_b ..."), 1u) << first.output; // its initiation only
}

TEST(Report, FailedGuaranteeShowsThePathToTheAssertion) {
    CheckRun run = run_check(R"(#lang ivy1.7
type t
relation r(X:t)
after init { r(X) := false }
action a(x:t) = {
    r(x) := true;
    assert ~r(x)
}
export a
)");
    EXPECT_TRUE(run.contains("            t.ivy: line 7: guarantee ... FAIL\n")) << run.output;
    const std::string cti = run.from("searching for a small model");
    EXPECT_NE(cti.find("\nfail call a\n"), std::string::npos) << cti;
    EXPECT_NE(cti.find("        fml:x = 0\n"), std::string::npos) << cti;
    EXPECT_NE(cti.find("    assert [asrt2] ~r(fml:x)\n"), std::string::npos) << cti;
    EXPECT_EQ(run.last_line(), "error: failed checks: 1");
}

TEST(Report, TimesFollowEachVerdict) {
    CheckOptions options;
    options.times = true;
    CheckRun run = run_check(fixed_demo(), options);
    const std::regex timed(R"( \.\.\. (PASS|FAIL) \([0-9]+\.[0-9]{2} s\)$)");
    size_t verdicts = 0;
    std::istringstream lines(run.output);
    for (std::string line; std::getline(lines, line);)
        if (line.find(" ... PASS") != std::string::npos || line.find(" ... FAIL") != std::string::npos) {
            ++verdicts;
            EXPECT_TRUE(std::regex_search(line, timed)) << line;
        }
    EXPECT_GT(verdicts, 0u);
    EXPECT_FALSE(run_check(fixed_demo()).contains(" s)")); // only when asked
}

TEST(Report, JobsDoNotChangeTheReport) {
    CheckOptions one, two;
    one.jobs = 1;
    two.jobs = 2;
    EXPECT_EQ(run_check(fixed_demo(), one).output, run_check(fixed_demo(), two).output);
}

TEST(Report, ProgressGoesOnlyToTheProgressStream) {
    frontend::ElaborateOptions elaborate;
    elaborate.library_dirs.push_back(std::string(IVY_STDLIB_DIR) + "/1.7");
    Diagnostics diags;
    std::optional<ir::Program> program = frontend::elaborate_text(fixed_demo(), "t.ivy", elaborate, diags);
    ASSERT_TRUE(program);
    CheckOptions options;
    options.jobs = 1;
    std::ostringstream out, progress;
    check(*program, options, out, &progress, diags);
    const std::string shown = progress.str();
    EXPECT_NE(shown.find("isolate 1/3 client: 0/"), std::string::npos) << shown;
    EXPECT_NE(shown.find("isolate 3/3 this: "), std::string::npos) << shown;
    EXPECT_NE(shown.find(" checks, 0 s"), std::string::npos) << shown;
    EXPECT_EQ(shown.substr(shown.size() - 4), "\r\033[K"); // the line is erased at the end
    EXPECT_EQ(out.str(), run_check(fixed_demo()).output);    // and the report is unchanged
}

} // namespace
} // namespace ivy::verifier::testing

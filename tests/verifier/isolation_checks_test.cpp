// Program-wide soundness checks around isolates: coverage (docs/verification.md 2.9)
// and interference (2.8), and the options that turn them off.
#include "tests/verifier/verifier_test_util.h"

namespace ivy::verifier::testing {
namespace {

// `right.hit` calls `intf.ping`, whose `before` monitor in `spec` has a requirement
// that only an isolate seeing `spec` can check where `right.hit` is verified.
const std::string kCoverage = R"(#lang ivy1.7
type t

object intf = {
    action ping(x:t)
}

object spec = {
    relation pinged(X:t)
    after init { pinged(X) := false }
    before intf.ping {
        require ~pinged(x);
        pinged(x) := true
    }
}

object left = {
    implement intf.ping {
    }
}

object right = {
    relation sent(X:t)
    after init { sent(X) := false }
    action hit(x:t) = {
        if ~sent(x) {
            sent(x) := true;
            call intf.ping(x)
        }
    }
    invariant spec.pinged(X) -> sent(X)
}

isolate iso_l = left with intf, spec
isolate iso_r = right with intf
export right.hit
)";

TEST(Coverage, UncheckedRequirementIsReportedWithActionAndCaller) {
    CheckRun run = run_check(kCoverage);
    EXPECT_EQ(run.output, "t.ivy: line 12: error: assertion is not checked\n"
                          "t.ivy: line 5: error: ...in action intf.ping\n"
                          "t.ivy: line 28: error: ...when called from right.hit\n"
                          "error: Some assertions are not checked\n");
    EXPECT_TRUE(run.summary.aborted);
}

TEST(Coverage, SeeingTheMonitorWhereTheCallerIsVerifiedCoversIt) {
    std::string spec = kCoverage;
    spec.replace(spec.find("isolate iso_r = right with intf"), 31, "isolate iso_r = right with intf, spec");
    CheckRun run = run_check(spec);
    EXPECT_EQ(run.last_line(), "OK") << run.output;
}

TEST(Coverage, IsSkippedForOneIsolateOrOnRequest) {
    CheckOptions one;
    one.isolate = "iso_l";
    EXPECT_EQ(run_check(kCoverage, one).last_line(), "OK");
    CheckOptions off;
    off.coverage = false;
    CheckRun run = run_check(kCoverage, off);
    EXPECT_FALSE(run.contains("not checked")) << run.output;
}

TEST(Coverage, ProgramsWithoutIsolatesAreNotCovered) {
    CheckRun run = run_check(R"(#lang ivy1.7
type t
relation r(X:t)
after init { r(X) := false }
action a(x:t) = { require ~r(x); r(x) := true }
action b(x:t) = { call a(x) }
export b
)");
    EXPECT_FALSE(run.contains("not checked"));
    EXPECT_TRUE(run.contains("guarantee ... FAIL")) << run.output; // b may call a twice for x
}

TEST(Coverage, AnUncheckedPropertyIsNamed) {
    CheckRun run = run_check(R"(#lang ivy1.7
type t
object a = {
    relation r(X:t)
    axiom r(X)
}
object b = {
    property [p] a.r(X)
}
isolate iso = a
trusted isolate other = b
)");
    // `b` is only verified by a trusted isolate, which counts: nothing is missing.
    EXPECT_FALSE(run.contains("not checked")) << run.output;

    // A property in a hidden section of an object no isolate verifies is proved
    // nowhere: `this` does not see other objects' implementation sections.
    CheckRun missing = run_check(R"(#lang ivy1.7
type t
object a = {
    relation r(X:t)
    axiom r(X)
}
object b = {
    implementation {
        property [p] a.r(X)
    }
}
isolate iso = a
)");
    EXPECT_EQ(missing.output, "t.ivy: line 9: error: property b.p not checked\n"
                              "error: Some assertions are not checked\n");
}

// `left.hit` calls `intf.ping`, implemented by `right`, which `iso_l` does not see
// but which assigns `left.ball`, a symbol `iso_l` reasons about.
const std::string kInterference = R"(#lang ivy1.7

object intf = {
    action ping
}

object left = {
    var ball : bool
    after init { ball := true }
    action hit = {
        if ball {
            call intf.ping;
            ball := false
        }
    }
    invariant ball | ~ball
}

object right = {
    implement intf.ping {
        left.ball := true
    }
}

isolate iso_l = left with intf
isolate iso_r = right with intf
export left.hit
)";

TEST(Interference, CallOutToHiddenCodeThatAssignsWhatTheIsolateSees) {
    CheckRun run = run_check(kInterference);
    EXPECT_EQ(run.output, "\nIsolate iso_l:\n"
                          "t.ivy: line 10: error: Call out to right.intf_ping[implement3] may have visible effect "
                          "on left.ball\n"
                          "t.ivy: line 9: referenced here\n"
                          "t.ivy: line 10: referenced here\n"
                          "t.ivy: line 16: referenced here\n");
    EXPECT_TRUE(run.summary.aborted);
}

TEST(Interference, CanBeTurnedOff) {
    CheckOptions options;
    options.interference = false;
    CheckRun run = run_check(kInterference, options);
    EXPECT_EQ(run.last_line(), "OK") << run.output;
}

TEST(Interference, HiddenCodeAssigningItsOwnStateIsFine) {
    std::string spec = kInterference;
    spec.replace(spec.find("        left.ball := true"), 25, "        ball := true");
    spec.replace(spec.find("object right = {\n"), 17, "object right = {\n    var ball : bool\n");
    CheckRun run = run_check(spec);
    EXPECT_EQ(run.last_line(), "OK") << run.output;
}

TEST(Interference, ExternalCallToHiddenCode) {
    CheckRun run = run_check(R"(#lang ivy1.7

object left = {
    var ball : bool
    after init { ball := true }
    action hit = {
        ball := false
    }
    invariant ball | ~ball
}

object right = {
    action cheat = {
        left.ball := true
    }
}

isolate iso_l = left
export left.hit
export right.cheat
)");
    EXPECT_EQ(run.output, "\nIsolate iso_l:\n"
                          "error: External call to right.cheat may have visible effect on left.ball\n"
                          "t.ivy: line 5: referenced here\n"
                          "t.ivy: line 6: referenced here\n"
                          "t.ivy: line 9: referenced here\n");
}

TEST(Fragment, QuantifierCycleIsRejectedWithItsTerms) {
    const std::string spec = R"(#lang ivy1.7
type t
relation r(X:t, Y:t)
axiom [trans] r(X,Y) & r(Y,Z) -> r(X,Z)
after init { r(X,Y) := X = Y }
action grow(x:t, y:t) = { r(x,y) := true }
export grow
invariant [total] forall X. exists Y. r(X,Y)
)";
    CheckRun run = run_check(spec);
    EXPECT_TRUE(run.contains("error: The verification condition is not in the fragment FAU.\n\n"
                             "The following terms may generate an infinite sequence of instantiations:\n  \n"))
        << run.output;
    EXPECT_TRUE(run.contains("t.ivy: line 8: r(X,Y)\n    (position 1 is a function from t to t)\n"
                             "    t.ivy: line 8: skolem function defined by:\n         exists Y. r(X,Y)\n"))
        << run.output;
    EXPECT_TRUE(run.summary.aborted);
    EXPECT_FALSE(run.contains("PASS"));

    CheckOptions fo;
    fo.complete_fo = true;
    CheckRun outside = run_check(spec, fo);
    EXPECT_EQ(outside.last_line(), "OK") << outside.output;

    std::string attributed = spec + "attribute this.complete = fo\n";
    EXPECT_EQ(run_check(attributed).last_line(), "OK");
}

TEST(Fragment, InterpretedSymbolOnAUniversalVariable) {
    CheckRun run = run_check(R"(#lang ivy1.7
type t
interpret t -> int
function f(X:t) : t
action a = {}
export a
invariant [pos] f(X) + X > 0 | f(X) + X <= 0
)");
    EXPECT_TRUE(run.contains("An interpreted symbol is applied to a universally quantified variable:\n"))
        << run.output;
    EXPECT_TRUE(run.contains("The quantified variable is X:t")) << run.output;
}

} // namespace
} // namespace ivy::verifier::testing

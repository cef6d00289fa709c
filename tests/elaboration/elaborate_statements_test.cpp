// Statements: calls hoisted out of expressions into `loc:N` locals, `old`,
// `if some`, `while` with invariants, `var`, `local`, havoc, call forms
// (docs/ivy-language.md 3.8).
#include "tests/elaboration/elaborate_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

const char* const kLoop = R"(type t
interpret t -> int
relation p(X:t)
individual n : t
action inc(x:t) returns (y:t) = { y := x + 1 }
action f(x:t) returns (y:t) = {
    y := inc(inc(x)) + inc(n);
    if some w:t. p(w) & w < x {
        y := w
    } else {
        y := 0
    };
    var i : t := 0;
    while i < x
        invariant i <= x
        invariant [bound] 0 <= i
    {
        i := inc(i)
    };
    if inc(y) > 2 { y := 2 }
}
after f { assert old n = n }
)";

TEST(ElaborateStatements, CallsHoistedLeftToRight) {
    // Inner calls first, then left to right; each result in a fresh `loc:N`.
    std::string actions = section_of(kLoop, "actions");
    EXPECT_NE(actions.find("    call loc:0 := inc(fml:x);\n"
                           "    call loc:1 := inc(loc:0);\n"
                           "    call loc:2 := inc(n);\n"
                           "    fml:y := loc:1 + loc:2;\n"),
              std::string::npos)
        << actions;
    // A call in an `if` condition is hoisted before the `if`.
    EXPECT_NE(actions.find("    call loc:4 := inc(fml:y);\n"
                           "    if 2 < loc:4 {\n"
                           "        fml:y := 2\n"
                           "    }\n"),
              std::string::npos)
        << actions;
}

TEST(ElaborateStatements, HoistedResultsAreLocals) {
    Elaboration e = elaborate_body(kLoop);
    ASSERT_TRUE(e.program) << e.first_error();
    const ir::Program& p = *e.program;
    ir::ActionId f = *p.find_action("f");
    std::vector<std::string> locals;
    for (ir::SymbolId s : p.actions[f].locals) {
        EXPECT_EQ(p.symbols[s].kind, ir::Symbol::Kind::Local);
        EXPECT_EQ(p.symbols[s].action, std::optional<ir::ActionId>(f));
        locals.push_back(p.symbols[s].name);
    }
    EXPECT_EQ(locals, (std::vector<std::string>{"loc:0", "loc:1", "loc:2", "loc:w", "loc:i",
                                                "loc:3", "loc:4"}));
}

TEST(ElaborateStatements, IfSomeWhileAndVar) {
    std::string actions = section_of(kLoop, "actions");
    EXPECT_NE(actions.find("    if some loc:w:t. p(loc:w) & loc:w < fml:x {\n"
                           "        fml:y := loc:w\n"
                           "    } else {\n"
                           "        fml:y := 0\n"
                           "    };\n"
                           "    var loc:i : t;\n"
                           "    loc:i := 0;\n"
                           "    while loc:i < fml:x\n"
                           "        invariant [asrt2] loc:i < fml:x | loc:i = fml:x\n"
                           "        invariant [bound] 0 < loc:i | 0 = loc:i {\n"
                           "        call loc:3 := inc(loc:i);\n"
                           "        loc:i := loc:3\n"
                           "    };\n"),
              std::string::npos)
        << actions;
}

TEST(ElaborateStatements, IfSomeInProgram) {
    Elaboration e = elaborate_body(kLoop);
    ASSERT_TRUE(e.program) << e.first_error();
    const ir::Action& f = e.program->actions[*e.program->find_action("f")];
    const ir::IfStmt* found = nullptr;
    for (const ir::Stmt& s : f.body)
        if (const auto* i = std::get_if<ir::IfStmt>(&s.node); i && !i->witnesses.empty()) found = i;
    ASSERT_TRUE(found);
    ASSERT_EQ(found->witnesses.size(), 1u);
    EXPECT_EQ(e.program->symbols[found->witnesses[0]].name, "loc:w");
    EXPECT_EQ(found->then_body.size(), 1u);
    EXPECT_EQ(found->else_body.size(), 1u);
}

TEST(ElaborateStatements, OldInMonitor) {
    EXPECT_NE(section_of(kLoop, "actions")
                  .find("    # after monitor f[after4]\n"
                        "    assert [asrt3] old n = n\n"),
              std::string::npos);
}

TEST(ElaborateStatements, OldOnlyInActions) {
    EXPECT_EQ(error_of("type t\nindividual c : t\naxiom old c = c\n"),
              "test.ivy: line 4: error: 'old' is allowed only in action bodies and monitors");
}

TEST(ElaborateStatements, OtherForms) {
    const char* spec = R"(type t
relation p(X:t)
individual c : t
action g(x:t) returns (y:t)
action a(x:t) returns (y:t) = {
    if p(x) { y := g(x) } else y := g(c);
    local z:t { z := x; y := z };
    y := *;
    call y := g(x);
    assume p(y);
    y := g(x) if p(x) else g(c)
}
)";
    EXPECT_EQ(lines_with(section_of(spec, "actions"), "    "),
              "    # body\n"
              "    if p(fml:x) {\n"
              "        call loc:0 := g(fml:x);\n"
              "        fml:y := loc:0\n"
              "    } else {\n"
              "        call loc:1 := g(c);\n"
              "        fml:y := loc:1\n"
              "    };\n"
              "    var loc:z : t;\n"
              "    loc:z := fml:x;\n"
              "    fml:y := loc:z;\n"
              "    fml:y := *;\n"
              "    call fml:y := g(fml:x);\n"
              "    assume [asrt1] p(fml:y);\n"
              "    call loc:2 := g(fml:x);\n"
              "    call loc:3 := g(c);\n"
              "    fml:y := loc:2 if p(fml:x) else loc:3\n");
}

TEST(ElaborateStatements, PointAndVariableAssignments) {
    // `r := false` fills the missing arguments with variables; `r(X, v)` updates a row.
    const char* spec = R"(type t
relation r(X:t, Y:t)
action set(v:t) = {
    r := false;
    r(X, v) := true;
    r(v, v) := r(v, v)
}
)";
    EXPECT_EQ(lines_with(section_of(spec, "actions"), " := "),
              "    r(X__0, X__1) := false;\n"
              "    r(X, fml:v) := true;\n"
              "    r(fml:v, fml:v) := r(fml:v, fml:v)\n");
}

TEST(ElaborateStatements, RightSideVariableMustBeOnTheLeft) {
    EXPECT_EQ(
        error_of("type t\nrelation p(X:t)\nindividual c : t\naction a = { p(c) := Y = c }\n"),
        "test.ivy: line 5: error: variable Y of the right side does not occur on the left side");
}

TEST(ElaborateStatements, CallInWhileCondition) {
    EXPECT_EQ(
        error_of("type t\naction g(x:t) returns (y:bool)\naction a(x:t) = { while g(x) { } }\n"),
        "test.ivy: line 4: error: action 'g' cannot be called here (calls are allowed only in "
        "statements of action bodies)");
}

TEST(ElaborateStatements, CallOutsideActions) {
    EXPECT_EQ(
        error_of("type t\naction g(x:t) returns (y:bool)\naxiom g(X)\n"),
        "test.ivy: line 4: error: action 'g' cannot be called here (calls are allowed only in "
        "statements of action bodies)");
}

TEST(ElaborateStatements, CallWithVariableArgument) {
    // An action runs once, on values: a logical variable is no argument, whether the
    // call is a statement or hoisted out of an expression.
    EXPECT_EQ(error_of("type t\naction g(x:t) returns (y:bool)\nrelation r(X:t)\n"
                       "action a = { r(X) := g(X) }\n"),
              "test.ivy: line 5: error: a logical variable (X) cannot be an argument of action 'g'");
    EXPECT_EQ(error_of("type t\naction g(x:t)\naction a = { call g(X) }\n"),
              "test.ivy: line 4: error: a logical variable (X) cannot be an argument of action 'g'");
    // A witness of `if some` is a local, a value.
    EXPECT_EQ(error_of("type t\nrelation p(X:t)\naction g(x:t)\n"
                       "action a = { if some x:t. p(x) { call g(x) } }\n"),
              "");
}

TEST(ElaborateStatements, MultipleResultsInAnExpression) {
    EXPECT_EQ(
        error_of("type t\naction g(x:t) returns (y:t, z:t)\naction a(x:t) = { var q := g(x) }\n"),
        "test.ivy: line 4: error: action 'g' has 2 results; only an action with exactly one can be "
        "used in an expression");
}

TEST(ElaborateStatements, CallWithSeveralResults) {
    const char* spec = R"(type t
action g(x:t) returns (y:t, z:t)
action a(x:t) returns (p:t, q:t) = {
    call p, q := g(x)
}
)";
    EXPECT_EQ(lines_with(section_of(spec, "actions"), "call"),
              "    call fml:p, fml:q := g(fml:x)\n");
}

TEST(ElaborateStatements, ResultCountMismatch) {
    EXPECT_EQ(error_of("type t\naction g(x:t) returns (y:t, z:t)\n"
                       "action a(x:t) = { var q : t; call q := g(x) }\n"),
              "test.ivy: line 4: error: action 'g' has 2 results, but 1 are assigned");
}

TEST(ElaborateStatements, VarScopeEndsWithItsBlock) {
    EXPECT_EQ(error_of("type t\naction a(x:t) = {\n    { var z := x };\n    x := z\n}\n"),
              "test.ivy: line 5: error: unknown name 'z'");
}

// Variables bound by a quantifier on the right side of an assignment are not free
// (they need not occur on the left side).
TEST(ElaborateStatements, QuantifiedRightSide) {
    Elaboration e = elaborate_body("type c = {a, b}\nrelation lit(C:c)\nvar all : bool\n"
                                   "action f = { all := forall C. lit(C) }\n");
    EXPECT_TRUE(e.program) << e.first_error();
    EXPECT_EQ(error_of("type c = {a, b}\nrelation lit(C:c)\nvar all : bool\naction f = { all := lit(C) }\n"),
              "test.ivy: line 5: error: variable C of the right side does not occur on the left side");
}

} // namespace
} // namespace ivy::frontend::testing

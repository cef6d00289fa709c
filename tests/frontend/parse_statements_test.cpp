// Statements of action bodies (language reference 2.3 and 3.8), including Ivy's rule
// for the ';' between statements.
#include "tests/frontend/parse_test_util.h"

#include <gtest/gtest.h>
#include <string>

namespace ivy::frontend::testing {
namespace {

// The tree of the statements `stmts`, as the body of an action:
// "(action a (body STMT...))".
std::string body_sexpr(const std::string& stmts) {
    return decl_sexpr("action a = { " + stmts + " }\n");
}

// The error for the statements `stmts` as the body of an action on line 2.
std::string stmts_error(const std::string& stmts) {
    return body_error("action a = { " + stmts + " }\n");
}

// ---------------------------------------------------------------- assignment

TEST(ParseStatements, AssignName) {
    EXPECT_EQ(body_sexpr("x := e"), "(action a (body (:= x e)))");
}

TEST(ParseStatements, AssignPoint) {
    EXPECT_EQ(body_sexpr("voted(n,t) := true"), "(action a (body (:= (app voted n t) true)))");
}

TEST(ParseStatements, AssignWithVariables) {
    EXPECT_EQ(body_sexpr("r(X,c) := X = n"), "(action a (body (:= (app r X c) (= X n))))");
}

TEST(ParseStatements, AssignDottedLeftSide) {
    EXPECT_EQ(body_sexpr("m.m_kind := k"), "(action a (body (:= (. m_kind m) k)))");
    EXPECT_EQ(body_sexpr("localstate.myhist(self) := h"),
              "(action a (body (:= (. myhist localstate self) h)))");
    EXPECT_EQ(body_sexpr("a.f.g := v"), "(action a (body (:= (. g (. f a)) v)))");
}

TEST(ParseStatements, AssignConditionalValue) {
    EXPECT_EQ(body_sexpr("x := y if c else z"), "(action a (body (:= x (ite y c z))))");
}

TEST(ParseStatements, Havoc) {
    EXPECT_EQ(body_sexpr("x := *"), "(action a (body (havoc x)))");
    EXPECT_EQ(body_sexpr("x.y(1).z := *"), "(action a (body (havoc (. z (. y x 1)))))");
}

TEST(ParseStatements, TupleAssignment) {
    EXPECT_EQ(body_sexpr("(x, y) := f(z)"), "(action a (body (:= x y (app f z))))");
    EXPECT_EQ(body_sexpr("(x, y, z) := f.g(1)"), "(action a (body (:= x y z (. g f 1))))");
}

TEST(ParseStatements, TupleAssignmentTakesACallAtom) {
    EXPECT_EQ(stmts_error("(x, y) := a + b"),
              "test.ivy: line 2: error: syntax error at column 26: unexpected '+', expected '}'");
}

// ---------------------------------------------------------------- local variables

TEST(ParseStatements, VarWithSort) {
    EXPECT_EQ(body_sexpr("var x : t"), "(action a (body (var x (: t))))");
}

TEST(ParseStatements, VarWithValue) {
    EXPECT_EQ(body_sexpr("var y := 1"), "(action a (body (var y (:= 1))))");
}

TEST(ParseStatements, VarWithSortAndValue) {
    EXPECT_EQ(body_sexpr("var z : node.iter.t := node.iter.create(0)"),
              "(action a (body (var z (: node.iter.t) (:= (. create (. iter node) 0)))))");
}

TEST(ParseStatements, LocalShadowingAGlobalName) {
    EXPECT_EQ(body_sexpr("var node_term := node_term.get"),
              "(action a (body (var node_term (:= (. get node_term)))))");
}

TEST(ParseStatements, Local) {
    EXPECT_EQ(body_sexpr("local x:t, y:u { x := y }"),
              "(action a (body (local (params (param x t) (param y u)) (do (:= x y)))))");
}

// ---------------------------------------------------------------- calls

TEST(ParseStatements, Call) {
    EXPECT_EQ(body_sexpr("call net.send(self, n, m)"),
              "(action a (body (call (. send net self n m))))");
}

TEST(ParseStatements, CallWithoutArguments) {
    EXPECT_EQ(body_sexpr("call timeout"), "(action a (body (call timeout)))");
}

TEST(ParseStatements, CallWithResults) {
    EXPECT_EQ(body_sexpr("call r1, r2 := h(2)"),
              "(action a (body (call (results r1 r2) (app h 2))))");
}

TEST(ParseStatements, CallThroughParameterisedObject) {
    EXPECT_EQ(body_sexpr("call c(x).down"), "(action a (body (call (. down (app c x)))))");
}

TEST(ParseStatements, CallWithoutCallKeyword) {
    EXPECT_EQ(body_sexpr("g(3)"), "(action a (body (do (app g 3))))");
}

TEST(ParseStatements, ActionCallInsideExpression) {
    EXPECT_EQ(body_sexpr("var it := node.iter.create(0); x := it.next"),
              "(action a (body (var it (:= (. create (. iter node) 0))) (:= x (. next it))))");
}

TEST(ParseStatements, ActionCallInIfCondition) {
    EXPECT_EQ(body_sexpr("if localstate.is_leader_too_quiet(self) { x := 1 }"),
              "(action a (body (if (. is_leader_too_quiet localstate self) (then (:= x 1)))))");
}

// ---------------------------------------------------------------- assertions

TEST(ParseStatements, RequireEnsureAssertAssume) {
    EXPECT_EQ(body_sexpr("require p; ensure q; assert r; assume s"),
              "(action a (body (require p) (ensure q) (assert r) (assume s)))");
}

TEST(ParseStatements, LabelledAssertions) {
    EXPECT_EQ(body_sexpr("require [r1] x; assert [this] q"),
              "(action a (body (require [r1] x) (assert [this] q)))");
}

TEST(ParseStatements, AssertionWithProof) {
    EXPECT_EQ(body_sexpr("assert z proof apply foo"),
              "(action a (body (assert z (proof (apply foo)))))");
}

// ---------------------------------------------------------------- if

TEST(ParseStatements, If) {
    EXPECT_EQ(body_sexpr("if x { y := 1 }"), "(action a (body (if x (then (:= y 1)))))");
}

TEST(ParseStatements, IfElse) {
    EXPECT_EQ(body_sexpr("if x { y := 1 } else { y := 2 }"),
              "(action a (body (if x (then (:= y 1)) (else (:= y 2)))))");
}

TEST(ParseStatements, ElseIfChain) {
    EXPECT_EQ(body_sexpr("if x { y := 1; } else if z { y := 2; } else { y := 3; }"),
              "(action a (body (if x (then (:= y 1)) "
              "(else (if z (then (:= y 2)) (else (:= y 3)))))))");
}

TEST(ParseStatements, ElseIfIsElseWithIfBlock) {
    EXPECT_EQ(body_sexpr("if x { } else if z { y := 2 }"),
              body_sexpr("if x { } else { if z { y := 2 } }"));
}

TEST(ParseStatements, UnbracedElse) {
    EXPECT_EQ(body_sexpr("if x { } else d.present := false"),
              "(action a (body (if x (then) (else (:= (. present d) false)))))");
}

TEST(ParseStatements, UnbracedElseIsTheSameAsBracedElse) {
    EXPECT_EQ(body_sexpr("if x { } else y := 1; z := 2"),
              body_sexpr("if x { } else { y := 1 }; z := 2"));
}

TEST(ParseStatements, ElseGovernsOneStatement) {
    EXPECT_EQ(body_sexpr("if x { } else y := 1; z := 2"),
              "(action a (body (if x (then) (else (:= y 1))) (:= z 2)))");
}

TEST(ParseStatements, IfNeedsABlock) {
    EXPECT_EQ(stmts_error("if x y := 1"),
              "test.ivy: line 2: error: syntax error at column 19: unexpected 'y', expected '{'");
}

TEST(ParseStatements, ElseNeedsAStatement) {
    EXPECT_EQ(stmts_error("if x {} else"),
              "test.ivy: line 2: error: syntax error at column 27: unexpected '}', expected a "
              "statement");
}

TEST(ParseStatements, IfStar) {
    EXPECT_EQ(body_sexpr("if * { x := 1 } else { x := 2 }"),
              "(action a (body (if * (then (:= x 1)) (else (:= x 2)))))");
}

TEST(ParseStatements, IfSome) {
    EXPECT_EQ(body_sexpr("if some x:node. p(x) { y := x }"),
              "(action a (body (if (some (witnesses (param x node)) (app p x)) "
              "(then (:= y x)))))");
}

TEST(ParseStatements, IfSomeSeveralWitnessesMinimizing) {
    EXPECT_EQ(body_sexpr("if some x:t, y:u. p(x,y) minimizing x { } else { }"),
              "(action a (body (if (some (witnesses (param x t) (param y u)) (app p x y) "
              "(minimizing x)) (then) (else))))");
}

TEST(ParseStatements, IfSomeParenthesisedMaximizing) {
    EXPECT_EQ(body_sexpr("if some (x:t) p(x) maximizing f(x) { }"),
              "(action a (body (if (some ((witnesses) (param x t)) (app p x) "
              "(maximizing (app f x))) (then))))");
}

// ---------------------------------------------------------------- while

TEST(ParseStatements, While) {
    EXPECT_EQ(body_sexpr("while i < n { i := i + 1 }"),
              "(action a (body (while (< i n) (do (:= i (+ i 1))))))");
}

TEST(ParseStatements, WhileInvariantsAndDecreases) {
    EXPECT_EQ(body_sexpr("while x invariant p invariant [l] q decreases n { }"),
              "(action a (body (while x (invariant p) (invariant [l] q) (decreases n) (do))))");
}

// ---------------------------------------------------------------- blocks

TEST(ParseStatements, NestedBlocks) {
    EXPECT_EQ(body_sexpr("{}; {x := 1}"), "(action a (body (block) (block (:= x 1))))");
}

// ---------------------------------------------------------------- separators

TEST(ParseStatements, SemicolonBetweenSimpleStatements) {
    EXPECT_EQ(body_sexpr("x := 1; y := 2"), "(action a (body (:= x 1) (:= y 2)))");
}

TEST(ParseStatements, SemicolonRequiredAfterSimpleStatement) {
    EXPECT_EQ(stmts_error("x := 1 y := 2"),
              "test.ivy: line 2: error: syntax error at column 21: expected ';' before this "
              "statement");
    EXPECT_EQ(stmts_error("call f(1) g(2)"),
              "test.ivy: line 2: error: syntax error at column 24: expected ';' before this "
              "statement");
    EXPECT_EQ(stmts_error("var x := 1 var y := 2"),
              "test.ivy: line 2: error: syntax error at column 25: expected ';' before this "
              "statement");
    EXPECT_EQ(stmts_error("require p ensure q"),
              "test.ivy: line 2: error: syntax error at column 24: expected ';' before this "
              "statement");
}

TEST(ParseStatements, SemicolonRequiredBeforeBlockAfterSimpleStatement) {
    EXPECT_EQ(stmts_error("x := 1 {y := 2}"),
              "test.ivy: line 2: error: syntax error at column 21: expected ';' before this "
              "statement");
    EXPECT_EQ(body_sexpr("x := 1; {y := 2}"), "(action a (body (:= x 1) (block (:= y 2))))");
}

TEST(ParseStatements, SemicolonOptionalAfterComplexStatements) {
    EXPECT_EQ(body_sexpr("if x { } z := 1"), "(action a (body (if x (then)) (:= z 1)))");
    EXPECT_EQ(body_sexpr("while x { } y := 1"), "(action a (body (while x (do)) (:= y 1)))");
    EXPECT_EQ(body_sexpr("local x:t { } y := 1"),
              "(action a (body (local (params (param x t)) (do)) (:= y 1)))");
    EXPECT_EQ(body_sexpr("{ } y := 1"), "(action a (body (block) (:= y 1)))");
}

TEST(ParseStatements, SemicolonAfterComplexStatementChangesNothing) {
    EXPECT_EQ(body_sexpr("if x { }; z := 1"), body_sexpr("if x { } z := 1"));
}

TEST(ParseStatements, IfWithUnbracedElseIsStillComplex) {
    EXPECT_EQ(body_sexpr("if x {} else y := 1 z := 2"),
              "(action a (body (if x (then) (else (:= y 1))) (:= z 2)))");
}

TEST(ParseStatements, OneTrailingSemicolonAllowed) {
    EXPECT_EQ(body_sexpr("x := 1;"), "(action a (body (:= x 1)))");
    EXPECT_EQ(body_sexpr("var x := 1; y := x;"), "(action a (body (var x (:= 1)) (:= y x)))");
    EXPECT_EQ(body_sexpr("if x { y := 1; };"), "(action a (body (if x (then (:= y 1)))))");
}

TEST(ParseStatements, EmptyStatementsRejected) {
    EXPECT_EQ(stmts_error("x := 1;;"),
              "test.ivy: line 2: error: syntax error at column 21: unexpected ';', expected '}'");
    EXPECT_EQ(stmts_error("x := 1 ; ; y := 2"),
              "test.ivy: line 2: error: syntax error at column 23: unexpected ';', expected '}'");
    EXPECT_EQ(stmts_error(";"),
              "test.ivy: line 2: error: syntax error at column 14: unexpected ';'");
}

TEST(ParseStatements, OnlyOneElse) {
    EXPECT_EQ(stmts_error("if x {} else y := 1 else z := 2"),
              "test.ivy: line 2: error: syntax error at column 34: unexpected 'else', expected "
              "'}'");
}

} // namespace
} // namespace ivy::frontend::testing

// `definition` in all its forms (language reference 2.2 and 3.7).
#include "tests/frontend/parse_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

TEST(ParseDefinitions, WithVariables) {
    EXPECT_EQ(decl_sexpr("definition le(X, Y) = X < Y | X = Y\n"),
              "(definition (defn (lhs le X Y) (| (< X Y) (= X Y))))");
}

TEST(ParseDefinitions, Constant) {
    EXPECT_EQ(decl_sexpr("definition none = 0\n"), "(definition (defn (lhs none) 0))");
}

TEST(ParseDefinitions, TypedVariables) {
    EXPECT_EQ(decl_sexpr("definition f(X:node) = g(X) + 1\n"),
              "(definition (defn (lhs f X:node) (+ (app g X) 1)))");
}

TEST(ParseDefinitions, MacroParameters) {
    EXPECT_EQ(decl_sexpr("definition g(x:t, y:t) = x + y\n"),
              "(definition (defn (lhs g x:t y:t) (+ x y)))");
}

TEST(ParseDefinitions, WithResultSort) {
    EXPECT_EQ(decl_sexpr("definition r1(X:t) : bool = true\n"),
              "(definition (defn (lhs r1 X:t) (: bool) true))");
}

TEST(ParseDefinitions, NativeRightSide) {
    EXPECT_EQ(decl_sexpr("definition h(x:t) = <<< `x` + 1 >>>\n"),
              "(definition (defn (lhs h x:t) <<< `x` + 1 >>>))");
}

TEST(ParseDefinitions, InfixLeftSide) {
    EXPECT_EQ(decl_sexpr("definition (X < Y) = ~is_end(X) & (is_end(Y) | val(X) < val(Y))\n"),
              "(definition (defn (infix < X Y) (& (~ (app is_end X)) "
              "(| (app is_end Y) (< (app val X) (app val Y))))))");
}

TEST(ParseDefinitions, InfixLeftSideWithMacroParameters) {
    EXPECT_EQ(decl_sexpr("definition (x:t - y:t) = <<< x - y >>>\n"),
              "(definition (defn (infix - x:t y:t) <<< x - y >>>))");
}

TEST(ParseDefinitions, NumeralLeftSide) {
    EXPECT_EQ(decl_sexpr("definition 0:t = <<< 0 >>>\n"),
              "(definition (defn (lhs 0) (: t) <<< 0 >>>))");
}

TEST(ParseDefinitions, DottedLeftSideForSymbolOfAnotherObject) {
    EXPECT_EQ(decl_sexpr("definition round_leader.leader_fun(r:round) = <<< r % 3 >>>\n"),
              "(definition (defn (lhs round_leader.leader_fun r:round) <<< r % 3 >>>))");
}

TEST(ParseDefinitions, StringRightSide) {
    EXPECT_EQ(decl_sexpr("definition no_op = \"\"\n"), "(definition (defn (lhs no_op) \"\"))");
}

TEST(ParseDefinitions, Labelled) {
    EXPECT_EQ(decl_sexpr("definition [d1] p(X) = q(X)\n"),
              "(definition [d1] (defn (lhs p X) (app q X)))");
}

TEST(ParseDefinitions, Explicit) {
    EXPECT_EQ(decl_sexpr("explicit definition e = 1\n"), "(definition explicit (defn (lhs e) 1))");
}

TEST(ParseDefinitions, BracedSchemaForm) {
    EXPECT_EQ(decl_sexpr("definition { f(X) = X }\n"), "(definition schema (defn (lhs f X) X))");
}

TEST(ParseDefinitions, ChoiceWithInAndElse) {
    EXPECT_EQ(decl_sexpr("definition pick(X) = some Y. r(X,Y) in Y else X\n"),
              "(definition (defn (lhs pick X) (some (vars Y) (app r X Y) (in Y) (else X))))");
}

TEST(ParseDefinitions, ChoiceWithTypedVariable) {
    EXPECT_EQ(decl_sexpr("definition pick = some Y:t. r(Y)\n"),
              "(definition (defn (lhs pick) (some (vars Y:t) (app r Y))))");
}

TEST(ParseDefinitions, WithProof) {
    EXPECT_EQ(
        decl_sexpr("definition sum(N) = 0 if N <= 0 else N + sum(N - 1) proof apply rec[t]\n"),
        "(definition (defn (lhs sum N) (ite 0 (<= N 0) (+ N (app sum (- N 1))))) "
        "(proof (apply rec[t])))");
}

TEST(ParseDefinitions, NeedsARightSide) {
    EXPECT_EQ(body_error("definition f(X)\n"),
              "test.ivy: line 3: error: syntax error at column 1: unexpected end of file, "
              "expected '='");
}

} // namespace
} // namespace ivy::frontend::testing

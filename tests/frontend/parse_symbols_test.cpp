// State and symbol declarations (language reference 2.2 and 3.7): relation, function,
// individual, var, destructor, parameter, derived.
#include "tests/frontend/parse_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

TEST(ParseSymbols, Relation) {
    EXPECT_EQ(decl_sexpr("relation voted(N:node, T:term)\n"),
              "(relation (sym (lhs voted N:node T:term)))");
}

TEST(ParseSymbols, ZeroAryRelation) {
    EXPECT_EQ(decl_sexpr("relation is_leader\n"), "(relation (sym (lhs is_leader)))");
}

TEST(ParseSymbols, SeveralRelations) {
    EXPECT_EQ(decl_sexpr("relation a, b(X:t)\n"), "(relation (sym (lhs a)) (sym (lhs b X:t)))");
}

TEST(ParseSymbols, RelationWithLowercaseParameter) {
    EXPECT_EQ(decl_sexpr("relation up(x:node)\n"), "(relation (sym (lhs up x:node)))");
}

TEST(ParseSymbols, RelationWithDefinition) {
    EXPECT_EQ(decl_sexpr("relation le(X:t, Y:t) = X < Y | X = Y\n"),
              "(relation (sym (lhs le X:t Y:t) (= (| (< X Y) (= X Y)))))");
}

TEST(ParseSymbols, Function) {
    EXPECT_EQ(decl_sexpr("function current_term(N:node) : term\n"),
              "(function (sym (lhs current_term N:node) (: term)))");
}

TEST(ParseSymbols, ZeroAryFunction) {
    EXPECT_EQ(decl_sexpr("function c : node\n"), "(function (sym (lhs c) (: node)))");
}

TEST(ParseSymbols, FunctionWithDefinitionAndInferredSort) {
    EXPECT_EQ(decl_sexpr("function max2(X:t, Y:t) = Y if X <= Y else X\n"),
              "(function (sym (lhs max2 X:t Y:t) (= (ite Y (<= X Y) X))))");
}

TEST(ParseSymbols, FunctionWithSortAndDefinition) {
    EXPECT_EQ(decl_sexpr("function begin(A:t) : domain = 0\n"),
              "(function (sym (lhs begin A:t) (: domain) (= 0)))");
}

TEST(ParseSymbols, InfixFunction) {
    EXPECT_EQ(decl_sexpr("function (X + Y) : t\n"), "(function (sym (infix + X Y) (: t)))");
}

TEST(ParseSymbols, Individual) {
    EXPECT_EQ(decl_sexpr("individual leader : node\n"), "(individual (term leader (: node)))");
}

TEST(ParseSymbols, SeveralIndividuals) {
    EXPECT_EQ(decl_sexpr("individual a : t, b : u\n"),
              "(individual (term a (: t)) (term b (: u)))");
}

TEST(ParseSymbols, TopLevelVar) {
    EXPECT_EQ(decl_sexpr("var isup : bool\n"), "(var (term isup (: bool)))");
}

TEST(ParseSymbols, StateWithVariableParameters) {
    EXPECT_EQ(decl_sexpr("individual myhist(N:node) : hist\n"),
              "(individual (term myhist N:node (: hist)))");
    EXPECT_EQ(decl_sexpr("var sock(A:addr) : socket\n"), "(var (term sock A:addr (: socket)))");
}

TEST(ParseSymbols, StateNeedsVariableParameters) {
    EXPECT_EQ(body_error("individual c(x:t) : t\n"),
              "test.ivy: line 2: error: syntax error at column 14: unexpected 'x', expected ')'");
}

TEST(ParseSymbols, InfixIndividual) {
    EXPECT_EQ(decl_sexpr("individual (X - Y) : t\n"), "(individual (infix - X Y (: t)))");
}

TEST(ParseSymbols, Destructor) {
    EXPECT_EQ(decl_sexpr("destructor repr(H:this) : arrlog.t\n"),
              "(destructor (term repr H:this (: arrlog.t)))");
}

TEST(ParseSymbols, Parameter) {
    EXPECT_EQ(decl_sexpr("parameter size : t\n"), "(parameter (term size (: t)))");
}

TEST(ParseSymbols, ParameterWithDefault) {
    EXPECT_EQ(decls_sexpr("parameter max : t = 5\nparameter flag : bool = true\n"
                          "parameter off : bool = false\n"),
              "(parameter (term max (: t)) (= 5))\n(parameter (term flag (: bool)) (= true))\n"
              "(parameter (term off (: bool)) (= false))\n");
}

TEST(ParseSymbols, Derived) {
    EXPECT_EQ(decl_sexpr("derived d(X) = f(X), e = c\n"),
              "(derived (defn (lhs d X) (app f X)) (defn (lhs e) c))");
}

TEST(ParseSymbols, DerivedWithSort) {
    EXPECT_EQ(decl_sexpr("derived full(X:t) : bool = p(X) & q(X)\n"),
              "(derived (defn (lhs full X:t) (: bool) (& (app p X) (app q X))))");
}

} // namespace
} // namespace ivy::frontend::testing

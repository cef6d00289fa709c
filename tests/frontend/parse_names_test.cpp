// Names (language reference 1.3 and 2.1): dotted names, subscripted names, labels,
// `this`, and call atoms.
#include "tests/frontend/parse_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

TEST(ParseNames, DottedSortInParameter) {
    EXPECT_EQ(decl_sexpr("action a(it:node.iter.t)\n"),
              "(action a (params (param it node.iter.t)))");
}

TEST(ParseNames, DottedSortInVariableBinder) {
    EXPECT_EQ(decl_sexpr("relation r(X:nset.index)\n"), "(relation (sym (lhs r X:nset.index)))");
}

TEST(ParseNames, DottedNameInExpressionIsAMemberChain) {
    EXPECT_EQ(expr_sexpr("node.iter.create(0)"), "(. create (. iter node) 0)");
}

TEST(ParseNames, SubscriptedNameIsOneName) {
    EXPECT_EQ(decl_sexpr("interpret t -> bv[16]\n"), "(interpret t bv[16])");
    EXPECT_EQ(expr_sexpr("bv[16]"), "bv[16]");
}

TEST(ParseNames, SeveralSubscripts) {
    EXPECT_EQ(decl_sexpr("autoinstance array[node][value] : array(node, value)\n"),
              "(autoinstance (inst (ref array[node][value]) (ref array node value)))");
    EXPECT_EQ(expr_sexpr("array[node][value].t"), "(. t array[node][value])");
}

TEST(ParseNames, SubscriptMayBeThisOrDotted) {
    EXPECT_EQ(decl_sexpr("autoinstance foo[this.x][a.b] : m(this)\n"),
              "(autoinstance (inst (ref foo[this.x][a.b]) (ref m this)))");
}

TEST(ParseNames, SubscriptedTypeName) {
    EXPECT_EQ(decl_sexpr("type bv[8]\n"), "(type bv[8])");
}

TEST(ParseNames, SubscriptedProofTarget) {
    EXPECT_EQ(decl_sexpr("property p proof apply rec[t]\n"), "(property p (proof (apply rec[t])))");
}

TEST(ParseNames, LabelBeforeFormula) {
    EXPECT_EQ(decl_sexpr("invariant [agreement] p\n"), "(invariant [agreement] p)");
}

TEST(ParseNames, LabelThis) {
    EXPECT_EQ(decl_sexpr("invariant [this] p\n"), "(invariant [this] p)");
    EXPECT_EQ(decl_sexpr("action a = { assert [this] p }\n"),
              "(action a (body (assert [this] p)))");
}

TEST(ParseNames, ThisAsSort) {
    EXPECT_EQ(decl_sexpr("action strip(h:this) returns (h:this)\n"),
              "(action strip (params (param h this)) (returns (param h this)))");
}

TEST(ParseNames, ThisAsTypeName) {
    EXPECT_EQ(decl_sexpr("type this\n"), "(type this)");
}

TEST(ParseNames, ThisAsCallAtom) {
    EXPECT_EQ(decl_sexpr("isolate iso = this\n"), "(isolate iso (members this))");
    EXPECT_EQ(decl_sexpr("alias t = this\n"), "(alias t this)");
}

TEST(ParseNames, ThisAsModuleArgument) {
    EXPECT_EQ(decl_sexpr("instance iter : sequence_iterator(this)\n"),
              "(instance (inst (ref iter) (ref sequence_iterator this)))");
}

TEST(ParseNames, ThisIsNotAnExpression) {
    EXPECT_EQ(expr_sexpr("this"),
              "error: expr: line 1: error: syntax error at column 1: unexpected 'this', "
              "expected an expression ('this' is not an expression in Ivy 1.7)");
    EXPECT_EQ(expr_sexpr("a.this"),
              "error: expr: line 1: error: syntax error at column 3: unexpected 'this', "
              "expected a name or a string ('this' is not an expression in Ivy 1.7)");
}

TEST(ParseNames, CallAtomArgumentsInsideChain) {
    // `c(x).down` is kept as written: member `down` of `c(x)`.
    EXPECT_EQ(decl_sexpr("export c(x).down\n"), "(export (. down (app c x)))");
}

TEST(ParseNames, CallAtomWithArgumentsOnLastComponent) {
    EXPECT_EQ(decl_sexpr("extract x = sec.impl(n)\n"), "(extract x (members (. impl sec n)))");
}

} // namespace
} // namespace ivy::frontend::testing

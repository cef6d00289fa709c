// Type declarations, `interpret` and `alias` (language reference 2.2 and 3.6).
#include "tests/frontend/parse_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

TEST(ParseTypes, UninterpretedType) {
    EXPECT_EQ(decl_sexpr("type node\n"), "(type node)");
}

TEST(ParseTypes, TypeThis) {
    EXPECT_EQ(decl_sexpr("type this\n"), "(type this)");
}

TEST(ParseTypes, EnumType) {
    EXPECT_EQ(decl_sexpr("type msgkind = {request_vote, append_entries, reply}\n"),
              "(type msgkind (enum request_vote append_entries reply))");
}

TEST(ParseTypes, EnumTypeThis) {
    EXPECT_EQ(decl_sexpr("type this = {one_a, one_b}\n"), "(type this (enum one_a one_b))");
}

TEST(ParseTypes, EnumNeedsAValueAfterEachComma) {
    EXPECT_EQ(body_error("type t = {a,}\n"),
              "test.ivy: line 2: error: syntax error at column 13: unexpected '}', expected a "
              "name or a string");
}

TEST(ParseTypes, StructType) {
    EXPECT_EQ(decl_sexpr("type msg = struct { m_kind : msgkind, m_src : node }\n"),
              "(type msg (struct (term m_kind (: msgkind)) (term m_src (: node))))");
}

TEST(ParseTypes, StructTypeThis) {
    EXPECT_EQ(decl_sexpr("type this = struct { is_end : bool, val : range.t }\n"),
              "(type this (struct (term is_end (: bool)) (term val (: range.t))))");
}

TEST(ParseTypes, EmptyStruct) {
    EXPECT_EQ(decl_sexpr("type s = struct {}\n"), "(type s (struct))");
}

TEST(ParseTypes, RangeType) {
    EXPECT_EQ(decl_sexpr("type t = {0..max}\n"), "(type t (range 0 max))");
}

TEST(ParseTypes, RangeTypeHasTwoBounds) {
    EXPECT_EQ(body_error("type t = {a..b..c}\n"),
              "test.ivy: line 2: error: syntax error at column 15: unexpected '..', expected '}'");
}

TEST(ParseTypes, FiniteAndGhostTypes) {
    EXPECT_EQ(decls_sexpr("finite type a\nghost type b\nfinite ghost type c\n"),
              "(type a finite)\n(type b ghost)\n(type c finite ghost)\n");
}

TEST(ParseTypes, GhostFiniteOrderIsFixed) {
    EXPECT_EQ(body_error("ghost finite type c\n"),
              "test.ivy: line 2: error: syntax error at column 7: unexpected 'finite', expected "
              "'type'");
}

TEST(ParseTypes, InterpretAsInt) {
    EXPECT_EQ(decl_sexpr("interpret term -> int\n"), "(interpret term int)");
}

TEST(ParseTypes, InterpretAsStrlit) {
    EXPECT_EQ(decl_sexpr("interpret value -> strlit\n"), "(interpret value strlit)");
}

TEST(ParseTypes, InterpretAsNat) {
    EXPECT_EQ(decl_sexpr("interpret t -> nat\n"), "(interpret t nat)");
}

TEST(ParseTypes, InterpretAsBitVector) {
    EXPECT_EQ(decl_sexpr("interpret t -> bv[1]\n"), "(interpret t bv[1])");
}

TEST(ParseTypes, InterpretAsNative) {
    EXPECT_EQ(decl_sexpr("interpret t -> <<< int >>>\n"), "(interpret t <<< int >>>)");
}

TEST(ParseTypes, InterpretAsRange) {
    EXPECT_EQ(decl_sexpr("interpret t -> {0..5}\n"), "(interpret t (range 0 5))");
}

TEST(ParseTypes, InterpretAsEnum) {
    EXPECT_EQ(decl_sexpr("interpret t -> {a, b}\n"), "(interpret t (enum a b))");
}

TEST(ParseTypes, InterpretSymbol) {
    EXPECT_EQ(decl_sexpr("interpret f -> bfe[3][0]\n"), "(interpret f bfe[3][0])");
}

TEST(ParseTypes, InterpretOperators) {
    EXPECT_EQ(decls_sexpr("interpret < -> <<< less >>>\ninterpret + -> -\n"),
              "(interpret < <<< less >>>)\n(interpret + -)\n");
}

TEST(ParseTypes, InterpretDottedSort) {
    EXPECT_EQ(decl_sexpr("interpret nset.index -> int\n"), "(interpret nset.index int)");
}

TEST(ParseTypes, AliasThis) {
    EXPECT_EQ(decl_sexpr("alias t = this\n"), "(alias t this)");
}

TEST(ParseTypes, AliasDottedTarget) {
    EXPECT_EQ(decl_sexpr("alias it = node.iter.t\n"), "(alias it (. t (. iter node)))");
}

} // namespace
} // namespace ivy::frontend::testing

// `include`, modules and their instantiation (language reference 2.2 and 3.3).
#include "tests/frontend/parse_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

// ---------------------------------------------------------------- include

TEST(ParseModules, Include) {
    EXPECT_EQ(decls_sexpr("include order\ninclude collections\n"),
              "(include order)\n(include collections)\n");
}

TEST(ParseModules, IncludeTakesOneName) {
    EXPECT_EQ(body_error("include \"order.ivy\"x\n"),
              "test.ivy: line 2: error: syntax error at column 20: unexpected 'x', expected "
              "end of file");
}

// ---------------------------------------------------------------- module

TEST(ParseModules, ModuleWithParameters) {
    EXPECT_EQ(decl_sexpr("module relarray(domain, range) = {\n"
                         "    type this\n"
                         "    relation value(A:this, X:domain, Y:range)\n"
                         "}\n"),
              "(module relarray (params domain range) (body (type this) "
              "(relation (sym (lhs value A:this X:domain Y:range)))))");
}

TEST(ParseModules, ModuleWithoutParameters) {
    EXPECT_EQ(decl_sexpr("module natural_numbers = { type t }\n"),
              "(module natural_numbers (params) (body (type t)))");
}

TEST(ParseModules, EmptyModule) {
    EXPECT_EQ(decl_sexpr("module n = { }\n"), "(module n (params) (body))");
}

TEST(ParseModules, ModuleObjectAndModuleIsolate) {
    EXPECT_EQ(decls_sexpr("module object mo = { }\nmodule isolate mi(x) with y, z = { }\n"),
              "(module-object mo (params) (body))\n"
              "(module-isolate mi (params x) (with y z) (body))\n");
}

TEST(ParseModules, ModuleWithList) {
    EXPECT_EQ(decl_sexpr("module m(a) with b = { individual c : a }\n"),
              "(module m (params a) (with b) (body (individual (term c (: a)))))");
}

TEST(ParseModules, ModuleInsideIsolate) {
    EXPECT_EQ(decl_sexpr("isolate shim = {\n"
                         "    module handler(p_kind) = { action handle(m:msg) }\n"
                         "}\n"),
              "(isolate shim (body (module handler (params p_kind) "
              "(body (action handle (params (param m msg)))))))");
}

TEST(ParseModules, ModuleParametersArePlainNames) {
    EXPECT_EQ(body_error("module m(x:t) = { }\n"),
              "test.ivy: line 2: error: syntax error at column 11: unexpected ':', expected "
              "')'");
}

// ---------------------------------------------------------------- instance

TEST(ParseModules, NamedInstance) {
    EXPECT_EQ(decl_sexpr("instance hist : array(index, ent)\n"),
              "(instance (inst (ref hist) (ref array index ent)))");
}

TEST(ParseModules, InstanceWithoutArguments) {
    EXPECT_EQ(decl_sexpr("instance node : iterable\n"),
              "(instance (inst (ref node) (ref iterable)))");
}

TEST(ParseModules, SeveralInstances) {
    EXPECT_EQ(decl_sexpr("instance a : m(a), b : n\n"),
              "(instance (inst (ref a) (ref m a)) (inst (ref b) (ref n)))");
}

TEST(ParseModules, UnnamedInstantiate) {
    EXPECT_EQ(decl_sexpr("instantiate totally_ordered_with_zero(t)\n"),
              "(instantiate (inst (ref totally_ordered_with_zero t)))");
}

TEST(ParseModules, NamedInstantiate) {
    EXPECT_EQ(decl_sexpr("instantiate impl : array_impl(domain, range)\n"),
              "(instantiate (inst (ref impl) (ref array_impl domain range)))");
}

TEST(ParseModules, ParameterisedInstance) {
    EXPECT_EQ(decl_sexpr("instance sec(SELF:node) : timeout_sec\n"),
              "(instance (inst (ref sec SELF:node) (ref timeout_sec)))");
}

TEST(ParseModules, ParameterisedInstancePassesItsParameter) {
    EXPECT_EQ(decl_sexpr("instance impl(X:addr) : tcp_impl(addr,pkt,X,5990)\n"),
              "(instance (inst (ref impl X:addr) (ref tcp_impl addr pkt X 5990)))");
    EXPECT_EQ(decl_sexpr("instance x(P:t) : m(a,P)\n"),
              "(instance (inst (ref x P:t) (ref m a P)))");
    EXPECT_EQ(decl_sexpr("instance proc(p:node) : m(a, p)\n"),
              "(instance (inst (ref proc p:node) (ref m a p)))");
}

TEST(ParseModules, ArgumentThis) {
    EXPECT_EQ(decl_sexpr("instance iter : sequence_iterator(this)\n"),
              "(instance (inst (ref iter) (ref sequence_iterator this)))");
}

TEST(ParseModules, ArgumentEnumConstantAndNumeral) {
    EXPECT_EQ(decl_sexpr("instance h : handler(msg_kind.one_a, 0)\n"),
              "(instance (inst (ref h) (ref handler msg_kind.one_a 0)))");
}

TEST(ParseModules, ArgumentOperator) {
    EXPECT_EQ(decl_sexpr("instance o : totally_ordered(<)\n"),
              "(instance (inst (ref o) (ref totally_ordered <)))");
    EXPECT_EQ(decl_sexpr("instance o : m(+, -, *, /, =, <=, >, >=, *>)\n"),
              "(instance (inst (ref o) (ref m + - * / = <= > >= *>)))");
}

TEST(ParseModules, ArgumentTrueFalse) {
    EXPECT_EQ(decl_sexpr("instance o : m(true, false)\n"),
              "(instance (inst (ref o) (ref m true false)))");
}

TEST(ParseModules, ArgumentDottedNameAndTypedVariable) {
    EXPECT_EQ(decl_sexpr("instance k : m(a.b.c, X, Y:t)\n"),
              "(instance (inst (ref k) (ref m a.b.c X Y:t)))");
}

TEST(ParseModules, ArgumentsAreNotExpressions) {
    EXPECT_EQ(body_error("instance o : m(a + b)\n"),
              "test.ivy: line 2: error: syntax error at column 18: unexpected '+', expected "
              "')'");
}

TEST(ParseModules, Autoinstance) {
    EXPECT_EQ(decl_sexpr("autoinstance array[d][r] : array(d, r)\n"),
              "(autoinstance (inst (ref array[d][r]) (ref array d r)))");
}

} // namespace
} // namespace ivy::frontend::testing

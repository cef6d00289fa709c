// Native quotes `<<< ... >>>` (language reference 1.5): where they may appear and that
// their text is kept verbatim.
#include "tests/frontend/parse_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

TEST(ParseNatives, TopLevelWithTag) {
    EXPECT_EQ(decl_sexpr("<<< header\n#include <vector>\n>>>\n"),
              "(native <<< header\n#include <vector>\n>>>)");
}

TEST(ParseNatives, OneLineQuote) {
    EXPECT_EQ(decl_sexpr("<<< member int x; >>>\n"), "(native <<< member int x; >>>)");
}

TEST(ParseNatives, EmptyQuote) {
    EXPECT_EQ(decl_sexpr("<<<>>>\n"), "(native <<<>>>)");
}

TEST(ParseNatives, HashInsideIsNotAComment) {
    EXPECT_EQ(decl_sexpr("<<< impl\n  #include <cstdio>  # kept\n>>>\n"),
              "(native <<< impl\n  #include <cstdio>  # kept\n>>>)");
}

TEST(ParseNatives, BackQuotedNamesKeptVerbatim) {
    EXPECT_EQ(decl_sexpr("<<< impl\n  int `x.y` = `this`; %`a.b` h; \"`c`\n>>>\n"),
              "(native <<< impl\n  int `x.y` = `this`; %`a.b` h; \"`c`\n>>>)");
}

TEST(ParseNatives, ShortestMatch) {
    EXPECT_EQ(decls_sexpr("<<< a >>>\ntype t\n<<< b >>>\n"),
              "(native <<< a >>>)\n(type t)\n(native <<< b >>>)\n");
    EXPECT_EQ(body_error("definition f = <<< a >>> >>>\n"),
              "test.ivy: line 2: error: syntax error at column 26: '>>' is an Ivy 1.8 operator "
              "(this tool implements ivy1.7)");
}

TEST(ParseNatives, InsideObject) {
    EXPECT_EQ(decl_sexpr("object tmr = { <<< member int fd; >>> }\n"),
              "(object tmr (body (native <<< member int fd; >>>)))");
}

TEST(ParseNatives, ActionBody) {
    EXPECT_EQ(decl_sexpr("action h = { <<< impure\n  `x`++;\n>>> }\n"),
              "(action h <<< impure\n  `x`++;\n>>>)");
}

TEST(ParseNatives, ImplementBody) {
    EXPECT_EQ(decl_sexpr("implement sec.timeout(self:node) { <<< `x`; >>> }\n"),
              "(implement sec.timeout (params (param self node)) <<< `x`; >>>)");
}

TEST(ParseNatives, AfterAndAfterInitBodies) {
    EXPECT_EQ(decls_sexpr("after a { <<< foo >>> }\nafter init { <<< bar >>> }\n"),
              "(after a <<< foo >>>)\n(after-init <<< bar >>>)\n");
}

TEST(ParseNatives, DefinitionRightSide) {
    EXPECT_EQ(decl_sexpr("definition f(x:t) = <<< `x` + 1 >>>\n"),
              "(definition (defn (lhs f x:t) <<< `x` + 1 >>>))");
}

TEST(ParseNatives, FunctionRightSide) {
    EXPECT_EQ(decl_sexpr("function f(X:t) : t = <<< `X` + 1 >>>\n"),
              "(function (sym (lhs f X:t) (: t) (= <<< `X` + 1 >>>)))");
}

TEST(ParseNatives, BothSidesOfInterpret) {
    EXPECT_EQ(decl_sexpr("interpret <<< int >>> -> <<< long >>>\n"),
              "(interpret <<< int >>> <<< long >>>)");
}

TEST(ParseNatives, MustBeTheWholeActionBody) {
    EXPECT_EQ(body_error("action a = { x := 1; <<< x >>> }\n"),
              "test.ivy: line 2: error: syntax error at column 22: unexpected native quote, "
              "expected '}'");
    EXPECT_EQ(body_error("action a = { <<< x >>> <<< y >>> }\n"),
              "test.ivy: line 2: error: syntax error at column 24: unexpected native quote, "
              "expected '}'");
    EXPECT_EQ(body_error("action a = { <<< x >>>; }\n"),
              "test.ivy: line 2: error: syntax error at column 23: unexpected ';', expected '}'");
}

TEST(ParseNatives, NotAnExpression) {
    EXPECT_EQ(body_error("axiom <<< x >>>\n"),
              "test.ivy: line 2: error: syntax error at column 7: unexpected native quote, "
              "expected an expression or '{'");
    EXPECT_EQ(body_error("action a = { x := <<< 1 >>> }\n"),
              "test.ivy: line 2: error: syntax error at column 19: unexpected native quote");
}

} // namespace
} // namespace ivy::frontend::testing

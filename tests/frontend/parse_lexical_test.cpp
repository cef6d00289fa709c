// Lexical structure (language reference, section 1): the `#lang` header, comments,
// the token classes (names, variables, numerals, strings) and the keyword list.
#include "tests/frontend/parse_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

// A whole file (header included) as one S-expression line, `(file (lang ...) ...)`.
std::string file_sexpr(std::string_view text) {
    Diagnostics diags;
    std::optional<ast::File> file = parse_text(text, intern_file("test.ivy"), diags);
    if (!file) return "error: " + (diags.all().empty() ? std::string("?") : format(diags.all()[0]));
    SexprOptions options;
    options.width = 1 << 20;
    return to_sexpr(*file, options);
}

// ---------------------------------------------------------------- header

TEST(ParseLexical, HeaderWithVersionIsRecorded) {
    EXPECT_EQ(file_sexpr("#lang ivy1.7\ntype node\n"), "(file (lang ivy1.7) (type node))\n");
}

TEST(ParseLexical, BareHeaderKeepsTheIncludersVersion) {
    EXPECT_EQ(file_sexpr("#lang ivy\ntype node\n"), "(file (lang ivy) (type node))\n");
}

TEST(ParseLexical, HeaderOnlyFileIsEmpty) {
    EXPECT_EQ(file_sexpr("#lang ivy1.7\n"), "(file (lang ivy1.7))\n");
    EXPECT_EQ(file_sexpr("#lang ivy1.7"), "(file (lang ivy1.7))\n");
}

TEST(ParseLexical, HeaderToleratesCarriageReturnAndTrailingBlanks) {
    EXPECT_EQ(file_sexpr("#lang ivy1.7\r\ntype t\r\n"), "(file (lang ivy1.7) (type t))\n");
    EXPECT_EQ(file_sexpr("#lang ivy1.7 \ntype t\n"), "(file (lang ivy1.7) (type t))\n");
}

TEST(ParseLexical, LineNumbersCountTheHeader) {
    // The header line is read on its own; declarations start on line 2, and line
    // numbers in messages count the header line.
    EXPECT_EQ(file_sexpr("#lang ivy1.7\ntype t\ntype u\n"),
              "(file (lang ivy1.7) (type t) (type u))\n");
    EXPECT_EQ(file_error("#lang ivy1.7\ntype t\ntype\n"),
              "test.ivy: line 4: error: syntax error at column 1: unexpected end of file, "
              "expected 'this', a name or a string");
}

// ---------------------------------------------------------------- comments

TEST(ParseLexical, CommentsRunToEndOfLine) {
    EXPECT_EQ(decls_sexpr("# a comment\ntype t # trailing comment\n# type u\ntype v\n"),
              "(type t)\n(type v)\n");
}

TEST(ParseLexical, HashInsideStringIsNotAComment) {
    EXPECT_EQ(decl_sexpr("definition s = \"a # b\"\n"), "(definition (defn (lhs s) \"a # b\"))");
}

TEST(ParseLexical, CommentHidesNativeQuoteOpener) {
    EXPECT_EQ(decls_sexpr("# <<< not a quote\ntype t\n"), "(type t)\n");
}

// ---------------------------------------------------------------- tokens

TEST(ParseLexical, LowercaseIsANameCapitalIsAVariable) {
    EXPECT_EQ(expr_sexpr("r(x, X)"), "(app r x X)");
    EXPECT_EQ(expr_sexpr("_x"), "_x");
    EXPECT_EQ(expr_sexpr("X_1a"), "X_1a");
}

TEST(ParseLexical, VariableCannotNameADeclaration) {
    EXPECT_EQ(body_error("type T\n"),
              "test.ivy: line 2: error: syntax error at column 6: unexpected 'T', expected "
              "'this', a name or a string");
}

TEST(ParseLexical, NumeralsAreNames) {
    EXPECT_EQ(expr_sexpr("5990"), "5990");
    EXPECT_EQ(expr_sexpr("0xff"), "0xff");
    EXPECT_EQ(expr_sexpr("f(0, 1)"), "(app f 0 1)");
}

TEST(ParseLexical, StringsAreNames) {
    EXPECT_EQ(expr_sexpr("\"hello\""), "\"hello\"");
    EXPECT_EQ(decl_sexpr("definition no_op = \"\"\n"), "(definition (defn (lhs no_op) \"\"))");
}

TEST(ParseLexical, NonKeywordsOfTheCorpusAreLegalNames) {
    EXPECT_EQ(decl_sexpr("relation set(X:t), end(X:t), value(X:t), continue\n"),
              "(relation (sym (lhs set X:t)) (sym (lhs end X:t)) (sym (lhs value X:t)) "
              "(sym (lhs continue)))");
    EXPECT_EQ(decl_sexpr("individual state : t, null : t, match : t, for : t\n"),
              "(individual (term state (: t)) (term null (: t)) (term match (: t)) "
              "(term for (: t)))");
    EXPECT_EQ(decl_sexpr("individual global : t, common : t, field : t, process : t\n"),
              "(individual (term global (: t)) (term common (: t)) (term field (: t)) "
              "(term process (: t)))");
    EXPECT_EQ(decl_sexpr("individual template : t, debug : t, wire : t\n"),
              "(individual (term template (: t)) (term debug (: t)) (term wire (: t)))");
}

TEST(ParseLexical, WordLikeKeywordsAreNotNames) {
    EXPECT_EQ(body_error("relation init\n"),
              "test.ivy: line 2: error: syntax error at column 10: unexpected 'init', expected "
              "'(', a name or a string");
    EXPECT_EQ(body_error("relation local\n"),
              "test.ivy: line 2: error: syntax error at column 10: unexpected 'local', expected "
              "'(', a name or a string");
    EXPECT_EQ(body_error("relation in\n"),
              "test.ivy: line 2: error: syntax error at column 10: unexpected 'in', expected "
              "'(', a name or a string");
    EXPECT_EQ(body_error("relation named\n"),
              "test.ivy: line 2: error: syntax error at column 10: unexpected 'named', expected "
              "'(', a name or a string");
    EXPECT_EQ(body_error("relation method\n"),
              "test.ivy: line 2: error: syntax error at column 10: unexpected 'method', expected "
              "'(', a name or a string");
}

TEST(ParseLexical, NoRealLiterals) {
    // `1.5` is the numeral 1 followed by a member access `.5`.
    EXPECT_EQ(expr_sexpr("1.5"), "(. 5 1)");
}

} // namespace
} // namespace ivy::frontend::testing

// Syntax errors: the first error of a file is reported with its line, column and a
// precise message, and bad input (wrong header, invalid UTF-8, unclosed quotes, absurd
// nesting) gives a diagnostic rather than a crash.
#include "tests/frontend/parse_test_util.h"

#include <gtest/gtest.h>
#include <string>

namespace ivy::frontend::testing {
namespace {

// ---------------------------------------------------------------- header

TEST(ParseErrors, MissingHeader) {
    EXPECT_EQ(file_error("type t\n"),
              "test.ivy: line 1: error: the file must begin with '#lang ivy1.7'");
}

TEST(ParseErrors, HeaderNotOnFirstLine) {
    EXPECT_EQ(file_error("\n#lang ivy1.7\ntype t\n"),
              "test.ivy: line 1: error: the file must begin with '#lang ivy1.7'");
}

TEST(ParseErrors, EmptyFile) {
    EXPECT_EQ(file_error(""), "test.ivy: line 1: error: the file must begin with '#lang ivy1.7'");
}

TEST(ParseErrors, UnsupportedVersion) {
    EXPECT_EQ(file_error("#lang ivy1.6\ntype t\n"),
              "test.ivy: line 1: error: unsupported language version 'ivy1.6' (this tool "
              "implements ivy1.7)");
    EXPECT_EQ(file_error("#lang ivy1.8\n"),
              "test.ivy: line 1: error: unsupported language version 'ivy1.8' (this tool "
              "implements ivy1.7)");
}

TEST(ParseErrors, BareHeaderAccepted) {
    EXPECT_EQ(file_error("#lang ivy\ntype t\n"), "");
}

// ---------------------------------------------------------------- lexical

TEST(ParseErrors, UnexpectedCharacter) {
    EXPECT_EQ(body_error("type t\ntype u @\n"),
              "test.ivy: line 3: error: syntax error at column 8: unexpected character '@'");
}

TEST(ParseErrors, UnclosedString) {
    EXPECT_EQ(body_error("type t\ndefinition s = \"abc\n"),
              "test.ivy: line 3: error: syntax error at column 16: unclosed string");
}

TEST(ParseErrors, StringCannotSpanLines) {
    EXPECT_EQ(body_error("definition s = \"a\nb\"\n"),
              "test.ivy: line 2: error: syntax error at column 16: unclosed string");
}

TEST(ParseErrors, UnclosedNativeQuote) {
    EXPECT_EQ(body_error("type t\n<<< header\n  int x;\n"),
              "test.ivy: line 3: error: syntax error at column 1: native quote '<<<' is not "
              "closed by '>>>'");
    EXPECT_EQ(body_error("type t\n<<< a\n>> b\n"),
              "test.ivy: line 3: error: syntax error at column 1: native quote '<<<' is not "
              "closed by '>>>'");
}

TEST(ParseErrors, InvalidUtf8) {
    EXPECT_EQ(file_error("#lang ivy1.7\n\xff\n"),
              "test.ivy: line 2: error: syntax error at column 1: invalid UTF-8 byte 0xff");
    // A truncated sequence after valid multi-byte text: columns count characters.
    EXPECT_EQ(file_error("#lang ivy1.7\ntype t\naxiom p # caf\xc3\xa9\naxiom q \xc3\x28\n"),
              "test.ivy: line 4: error: syntax error at column 9: invalid UTF-8 byte 0xc3");
    // Overlong encoding of '/'.
    EXPECT_EQ(file_error("#lang ivy1.7\n\xc0\xaf\n"),
              "test.ivy: line 2: error: syntax error at column 1: invalid UTF-8 byte 0xc0");
}

TEST(ParseErrors, ValidUtf8InStringAndCommentAccepted) {
    EXPECT_EQ(file_error("#lang ivy1.7\n# caf\xc3\xa9\naxiom \"\xe2\x82\xac\"\n"), "");
}

// ---------------------------------------------------------------- statements

TEST(ParseErrors, MissingSemicolonBetweenSimpleStatements) {
    EXPECT_EQ(body_error("action a = {\n    x := 1\n    y := 2\n}\n"),
              "test.ivy: line 4: error: syntax error at column 5: expected ';' before this "
              "statement");
}

TEST(ParseErrors, MissingSemicolonWithCarriageReturns) {
    EXPECT_EQ(file_error("#lang ivy1.7\r\naction a = {\r\n  x := 1\r\n  y := 2\r\n}\r\n"),
              "test.ivy: line 4: error: syntax error at column 3: expected ';' before this "
              "statement");
}

TEST(ParseErrors, EndOfFileInsideBlock) {
    EXPECT_EQ(body_error("action a = {\n    x := 1;\n"),
              "test.ivy: line 4: error: syntax error at column 1: unexpected end of file, "
              "expected '}'");
}

TEST(ParseErrors, EndOfFileInsideObject) {
    EXPECT_EQ(body_error("object o = {\n    type t\n\n"),
              "test.ivy: line 5: error: syntax error at column 1: unexpected end of file, "
              "expected '}'");
}

TEST(ParseErrors, EndOfFileInsideExpression) {
    EXPECT_EQ(body_error("action a = {\n    x := 1 &\n"),
              "test.ivy: line 4: error: syntax error at column 1: unexpected end of file, "
              "expected an expression");
}

TEST(ParseErrors, ThisIsNotAnExpression) {
    EXPECT_EQ(body_error("action a = {\n    this.x := 1\n}\n"),
              "test.ivy: line 3: error: syntax error at column 5: unexpected 'this' ('this' is "
              "not an expression in Ivy 1.7)");
}

TEST(ParseErrors, ThisIsNotAnExpressionInFormulas) {
    EXPECT_EQ(body_error("axiom this\n"),
              "test.ivy: line 2: error: syntax error at column 7: unexpected 'this', expected an "
              "expression or '{' ('this' is not an expression in Ivy 1.7)");
}

// ---------------------------------------------------------------- Ivy 1.8 tokens

TEST(ParseErrors, ShiftLeftIsNotIvy17) {
    EXPECT_EQ(body_error("axiom a << b\n"),
              "test.ivy: line 2: error: syntax error at column 9: '<<' is an Ivy 1.8 operator "
              "(this tool implements ivy1.7)");
}

TEST(ParseErrors, ShiftRightIsNotIvy17) {
    EXPECT_EQ(body_error("axiom a >> b\n"),
              "test.ivy: line 2: error: syntax error at column 9: '>>' is an Ivy 1.8 operator "
              "(this tool implements ivy1.7)");
}

TEST(ParseErrors, DoubleColonIsNotIvy17) {
    EXPECT_EQ(body_error("axiom a::b\n"),
              "test.ivy: line 2: error: syntax error at column 8: '::' is an Ivy 1.8 operator "
              "(this tool implements ivy1.7)");
}

// ---------------------------------------------------------------- declarations

TEST(ParseErrors, UnbalancedClosingBrace) {
    EXPECT_EQ(body_error("action a = { x := 1 }}\n"),
              "test.ivy: line 2: error: syntax error at column 22: unexpected '}', expected end "
              "of file");
}

TEST(ParseErrors, UnclosedLabel) {
    EXPECT_EQ(body_error("invariant [l p\n"),
              "test.ivy: line 2: error: syntax error at column 14: unexpected 'p', expected ']'");
}

TEST(ParseErrors, FirstErrorOnly) {
    EXPECT_EQ(body_error("type t @\ntype u $\n"),
              "test.ivy: line 2: error: syntax error at column 8: unexpected character '@'");
}

// ---------------------------------------------------------------- nesting

TEST(ParseErrors, DeepParenthesesInFileAreAnErrorNotACrash) {
    constexpr int kDepth = 20000;
    std::string body = "axiom " + std::string(kDepth, '(') + "p" + std::string(kDepth, ')') + "\n";
    EXPECT_EQ(body_error(body), "test.ivy: line 2: error: syntax error at column 5005: "
                                "expression nested too deeply (more than 10000 levels, counting "
                                "each parenthesis and each operator of a chain)");
}

TEST(ParseErrors, DeepParenthesesInExpressionAreAnErrorNotACrash) {
    constexpr int kDepth = 20000;
    std::string text = std::string(kDepth, '(') + "p" + std::string(kDepth, ')');
    EXPECT_EQ(expr_sexpr(text), "error: expr: line 1: error: syntax error at column 5000: "
                                "expression nested too deeply (more than 10000 levels, counting "
                                "each parenthesis and each operator of a chain)");
}

TEST(ParseErrors, DeepUnclosedParentheses) {
    constexpr int kDepth = 20000;
    std::string body = "axiom " + std::string(kDepth, '(') + "p";
    EXPECT_EQ(body_error(body), "test.ivy: line 2: error: syntax error at column 20008: "
                                "unexpected end of file, expected ')'");
}

TEST(ParseErrors, DeepNegationIsAnErrorNotACrash) {
    std::string body = "axiom " + std::string(20000, '~') + "p\n";
    EXPECT_EQ(body_error(body), "test.ivy: line 2: error: syntax error at column 10004: "
                                "expression nested too deeply (more than 10000 levels, counting "
                                "each parenthesis and each operator of a chain)");
}

TEST(ParseErrors, DeepBlocksAreAnErrorNotACrash) {
    std::string body = "action a = {" + std::string(20000, '{') + std::string(20000, '}') + "}\n";
    EXPECT_EQ(body_error(body), "test.ivy: line 2: error: syntax error at column 3344: "
                                "expression nested too deeply (more than 10000 levels, counting "
                                "each parenthesis and each operator of a chain)");
}

TEST(ParseErrors, ModerateNestingAccepted) {
    constexpr int kDepth = 1000;
    std::string body = "axiom " + std::string(kDepth, '(') + "p" + std::string(kDepth, ')') + "\n";
    EXPECT_EQ(decl_sexpr(body), "(axiom p)");
}

} // namespace
} // namespace ivy::frontend::testing

namespace ivy::frontend::testing {
namespace {

// ---------------------------------------------------------------- reserved words, choices

TEST(ParseErrors, ReservedWordsAreNotNames) {
    EXPECT_EQ(body_error("type t\nindividual fresh : t\n"),
              "test.ivy: line 3: error: syntax error at column 12: unexpected 'fresh' (a reserved "
              "word), expected '(', a name or a string");
    for (const char* word : {"class", "concept", "constructor", "ensures", "entry", "from", "macro",
                             "mixord", "modifies", "of", "params", "progress", "rely", "requires",
                             "scenario", "schema", "thunk", "update", "using", "variant"}) {
        std::string body = std::string("relation ") + word + "\n";
        EXPECT_NE(body_error(body).find("(a reserved word)"), std::string::npos) << word;
    }
    // Words merely beginning like a reserved one stay names.
    EXPECT_EQ(body_error("relation fresher\nrelation offset\n"), "");
}

TEST(ParseErrors, NondeterministicChoiceNeedsElse) {
    EXPECT_EQ(body_error("action a = { if * { } }\n"),
              "test.ivy: line 2: error: syntax error at column 23: unexpected '}', expected 'else'");
}

TEST(ParseErrors, ControlCharacterShownByItsCode) {
    EXPECT_EQ(body_error("type t \x01\n"),
              "test.ivy: line 2: error: syntax error at column 8: unexpected character 0x01");
}

TEST(ParseErrors, LongFlatChainAccepted) {
    std::string body = "axiom p";
    for (int i = 0; i < 5000; ++i) body += " & p";
    EXPECT_EQ(body_error(body + "\n"), "");
}

} // namespace
} // namespace ivy::frontend::testing

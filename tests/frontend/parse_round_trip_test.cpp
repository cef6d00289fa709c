// Printing a parsed expression as Ivy text and parsing it again gives the same tree,
// for every expression of every spec in the repository.
#include "frontend/ast_walk.h"
#include "support/file_io.h"
#include "tests/frontend/parse_test_util.h"
#include "tests/frontend/spec_files.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

class TermCollector : public AstWalker {
public:
    std::vector<const ast::Expr*> terms;
    void on_expr(const ast::Expr& e, Role role) override {
        if (role == Role::Term) terms.push_back(&e);
    }
};

std::string tree(const ast::Expr& e) {
    SexprOptions options;
    options.width = 1 << 20;
    return to_sexpr(e, options);
}

class RoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(RoundTrip, EveryExpressionPrintsAndParsesBack) {
    const std::string& path = GetParam();
    std::string error;
    std::optional<std::string> text = read_text_file(path, error);
    ASSERT_TRUE(text) << error;
    Diagnostics diags;
    std::optional<ast::File> file = parse_text(*text, intern_file(path), diags);
    ASSERT_TRUE(file) << format(diags.all().at(0));

    TermCollector collector;
    walk(file->decls, collector);
    for (const ast::Expr* e : collector.terms) {
        std::string printed = to_ivy(*e);
        Diagnostics again;
        std::optional<ast::Expr> reparsed = parse_expression(printed, intern_file("printed"), again);
        ASSERT_TRUE(reparsed) << path << ": line " << e->loc.line << ": printed as `" << printed
                              << "`, which does not parse: " << format(again.all().at(0));
        EXPECT_EQ(tree(*reparsed), tree(*e))
            << path << ": line " << e->loc.line << ": printed as `" << printed << "`";
    }
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
    std::string name = std::filesystem::path(info.param).stem().string();
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return name + "_" + std::to_string(info.index);
}

INSTANTIATE_TEST_SUITE_P(Specs, RoundTrip, ::testing::ValuesIn(all_spec_files()), test_name);

// The printer must also handle what specs rarely write: every operator next to every
// other, prefix operators and binders in operand positions, subscripted names.
TEST(RoundTripPrecedence, HandWrittenExpressions) {
    const char* const cases[] = {
        "~a = b",
        "(~a) = b",
        "~(a & b) | c",
        "a -> b -> c",
        "a -> (b -> c)",
        "a <-> b -> c",
        "a & (forall X. p(X)) & b",
        "(exists X. p(X)) -> q",
        "forall X:t, Y. p(X) & q(Y) | r",
        "forall (X:a.t, Y:b) p(X,Y)",
        "x = (a if c else b)",
        "(x = a) if c else b",
        "a if c else b if d else e",
        "(a if c else b) + 1",
        "a + b : t",
        "(a : t) + b",
        "f(X:t) = g(X)",
        "a ~= b = c",
        "a ~= (b = c)",
        "a - (b - c) * d / e",
        "(a + b).f(x).g",
        "old net.sent(M,N) & ~old p",
        "(old a).b",
        "~~~a",
        "globally p -> q",
        "(globally p) -> q",
        "x isa t & y",
        "bv[16].f(array[node][value])",
        "\"a string\" = s",
        "1.5",
        "true & ~false",
    };
    for (const char* text : cases) {
        Diagnostics diags;
        std::optional<ast::Expr> e = parse_expression(text, intern_file("case"), diags);
        ASSERT_TRUE(e) << text << ": " << format(diags.all().at(0));
        std::string printed = to_ivy(*e);
        std::optional<ast::Expr> again = parse_expression(printed, intern_file("printed"), diags);
        ASSERT_TRUE(again) << text << " printed as " << printed;
        EXPECT_EQ(tree(*again), tree(*e)) << text << " printed as " << printed;
    }
}

std::string reprinted(const char* text) {
    Diagnostics diags;
    std::optional<ast::Expr> e = parse_expression(text, intern_file("case"), diags);
    return e ? to_ivy(*e) : "error: " + format(diags.all().at(0));
}

TEST(RoundTripPrecedence, PrintsNoRedundantParentheses) {
    EXPECT_EQ(reprinted("((a & b)) | (c)"), "a & b | c");
    EXPECT_EQ(reprinted("(x = (a if (c) else b))"), "x = a if c else b");
    EXPECT_EQ(reprinted("~(a = b)"), "~a = b");
    EXPECT_EQ(reprinted("(a -> b) -> c"), "a -> b -> c");
    EXPECT_EQ(reprinted("forall (X:a.t) p(X)"), "forall (X:a.t) p(X)");
    EXPECT_EQ(reprinted("forall X:t. p(X)"), "forall X:t. p(X)");
}

} // namespace
} // namespace ivy::frontend::testing

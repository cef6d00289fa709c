// Definitions: plain, macro, infix, numeral, declare-and-define, defined in another
// object (docs/ivy-language.md 3.7).
#include "tests/elaboration/elaborate_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

const ir::Definition* definition_of(const ir::Program& p, const std::string& symbol) {
    for (const ir::Definition& d : p.definitions)
        if (p.symbols[d.symbol].name == symbol) return &d;
    return nullptr;
}

TEST(ElaborateDefinitions, Plain) {
    const char* spec = R"(type t
relation p(X:t)
function f(X:t) : t
definition f(X) = X
relation both(X:t, Y:t)
definition both(X, Y) = p(X) & p(Y)
)";
    EXPECT_EQ(section_of(spec, "definitions"), "definition [def1] f(X) = X\n"
                                               "definition [def2] both(X, Y) = p(X) & p(Y)\n");
    Elaboration e = elaborate_body(spec);
    ASSERT_TRUE(e.program) << e.first_error();
    const ir::Definition* f = definition_of(*e.program, "f");
    ASSERT_TRUE(f);
    EXPECT_FALSE(f->macro);
    EXPECT_FALSE(f->native);
}

TEST(ElaborateDefinitions, Macro) {
    // Lower-case parameters make a macro, unfolded only on ground terms.
    const char* spec = R"(type t
relation p(X:t)
function f(X:t) : t
definition g(x:t) = p(x) & p(f(x))
)";
    EXPECT_EQ(section_of(spec, "definitions"), "definition [def1] g(x) = p(x) & p(f(x))\n");
    Elaboration e = elaborate_body(spec);
    ASSERT_TRUE(e.program) << e.first_error();
    const ir::Definition* g = definition_of(*e.program, "g");
    ASSERT_TRUE(g);
    EXPECT_TRUE(g->macro);
    // The defined symbol is declared by its definition, with the sort of its body.
    const ir::Symbol& sym = e.program->symbols[g->symbol];
    EXPECT_EQ(sym.domain, std::vector<ir::SortId>{*e.program->find_sort("t")});
    EXPECT_EQ(sym.range, ir::kBoolSort);
}

TEST(ElaborateDefinitions, InfixOperator) {
    const char* spec = R"(type t
relation p(X:t)
definition (X:t < Y:t) = p(X) & ~p(Y)
axiom X:t < Y -> p(X)
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "definitions"), "definition [def1] <(X, Y) = p(X) & ~p(Y)\n");
    EXPECT_EQ(section(shown, "axioms"), "axiom [axiom2] X < Y -> p(X)\n");
    Elaboration e = elaborate_body(spec);
    ASSERT_TRUE(e.program) << e.first_error();
    ASSERT_EQ(e.program->definitions.size(), 1u);
    const ir::Symbol& lt = e.program->symbols[e.program->definitions[0].symbol];
    EXPECT_EQ(lt.kind, ir::Symbol::Kind::Builtin);
    EXPECT_EQ(lt.domain,
              (std::vector<ir::SortId>{*e.program->find_sort("t"), *e.program->find_sort("t")}));
}

TEST(ElaborateDefinitions, LessThanDefinedOnTwoSorts) {
    const char* spec = R"(type a
type b
relation pa(X:a)
relation pb(X:b)
definition (X:a < Y:a) = pa(X)
definition (X:b < Y:b) = pb(X)
)";
    EXPECT_EQ(section_of(spec, "definitions"), "definition [def1] <(X, Y) = pa(X)\n"
                                               "definition [def2] <(X, Y) = pb(X)\n");
}

TEST(ElaborateDefinitions, NumeralWithNativeMeaning) {
    const char* spec = R"(type t
definition 0:t = <<< 0 >>>
individual c : t
axiom c = 0
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "definitions"), "definition [def1] 0 = <<< 0 >>>\n");
    Elaboration e = elaborate_body(spec);
    ASSERT_TRUE(e.program) << e.first_error();
    ASSERT_EQ(e.program->definitions.size(), 1u);
    const ir::Definition& zero = e.program->definitions[0];
    EXPECT_EQ(e.program->symbols[zero.symbol].kind, ir::Symbol::Kind::Numeral);
    EXPECT_EQ(e.program->sort_name(e.program->symbols[zero.symbol].range), "t");
    EXPECT_EQ(zero.native, std::optional<std::string>(" 0 "));
}

TEST(ElaborateDefinitions, DeclaredAndDefined) {
    // `relation r(X:t) = e` and `function h(X:t, Y:t) = e` (result sort from `e`).
    const char* spec = R"(type t
relation p(X:t)
relation r(X:t) = p(X) | ~p(X)
function h(X:t, Y:t) = Y if p(X) else X
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "symbols"), "relation p(t)\n"
                                         "relation r(t)\n"
                                         "function h(t, t) : t\n");
    EXPECT_EQ(section(shown, "definitions"), "definition [def1] r(X) = p(X) | ~p(X)\n"
                                             "definition [def2] h(X, Y) = Y if p(X) else X\n");
}

TEST(ElaborateDefinitions, DefinitionWithNewBuiltinsAndNumerals) {
    // `unbounded_sequence` defines `max2` with `<=` and `succ` with `+ 1`; lowering them
    // adds operator and numeral symbols while the defined symbol is in use (this once
    // read a dangling reference).
    Elaboration e = elaborate_body("include order\ninstance round : unbounded_sequence\n");
    ASSERT_TRUE(e.program) << e.first_error();
    ASSERT_TRUE(definition_of(*e.program, "round.max2"));
    ASSERT_TRUE(definition_of(*e.program, "round.succ"));
    EXPECT_EQ(ir::to_string(*e.program, definition_of(*e.program, "round.succ")->body),
              "Y = X + 1");
}

TEST(ElaborateDefinitions, SymbolDeclaredInAnotherObject) {
    // The definition belongs to the object that contains it, not to the symbol's.
    const char* spec = R"(type t
relation p(X:t)
object o = {
    relation q(X:t)
}
object defs = {
    definition o.q(X) = p(X)
}
)";
    EXPECT_EQ(section_of(spec, "definitions"), "definition [defs.def1] o.q(X) = p(X)\n");
    Elaboration e = elaborate_body(spec);
    ASSERT_TRUE(e.program) << e.first_error();
    const ir::Definition* q = definition_of(*e.program, "o.q");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->origin.object, "defs");
    EXPECT_EQ(e.program->symbols[q->symbol].origin.object, "o");
}

TEST(ElaborateDefinitions, InsideAParameterisedObject) {
    const char* spec = R"(type node
relation up(N:node)
object server(self:node) = {
    relation alive
    definition alive = up(self)
}
)";
    EXPECT_EQ(section_of(spec, "definitions"),
              "definition [server.def1] server.alive(V0) = up(V0)\n");
}

TEST(ElaborateDefinitions, DeclaringDefinitionInsideAParameterisedObject) {
    // A symbol its definition declares takes the object parameters implicitly, like
    // one declared beforehand. `function g(X) = e` declares `server.g`; a bare
    // `definition d(X) = e` declares nothing in Ivy (only its label), so `d` keeps
    // its written name.
    const char* spec = R"(type node
relation up(N:node)
object server(self:node) = {
    function g(X:node) : bool = up(X) & X = self
    definition d(X:node) = up(X) & X = self
}
)";
    EXPECT_EQ(section_of(spec, "definitions"), "definition [server.def1] server.g(V0, X) = up(X) & X = V0\n"
                                               "definition [server.def2] d(V0, X) = up(X) & X = V0\n");
}

TEST(ElaborateDefinitions, ParameterVariableDoesNotCaptureAWrittenVariable) {
    // The object parameter's variable skips the V0 the definition writes.
    const char* spec = R"(type node
object a(p:node) = {
    relation s(X:node)
    relation t(X:node)
    definition t(V0) = s(V0)
}
)";
    EXPECT_EQ(section_of(spec, "definitions"), "definition [a.def1] a.t(V1, V0) = a.s(V1, V0)\n");
}

TEST(ElaborateDefinitions, MemberOfAParameterisedObjectDefinedOutside) {
    const char* server = "type node\nobject server(self:node) = {\n    relation leader\n}\n";
    EXPECT_EQ(
        section_of(std::string(server) + "definition server.leader(N) = true\n", "definitions"),
        "definition [def1] server.leader(N) = true\n");
    EXPECT_EQ(
        error_of(std::string(server) + "definition server.leader = true\n"),
        "test.ivy: line 6: error: wrong number of arguments to 'server.leader' in its definition: "
        "expected 1, got 0");
}

TEST(ElaborateDefinitions, DefinedTwice) {
    EXPECT_EQ(error_of("type t\nfunction f(X:t) : t\ndefinition f(X) = X\ndefinition f(Y) = Y\n"),
              "test.ivy: line 5: error: 'f' is defined twice");
}

TEST(ElaborateDefinitions, WrongNumberOfArguments) {
    EXPECT_EQ(
        error_of("type t\nfunction f(X:t) : t\ndefinition f(X,Y) = X\n"),
        "test.ivy: line 4: error: wrong number of arguments to 'f' in its definition: expected 1, "
        "got 2");
}

TEST(ElaborateDefinitions, ParameterSortMismatch) {
    EXPECT_EQ(error_of("type t\ntype u\nfunction f(X:t) : t\ndefinition f(X:u) = X\n"),
              "test.ivy: line 5: error: sort mismatch: parameter X of 'f' has sort u, expected t");
}

TEST(ElaborateDefinitions, VariableOnTheRightMustOccurOnTheLeft) {
    EXPECT_EQ(error_of("type t\nfunction f(X:t) : t\ndefinition f(X) = Y\n"),
              "test.ivy: line 4: error: variable Y of the right side does not occur on the left side of "
              "the definition of 'f'");
    // Quantified variables are bound, not free.
    EXPECT_EQ(error_of("type t\nrelation r(X:t, Y:t)\nrelation f(X:t)\ndefinition f(X) = exists Y. r(X, Y)\n"),
              "");
}

TEST(ElaborateDefinitions, ObjectParameterOnTheRightMustOccurOnTheLeft) {
    // Defining another object's member from inside `a(p)`: nothing on the left
    // stands for p.
    const char* spec = R"(type node
relation r(X:node, Y:node)
object o = {
    relation q(X:node)
}
object a(p:node) = {
    definition o.q(X) = r(X, p)
}
)";
    EXPECT_EQ(error_of(spec), "test.ivy: line 8: error: the object parameter p of the right side does not occur "
                              "on the left side of the definition of 'o.q'");
}

TEST(ElaborateDefinitions, DefinedSymbolCannotBeAssigned) {
    EXPECT_EQ(
        error_of(
            "type t\nrelation r(X:t)\ndefinition r(X) = true\naction a(x:t) = { r(x) := false }\n"),
        "test.ivy: line 5: error: cannot assign to 'r': it is defined");
}

} // namespace
} // namespace ivy::frontend::testing

// Sort inference per unit, numerals, polymorphic `=`, and `<=`, `>`, `>=` as macros
// over `<` (docs/ivy-language.md 3.11).
#include "tests/elaboration/elaborate_test_util.h"

#include <functional>
#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

TEST(ElaborateSorts, VariablesTakeTheirSortFromUse) {
    const char* spec = R"(type t
type u
relation p(X:t)
function f(X:t) : u
axiom p(X) -> f(X) = Y
axiom forall X. p(X)
axiom exists Z:u. Z = f(W)
)";
    EXPECT_EQ(section_of(spec, "axioms"), "axiom [axiom1] p(X) -> f(X) = Y\n"
                                          "axiom [axiom2] forall X:t. p(X)\n"
                                          "axiom [axiom3] exists Z:u. Z = f(W)\n");
    Elaboration e = elaborate_body(spec);
    ASSERT_TRUE(e.program) << e.first_error();
    const ir::Program& p = *e.program;
    // In `p(X) -> f(X) = Y`, Y is of sort u.
    ir::TermId eq = p.terms.arg(p.facts[0].formula, 1);
    EXPECT_EQ(p.sort_name(p.terms.sort(p.terms.arg(eq, 1))), "u");
}

TEST(ElaborateSorts, SameVariableNameInTwoFormulasIsTwoVariables) {
    const char* spec = R"(type t
type u
relation p(X:t)
relation q(X:u)
axiom p(X)
axiom q(X)
)";
    EXPECT_EQ(section_of(spec, "axioms"), "axiom [axiom1] p(X)\n"
                                          "axiom [axiom2] q(X)\n");
}

TEST(ElaborateSorts, NumeralsTakeTheirSortFromContext) {
    const char* spec = R"(type t
type idx
interpret idx -> int
individual c : t
function at(I:idx) : t
axiom at(0) = c & at(1) ~= at(0)
axiom c = 0 -> at(5990) = 0
)";
    Elaboration e = elaborate_body(spec);
    ASSERT_TRUE(e.program) << e.first_error();
    const ir::Program& p = *e.program;
    EXPECT_EQ(section(strip_locations(ir::show(p)), "axioms"),
              "axiom [axiom2] at(0) = c & ~at(1) = at(0)\n"
              "axiom [axiom3] c = 0 -> at(5990) = 0\n");
    // `0` on the uninterpreted sort t and `0` on idx are two symbols.
    ir::TermId on_t = p.terms.arg(p.terms.arg(p.facts[1].formula, 0), 1);
    ir::TermId on_idx = p.terms.arg(p.terms.arg(p.terms.arg(p.facts[1].formula, 1), 0), 0);
    EXPECT_EQ(p.sort_name(p.terms.sort(on_t)), "t");
    EXPECT_EQ(p.sort_name(p.terms.sort(on_idx)), "idx");
    EXPECT_NE(p.terms.payload(on_t), p.terms.payload(on_idx));
    EXPECT_EQ(p.symbols[p.terms.payload(on_t)].kind, ir::Symbol::Kind::Numeral);
}

TEST(ElaborateSorts, AscriptionFixesASort) {
    const char* spec = R"(type t
interpret t -> int
axiom 1:t > 0
axiom X:t = X
)";
    EXPECT_EQ(section_of(spec, "axioms"), "axiom [axiom2] 0 < 1\n"
                                          "axiom [axiom3] X = X\n");
}

TEST(ElaborateSorts, CannotInferAVariable) {
    EXPECT_EQ(error_of("type t\naxiom X = X\n"),
              "test.ivy: line 3: error: cannot infer the sort of variable X (annotate one "
              "occurrence, as in X:t)");
}

TEST(ElaborateSorts, CannotInferANumeral) {
    std::string error = error_of("type t\ninterpret t -> int\n\naxiom 1 = 0\n");
    EXPECT_EQ(error.substr(0, error.find(" (annotate")),
              "test.ivy: line 5: error: cannot infer the sort of '1'");
}

TEST(ElaborateSorts, CannotInferABoundVariable) {
    std::string error = error_of("type t\naxiom forall X. X = X\n");
    EXPECT_EQ(error.substr(0, error.find(" (annotate")),
              "test.ivy: line 3: error: cannot infer the sort of variable X");
}

TEST(ElaborateSorts, CannotInferALocal) {
    EXPECT_EQ(error_of("type t\naction a = { var x := 0 }\n"),
              "test.ivy: line 3: error: cannot infer the sort of local x (write var x : t)");
}

TEST(ElaborateSorts, LocalTakesTheSortOfItsValue) {
    const char* spec = R"(type t
individual c : t
action a = { var x := c; x := 0 }
)";
    EXPECT_EQ(lines_with(section_of(spec, "actions"), "loc:x"), "    var loc:x : t;\n"
                                                                "    loc:x := c;\n"
                                                                "    loc:x := 0\n");
}

TEST(ElaborateSorts, PolymorphicEquality) {
    // `=` and `~=` on any sort: uninterpreted, enumerated, struct, bool.
    const char* spec = R"(type t
type color = {red, green}
type pair = struct { fst : t }
relation r
individual c : t
individual k : color
individual s : pair
axiom c = c & k ~= red & s = s & r = (c = c)
)";
    Elaboration e = elaborate_body(spec);
    ASSERT_TRUE(e.program) << e.first_error();
    const ir::Program& p = *e.program;
    EXPECT_EQ(section(strip_locations(ir::show(p)), "axioms"),
              "axiom [axiom1] c = c & ~k = red & s = s & r = (c = c)\n");
    std::vector<std::string> sorts;
    std::function<void(ir::TermId)> walk = [&](ir::TermId t) {
        if (p.terms.op(t) == ir::Op::Eq)
            sorts.push_back(p.sort_name(p.terms.sort(p.terms.arg(t, 0))));
        for (ir::TermId a : p.terms.args(t))
            walk(a);
    };
    walk(p.facts[0].formula);
    EXPECT_EQ(sorts, (std::vector<std::string>{"t", "color", "pair", "bool", "t"}));
}

TEST(ElaborateSorts, OrderMacros) {
    // Only `<` exists: `x <= y` is `x < y | x = y`, `x > y` is `y < x`, `x >= y` is
    // `y < x | x = y`.
    const char* spec = R"(type t
individual a : t
individual b : t
axiom a < b
axiom a <= b
axiom a > b
axiom a >= b
)";
    EXPECT_EQ(section_of(spec, "axioms"), "axiom [axiom1] a < b\n"
                                          "axiom [axiom2] a < b | a = b\n"
                                          "axiom [axiom3] b < a\n"
                                          "axiom [axiom4] b < a | a = b\n");
    Elaboration e = elaborate_body(spec);
    ASSERT_TRUE(e.program) << e.first_error();
    // One `<` symbol for the sort, used by all four.
    int builtins = 0;
    for (const ir::Symbol& s : e.program->symbols)
        if (s.kind == ir::Symbol::Kind::Builtin) {
            ++builtins;
            EXPECT_EQ(s.name, "<");
            EXPECT_EQ(s.range, ir::kBoolSort);
        }
    EXPECT_EQ(builtins, 1);
}

TEST(ElaborateSorts, LessThanIsPerSort) {
    const char* spec = R"(type t
type u
axiom X:t < Y & Z:u < W
)";
    Elaboration e = elaborate_body(spec);
    ASSERT_TRUE(e.program) << e.first_error();
    std::vector<std::string> domains;
    for (const ir::Symbol& s : e.program->symbols)
        if (s.kind == ir::Symbol::Kind::Builtin)
            domains.push_back(e.program->sort_name(s.domain[0]));
    EXPECT_EQ(domains, (std::vector<std::string>{"t", "u"}));
}

TEST(ElaborateSorts, ArithmeticKeepsTheSort) {
    const char* spec = R"(type t
interpret t -> int
individual a : t
axiom a + 1 - 2 * a / 3 = 0
)";
    EXPECT_EQ(section_of(spec, "axioms"), "axiom [axiom2] a + 1 - 2 * a / 3 = 0\n");
}

TEST(ElaborateSorts, BranchesOfIteMustAgree) {
    EXPECT_EQ(
        error_of(
            "type t\ntype u\nindividual a : t\nindividual b : u\naxiom (a if true else b) = a\n"),
        "test.ivy: line 6: error: sort mismatch: the two branches of 'if ... else' (t versus u)");
}

} // namespace
} // namespace ivy::frontend::testing

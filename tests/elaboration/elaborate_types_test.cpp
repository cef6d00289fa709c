// Sorts: uninterpreted, enumerated, struct, range, destructors, and `interpret`
// (docs/ivy-language.md 3.6).
#include "tests/elaboration/elaborate_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

TEST(ElaborateTypes, StructDeclaresFieldsBesideTheType) {
    const char* spec = R"(type node
type msg = struct { kind : bool, src : node }
object o = {
    type pair = struct { first : node, second : node }
}
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "sorts"), "type node\n"
                                       "type msg = struct {kind : bool, src : node}\n"
                                       "type o.pair = struct {o.first : node, o.second : node}\n");
    EXPECT_EQ(section(shown, "symbols"), "destructor kind(msg)\n"
                                         "destructor src(msg) : node\n"
                                         "destructor o.first(o.pair) : node\n"
                                         "destructor o.second(o.pair) : node\n");
}

TEST(ElaborateTypes, StructInProgram) {
    Elaboration e = elaborate_body("type node\ntype msg = struct { kind : bool, src : node }\n");
    ASSERT_TRUE(e.program) << e.first_error();
    const ir::Program& p = *e.program;
    const ir::Sort& msg = p.sorts[*p.find_sort("msg")];
    EXPECT_TRUE(msg.is_struct);
    ASSERT_EQ(msg.fields.size(), 2u);
    EXPECT_EQ(p.symbols[msg.fields[0]].name, "kind");
    EXPECT_EQ(p.symbols[msg.fields[0]].kind, ir::Symbol::Kind::Destructor);
    EXPECT_EQ(p.symbols[msg.fields[1]].domain, std::vector<ir::SortId>{*p.find_sort("msg")});
}

TEST(ElaborateTypes, DestructorAddsAFieldToAnExistingSort) {
    const char* spec = R"(type t
object h = {
    type this
    implementation {
        destructor repr(H:this) : t
    }
}
)";
    Elaboration e = elaborate_body(spec);
    ASSERT_TRUE(e.program) << e.first_error();
    EXPECT_EQ(section(strip_locations(ir::show(*e.program)), "symbols"),
              "destructor h.repr(h) : t\n");
    const ir::Sort& h = e.program->sorts[*e.program->find_sort("h")];
    EXPECT_FALSE(h.is_struct);
    ASSERT_EQ(h.fields.size(), 1u);
    EXPECT_EQ(e.program->symbols[h.fields[0]].name, "h.repr");
}

TEST(ElaborateTypes, EnumeratedType) {
    const char* spec = R"(type color = {red, green, blue}
individual c : color
axiom c ~= red
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "sorts"), "type color = {red, green, blue}\n");
    EXPECT_EQ(section(shown, "axioms"), "axiom [axiom1] ~c = red\n");
    Elaboration e = elaborate_body(spec);
    ASSERT_TRUE(e.program) << e.first_error();
    const ir::Sort& color = e.program->sorts[*e.program->find_sort("color")];
    EXPECT_EQ(color.kind, ir::Sort::Kind::Enum);
    ASSERT_EQ(color.values.size(), 3u);
    EXPECT_EQ(e.program->symbols[color.values[2]].name, "blue");
    EXPECT_EQ(e.program->symbols[color.values[2]].kind, ir::Symbol::Kind::EnumValue);
}

TEST(ElaborateTypes, EnumConstantClashesWithASymbol) {
    EXPECT_EQ(error_of("type t\ntype k = {a, b}\nindividual a : t\n"),
              "test.ivy: line 4: error: redefining a (from test.ivy: line 3)");
}

TEST(ElaborateTypes, Interpretations) {
    const char* spec = R"(type a
type b
type c
type d
type e
interpret a -> int
interpret b -> nat
interpret c -> bv[16]
interpret d -> strlit
interpret e -> <<< std::vector<`a`> >>>
individual x : a
axiom x + 1 > 0
individual s : d
axiom s = "hello"
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "sorts"), "type a\n"
                                       "type b\n"
                                       "type c\n"
                                       "type d\n"
                                       "type e\n"
                                       "interpret a -> int\n"
                                       "interpret b -> nat\n"
                                       "interpret c -> bv[16]\n"
                                       "interpret d -> strlit\n"
                                       "interpret e -> <<< std::vector<`a`> >>>\n");
}

TEST(ElaborateTypes, InterpretationsInProgram) {
    const char* spec = R"(type a
type c
type e
interpret a -> int
interpret c -> bv[16]
interpret e -> <<< std::vector<`a`> >>>
)";
    Elaboration e = elaborate_body(spec);
    ASSERT_TRUE(e.program) << e.first_error();
    const auto& in = e.program->interpretations;
    ASSERT_EQ(in.size(), 3u);
    EXPECT_EQ(in[0].theory, ir::Interpretation::Theory::Int);
    EXPECT_EQ(in[1].theory, ir::Interpretation::Theory::BitVector);
    EXPECT_EQ(in[1].width, 16u);
    EXPECT_EQ(in[2].theory, ir::Interpretation::Theory::Native);
    EXPECT_EQ(in[2].native, " std::vector<`a`> ");
}

TEST(ElaborateTypes, NativeIntMeansIntegers) {
    Elaboration e = elaborate_body("type t\ninterpret t -> <<< int >>>\n");
    ASSERT_TRUE(e.program) << e.first_error();
    ASSERT_EQ(e.program->interpretations.size(), 1u);
    EXPECT_EQ(e.program->interpretations[0].theory, ir::Interpretation::Theory::Int);
}

TEST(ElaborateTypes, NumeralsAndStringsOnInterpretedSorts) {
    const char* spec = R"(type a
type d
interpret a -> int
interpret d -> strlit
individual x : a
axiom x + 1 > 0
individual s : d
axiom s = "hello"
)";
    EXPECT_EQ(section_of(spec, "axioms"), "axiom [axiom3] 0 < x + 1\n"
                                          "axiom [axiom4] s = \"hello\"\n");
}

TEST(ElaborateTypes, RangeType) {
    Elaboration e = elaborate_body("type r = {0..7}\n");
    ASSERT_TRUE(e.program) << e.first_error();
    EXPECT_EQ(section(strip_locations(ir::show(*e.program)), "sorts"), "type r\n"
                                                                       "interpret r -> {0..7}\n");
}

TEST(ElaborateTypes, SortInterpretedTwice) {
    EXPECT_EQ(error_of("type t\ninterpret t -> int\ninterpret t -> nat\n"),
              "test.ivy: line 4: error: sort t is interpreted twice (first at test.ivy: line 3)");
}

TEST(ElaborateTypes, UnknownInterpretation) {
    std::string error = error_of("type t\ninterpret t -> float\n");
    EXPECT_EQ(error.substr(0, error.find(" (expected")),
              "test.ivy: line 3: error: unknown interpretation 'float'");
}

TEST(ElaborateTypes, BadBitVectorWidth) {
    EXPECT_EQ(error_of("type t\ninterpret t -> bv[0]\n"),
              "test.ivy: line 3: error: bad bit-vector width in 'bv[0]' (1 to 64)");
}

} // namespace
} // namespace ivy::frontend::testing

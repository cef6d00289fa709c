// Modules and instances: parameter substitution, prefixing, nested and unnamed
// instances, parameterised instances (docs/ivy-language.md 3.3, 3.4).
#include "tests/elaboration/elaborate_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

TEST(ElaborateModules, ParametersAreSubstituted) {
    // Sorts, relations, actions, numerals and enum constants as arguments.
    const char* spec = R"(module m(t, r, a, n, k) = {
    relation rel(X:t)
    individual c : t
    individual kk : kind
    action act(x:t) = { call a(x); rel(x) := r(x); kk := k; c := n }
    property [p] rel(X) -> r(X)
}
type node
interpret node -> int
type kind = {one, two}
relation q(X:node)
action doit(x:node) = {}
instance inst : m(node, q, doit, 5990, two)
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "symbols"), "relation q(node)\n"
                                         "relation inst.rel(node)\n"
                                         "function inst.c : node\n"
                                         "function inst.kk : kind\n");
    EXPECT_EQ(section(shown, "axioms"), "property [inst.p] inst.rel(X) -> q(X)\n");
    EXPECT_EQ(lines_with(section(shown, "actions"), "inst.act"), "action inst.act(x:node) = {\n");
    EXPECT_NE(section(shown, "actions")
                  .find("    call doit(fml:x);\n"
                        "    inst.rel(fml:x) := q(fml:x);\n"
                        "    inst.kk := two;\n"
                        "    inst.c := 5990\n"),
              std::string::npos)
        << shown;
}

TEST(ElaborateModules, OperatorArgument) {
    const char* spec = R"(type t
module ordered(s, lt) = {
    relation below(X:s, Y:s)
    definition below(X, Y) = lt(X, Y)
}
instance o : ordered(t, <)
)";
    EXPECT_EQ(section_of(spec, "definitions"), "definition [o.def1] o.below(X, Y) = X < Y\n");
}

TEST(ElaborateModules, OperatorArgumentInActionsAndFacts) {
    // Applied to two operands anywhere in the module, the operator is written infix
    // (and `<=` is then the macro `<` or `=`).
    const char* spec = R"(type t
interpret t -> int
module m(s, op) = {
    individual c : s
    individual d : s
    action step(x:s) = { if op(x, c) { c := x } }
    axiom op(c, d) | c = d
}
instance o : m(t, <=)
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "axioms"), "axiom [o.axiom2] o.c < o.d | o.c = o.d | o.c = o.d\n");
    EXPECT_NE(shown.find("    if fml:x < o.c | fml:x = o.c {\n"), std::string::npos) << shown;
}

TEST(ElaborateModules, OperatorArgumentWithOneOperand) {
    EXPECT_EQ(error_of("type t\nmodule ordered(s, lt) = {\n    relation below(X:s)\n"
                       "    definition below(X) = lt(X)\n}\ninstance o : ordered(t, <)\n"),
              "test.ivy: line 5: error: the operator '<' takes two operands");
}

TEST(ElaborateModules, DottedEnumConstantArgument) {
    const char* spec = R"(object msg_kind = {
    type this = {one_a, one_b}
}
type msg = struct { m_kind : msg_kind }
module handler(kind) = {
    action handle(m:msg)
    before handle { require m.m_kind = kind }
}
instance one_b_handler : handler(msg_kind.one_b)
)";
    EXPECT_EQ(section_of(spec, "actions"), "action one_b_handler.handle(m:msg) = {\n"
                                           "    # before monitor one_b_handler.handle[before2]\n"
                                           "    require [asrt1] m_kind(fml:m) = msg_kind.one_b\n"
                                           "}\n");
}

TEST(ElaborateModules, ParameterInsideASubscript) {
    const char* spec = R"(module bits(n) = {
    type this
    interpret this -> bv[n]
}
instance w : bits(8)
)";
    EXPECT_EQ(lines_with(section_of(spec, "sorts"), "interpret"), "interpret w -> bv[8]\n");
}

TEST(ElaborateModules, NumeralArgumentInNativeCode) {
    Elaboration e = elaborate_body("module m(n) = {\n    <<< member\n    int x = `n`;\n    >>>\n}\n"
                                   "instance w : m(8)\n");
    ASSERT_TRUE(e.program) << e.first_error();
    ASSERT_EQ(e.program->natives.size(), 1u);
    std::string text;
    for (const ir::NativeCode::Piece& p : e.program->natives[0].code.pieces)
        text += p.text;
    // Native text is opaque C++ kept verbatim (docs/ivy-language.md 1.5), so the
    // indentation before the closing `>>>` stays too.
    EXPECT_EQ(text, "    int x = 8;\n    ");
    ASSERT_EQ(e.program->natives[0].code.pieces.size(), 1u); // the numeral is text, not a name
}

TEST(ElaborateModules, NamesNotDeclaredInTheBodyResolveOutside) {
    // `busy` inside the module is the module's own; outside it is the global one.
    const char* spec = R"(type node
relation busy(N:node)
module counter(t) = {
    individual count : t
    relation busy(X:t)
    action bump(x:t) = { count := x; busy(x) := true }
}
instance c : counter(node)
action outer(n:node) = { busy(n) := false }
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "symbols"), "relation busy(node)\n"
                                         "function c.count : node\n"
                                         "relation c.busy(node)\n");
    EXPECT_EQ(section(shown, "actions"), "action c.bump(x:node) = {\n"
                                         "    # body\n"
                                         "    c.count := fml:x;\n"
                                         "    c.busy(fml:x) := true\n"
                                         "}\n"
                                         "action outer(n:node) = {\n"
                                         "    # body\n"
                                         "    busy(fml:n) := false\n"
                                         "}\n");
}

TEST(ElaborateModules, ThisAsArgumentAndNestedInstances) {
    // `node.it` is prefixed twice; `this` in the argument is the enclosing instance.
    const char* spec = R"(module iter(range) = {
    type t = struct { is_end : bool, val : range }
    action create(x:range) returns (y:t) = { y.is_end := false; y.val := x }
}
module seq = {
    type this
    instance it : iter(this)
}
instance node : seq
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "sorts"),
              "type node\n"
              "type node.it.t = struct {node.it.is_end : bool, node.it.val : node}\n");
    EXPECT_EQ(section(shown, "actions"), "action node.it.create(x:node) returns (y:node.it.t) = {\n"
                                         "    # body\n"
                                         "    node.it.is_end(fml:y) := false;\n"
                                         "    node.it.val(fml:y) := fml:x\n"
                                         "}\n");
}

TEST(ElaborateModules, ThisAsArgumentInsideAnObject) {
    const char* spec = R"(module m(t) = {
    relation r(X:t)
}
object o = {
    type this
    instance x : m(this)
}
)";
    EXPECT_EQ(section_of(spec, "symbols"), "relation o.x.r(o)\n");
}

TEST(ElaborateModules, UnnamedInstantiateSplicesUnprefixed) {
    const char* spec = R"(module laws(t) = {
    relation lt(X:t, Y:t)
    property [irreflexive] ~lt(X:t, X)
}
type node
instantiate laws(node)
object o = {
    type this
    instantiate laws(this)
}
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "symbols"), "relation lt(node, node)\n"
                                         "relation o.lt(o, o)\n");
    EXPECT_EQ(section(shown, "axioms"), "property [irreflexive] ~lt(X, X)\n"
                                        "property [o.irreflexive] ~o.lt(X, X)\n");
}

TEST(ElaborateModules, InstanceBecomesAnObject) {
    Elaboration e = elaborate_body("module m = {\n    individual c : bool\n}\ninstance a : m\n");
    ASSERT_TRUE(e.program) << e.first_error();
    EXPECT_TRUE(e.program->object_index.count("a"));
}

TEST(ElaborateModules, ParameterisedInstance) {
    // `instance sec(SELF:node) : timer`: the parameter leads every member.
    const char* spec = R"(type node
module timer = {
    action timeout
    individual ticks : node
    action tick = { call timeout }
}
instance sec(SELF:node) : timer
implement sec.timeout(self:node) {
    sec.ticks(self) := self
}
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "symbols"), "function sec.ticks(node) : node\n");
    EXPECT_EQ(section(shown, "actions"), "action sec.timeout(SELF:node) = {\n"
                                         "    # body\n"
                                         "    sec.ticks(fml:SELF) := fml:SELF\n"
                                         "}\n"
                                         "action sec.tick(SELF:node) = {\n"
                                         "    # body\n"
                                         "    call sec.timeout(fml:SELF)\n"
                                         "}\n");
}

TEST(ElaborateModules, InstanceParameterAsModuleArgument) {
    // `instance impl(X:addr) : conn(X, 5990)` binds `me` to the parameter.
    const char* spec = R"(type addr
type port
interpret port -> int
module conn(me, p) = {
    individual peer : addr
    individual myport : port
    after init { peer := me; myport := p }
    invariant peer = me
}
instance impl(X:addr) : conn(X, 5990)
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "symbols"), "function impl.peer(addr) : addr\n"
                                         "function impl.myport(addr) : port\n");
    EXPECT_EQ(section(shown, "axioms"), "invariant [impl.invar3] impl.peer(V0) = V0\n");
    EXPECT_EQ(section(shown, "initializers"), "after init impl.init[after2](X:addr) {\n"
                                              "    impl.peer(fml:X) := fml:X;\n"
                                              "    impl.myport(fml:X) := 5990\n"
                                              "}\n");
}

TEST(ElaborateModules, InstancesShareTheNumbersOfTheModuleText) {
    const char* spec = R"(type t
module m = {
    relation r(X:t)
    property r(X) | ~r(X)
}
instance a : m
instance b : m
axiom true
)";
    EXPECT_EQ(section_of(spec, "axioms"), "property [a.prop1] a.r(X) | ~a.r(X)\n"
                                          "property [b.prop1] b.r(X) | ~b.r(X)\n"
                                          "axiom [axiom2] true\n");
}

TEST(ElaborateModules, ModuleMustBeDefinedBeforeItsInstance) {
    EXPECT_EQ(error_of("instance a : later\nmodule later = {}\n"),
              "test.ivy: line 2: error: unknown module 'later'");
}

TEST(ElaborateModules, WrongNumberOfModuleArguments) {
    EXPECT_EQ(error_of("type t\nmodule m(x, y) = {}\ninstance i : m(t)\n"),
              "test.ivy: line 4: error: wrong number of arguments to module m: expected 2, got 1");
}

TEST(ElaborateModules, SelfInstantiationIsAnError) {
    std::string error = error_of("module m = {\n    instance again : m\n}\ninstance a : m\n");
    EXPECT_EQ(error.substr(0, error.find(": error:")), "test.ivy: line 3") << error;
    EXPECT_NE(error.find("nested too deeply"), std::string::npos) << error;
}

} // namespace
} // namespace ivy::frontend::testing

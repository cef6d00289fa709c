// Objects: prefixing, parameterised objects (implicit leading parameters, `V0` in
// formulas), `this`, `type this` and `alias t = this` (docs/ivy-language.md 3.4).
#include "tests/elaboration/elaborate_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

const char* const kServer = R"(type node
type value
object server(self:node) = {
    relation leader
    individual v : value
    after init { leader := false }
    action elect(x:value) = {
        leader := true;
        v := x;
        call tell(x)
    }
    action tell(y:value) = {}
    invariant leader -> v = v
    invariant [own] server.leader(self) -> leader
}
action go(n:node, x:value) = { call server.elect(n, x) }
)";

TEST(ElaborateObjects, ParameterLeadsStateAndActions) {
    std::string shown = bare_show_of(kServer);
    EXPECT_EQ(section(shown, "symbols"), "relation server.leader(node)\n"
                                         "function server.v(node) : value\n");
    EXPECT_EQ(section(shown, "actions"), "action server.elect(self:node, x:value) = {\n"
                                         "    # body\n"
                                         "    server.leader(fml:self) := true;\n"
                                         "    server.v(fml:self) := fml:x;\n"
                                         "    call server.tell(fml:self, fml:x)\n"
                                         "}\n"
                                         "action server.tell(self:node, y:value) = {\n"
                                         "    # body\n"
                                         "}\n"
                                         "action go(n:node, x:value) = {\n"
                                         "    # body\n"
                                         "    call server.elect(fml:n, fml:x)\n"
                                         "}\n");
}

TEST(ElaborateObjects, ParameterIsAUniversalVariableInInvariants) {
    // Unqualified members get the parameter implicitly, qualified ones explicitly.
    EXPECT_EQ(section_of(kServer, "axioms"),
              "invariant [server.invar2] server.leader(V0) -> server.v(V0) = server.v(V0)\n"
              "invariant [server.own] server.leader(V0) -> server.leader(V0)\n");
}

TEST(ElaborateObjects, InitializerInsideParameterisedObject) {
    EXPECT_EQ(section_of(kServer, "initializers"), "after init server.init[after1](self:node) {\n"
                                                   "    server.leader(fml:self) := false\n"
                                                   "}\n");
}

TEST(ElaborateObjects, ObjectParametersAreRecorded) {
    Elaboration e = elaborate_body(kServer);
    ASSERT_TRUE(e.program) << e.first_error();
    const ir::Program& p = *e.program;
    ASSERT_TRUE(p.object_index.count("server"));
    const ir::Object& server = p.objects[p.object_index.at("server")];
    EXPECT_EQ(server.param_names, std::vector<std::string>{"self"});
    ASSERT_EQ(server.param_sorts.size(), 1u);
    EXPECT_EQ(p.sort_name(server.param_sorts[0]), "node");
    EXPECT_EQ(p.symbols[*p.find_symbol("server.leader")].object_params, 1u);
    EXPECT_EQ(p.actions[*p.find_action("server.elect")].object_params, 1u);
    EXPECT_EQ(p.actions[*p.find_action("go")].object_params, 0u);
    ASSERT_EQ(p.initializers.size(), 1u);
    EXPECT_EQ(p.initializers[0].object_params, 1u);
}

TEST(ElaborateObjects, NestedParameterisedObjects) {
    const char* spec = R"(type node
type value
object a(p:node) = {
    object b(q:value) = {
        relation r
        individual w : value
        invariant r -> w = q
        action set(v:value) = { w := v; r := true }
    }
    action go(v:value) = { call b.set(v, v) }
}
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "symbols"), "relation a.b.r(node, value)\n"
                                         "function a.b.w(node, value) : value\n");
    EXPECT_EQ(section(shown, "axioms"),
              "invariant [a.b.invar1] a.b.r(V0, V1) -> a.b.w(V0, V1) = V1\n");
    EXPECT_EQ(section(shown, "actions"), "action a.b.set(p:node, q:value, v:value) = {\n"
                                         "    # body\n"
                                         "    a.b.w(fml:p, fml:q) := fml:v;\n"
                                         "    a.b.r(fml:p, fml:q) := true\n"
                                         "}\n"
                                         "action a.go(p:node, v:value) = {\n"
                                         "    # body\n"
                                         "    call a.b.set(fml:p, fml:v, fml:v)\n"
                                         "}\n");
}

TEST(ElaborateObjects, ParameterVariableDoesNotCaptureAWrittenVariable) {
    Elaboration e = elaborate_body("type node\nrelation r(X:node)\nobject o(self:node) = {\n"
                                   "    invariant r(V0) -> r(self)\n}\n");
    ASSERT_TRUE(e.program) << e.first_error();
    ASSERT_EQ(e.program->facts.size(), 1u);
    const ir::TermTable& t = e.program->terms;
    ir::TermId f = e.program->facts[0].formula;
    ASSERT_EQ(t.op(f), ir::Op::Implies);
    ir::TermId written = t.arg(t.arg(f, 0), 0), parameter = t.arg(t.arg(f, 1), 0);
    EXPECT_EQ(t.op(written), ir::Op::Var);
    EXPECT_EQ(t.op(parameter), ir::Op::Var);
    EXPECT_NE(written, parameter) << ir::to_string(*e.program, f);
}

TEST(ElaborateObjects, ThisAndTypeThis) {
    // `type this` names the sort after the object; `alias t = this` makes `hist.t` that sort.
    const char* spec = R"(object hist = {
    type this
    alias t = this
    relation full(H:t)
    action clear(h:this) returns (h:this) = { full(h) := false }
}
individual h0 : hist.t
action use = { h0 := hist.clear(h0) }
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "sorts"), "type hist\n");
    EXPECT_EQ(section(shown, "symbols"), "relation hist.full(hist)\n"
                                         "function h0 : hist\n");
    EXPECT_EQ(section(shown, "actions"), "action hist.clear(h:hist) returns (h:hist) = {\n"
                                         "    # body\n"
                                         "    hist.full(fml:h) := false\n"
                                         "}\n"
                                         "action use() = {\n"
                                         "    # body\n"
                                         "    call loc:0 := hist.clear(h0);\n"
                                         "    h0 := loc:0\n"
                                         "}\n");
}

TEST(ElaborateObjects, TypeAndObjectShareAName) {
    Elaboration e =
        elaborate_body("object hist = {\n    type this\n    individual size : hist\n}\n");
    ASSERT_TRUE(e.program) << e.first_error();
    EXPECT_TRUE(e.program->find_sort("hist"));
    EXPECT_TRUE(e.program->object_index.count("hist"));
    EXPECT_TRUE(e.program->find_symbol("hist.size"));
}

TEST(ElaborateObjects, ThisIsTheInnermostObject) {
    const char* spec = R"(object outer = {
    type this
    object inner = {
        type this
        relation r(X:this)
    }
    relation s(X:this)
}
)";
    EXPECT_EQ(section_of(spec, "symbols"), "relation outer.inner.r(outer.inner)\n"
                                           "relation outer.s(outer)\n");
}

TEST(ElaborateObjects, TypesFieldsAndConstantsAreStatic) {
    // Inside `o(self)`, sorts, struct fields and enum constants get no parameter.
    const char* spec = R"(type node
object o(self:node) = {
    type pair = struct { a : node }
    type state = {idle, busy}
    individual cur : pair
    individual st : state
    action f = { cur.a := self; st := busy }
    invariant st = idle -> cur.a = self
}
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "sorts"), "type node\n"
                                       "type o.pair = struct {o.a : node}\n"
                                       "type o.state = {o.idle, o.busy}\n");
    EXPECT_EQ(section(shown, "symbols"), "destructor o.a(o.pair) : node\n"
                                         "function o.cur(node) : o.pair\n"
                                         "function o.st(node) : o.state\n");
    EXPECT_EQ(section(shown, "axioms"),
              "invariant [o.invar1] o.st(V0) = o.idle -> o.a(o.cur(V0)) = V0\n");
    EXPECT_EQ(section(shown, "actions"), "action o.f(self:node) = {\n"
                                         "    # body\n"
                                         "    o.a(o.cur(fml:self)) := fml:self;\n"
                                         "    o.st(fml:self) := o.busy\n"
                                         "}\n");
}

TEST(ElaborateObjects, MemberOfANestedParameterisedObject) {
    // From `a(p)`, a member of `b(q)` takes p implicitly and q explicitly.
    const char* spec = R"(type node
type value
object a(p:node) = {
    object b(q:value) = {
        relation r
    }
    invariant b.r(V)
}
)";
    EXPECT_EQ(section_of(spec, "axioms"), "invariant [a.invar1] a.b.r(V0, V)\n");
}

TEST(ElaborateObjects, ArityMessageCountsTheParametersToWrite) {
    const char* server = R"(type node
type value
object server(self:node) = {
    relation leader
    action elect(x:value) = { leader := true }
}
)";
    EXPECT_EQ(
        error_of(std::string(server) + "axiom server.leader\n"),
        "test.ivy: line 8: error: wrong number of arguments to 'server.leader': expected 1, got 0");
    EXPECT_EQ(error_of(std::string(server) + "action go(x:value) = { call server.elect(x) }\n"),
              "test.ivy: line 8: error: wrong number of arguments to action 'server.elect': "
              "expected 2, got 1");
    EXPECT_EQ(error_of("type node\ntype value\nobject a(p:node) = {\n    object b(q:value) = {\n"
                       "        relation r\n    }\n    invariant b.r\n}\n"),
              "test.ivy: line 8: error: wrong number of arguments to 'a.b.r': expected 1, got 0");
}

TEST(ElaborateObjects, TypeThisOutsideAnObject) {
    EXPECT_EQ(error_of("type t\ntype this\n"),
              "test.ivy: line 3: error: 'type this' is allowed only inside an object");
}

TEST(ElaborateObjects, AliasOfADottedPath) {
    const char* spec = R"(object hist = {
    object arrlog = {
        type this
        relation full(A:this)
    }
}
alias log = hist.arrlog
individual l : log
axiom log.full(l)
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "symbols"), "relation hist.arrlog.full(hist.arrlog)\n"
                                         "function l : hist.arrlog\n");
    EXPECT_EQ(section(shown, "axioms"), "axiom [axiom1] hist.arrlog.full(l)\n");
}

TEST(ElaborateObjects, ObjectContinuation) {
    const char* spec = R"(type t
object o = {
    relation r(X:t)
}
object o = { ...
    relation s(X:t)
    axiom r(X) -> s(X)
}
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "symbols"), "relation o.r(t)\n"
                                         "relation o.s(t)\n");
    EXPECT_EQ(section(shown, "axioms"), "axiom [o.axiom1] o.r(X) -> o.s(X)\n");
}

TEST(ElaborateObjects, ObjectDeclaredTwice) {
    // `object o = { ...` continues an object; anything else declaring o again is an error.
    EXPECT_EQ(error_of("type t\nobject o = { relation r }\nobject o = { relation s }\n"),
              "test.ivy: line 4: error: redefining o (from test.ivy: line 3)");
    EXPECT_EQ(error_of("type t\nmodule m = {}\nobject o = {}\ninstance o : m\n"),
              "test.ivy: line 5: error: redefining o (from test.ivy: line 4)");
    EXPECT_EQ(error_of("type t\nobject o = {}\nisolate o = {}\n"),
              "test.ivy: line 4: error: redefining o (from test.ivy: line 3)");
}

} // namespace
} // namespace ivy::frontend::testing

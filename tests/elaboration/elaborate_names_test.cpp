// Name resolution: dotted names through sorts, fields of top-level structs,
// method-style calls, field assignment, locals shadowing globals
// (docs/ivy-language.md 3.5).
#include "tests/elaboration/elaborate_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

const char* const kHistory = R"(type node
type kind = {req, resp}
type msg = struct { m_kind : kind, m_src : node }
object hist = {
    type this
    type index
    function valix(H:this, I:index) : node
    action get(h:this) returns (n:node)
}
object localstate = {
    function myhist(N:node) : hist
}
individual m : msg
action go(n:node, ix:hist.index) = {
    m.m_kind := resp;
    m.m_src := localstate.myhist(n).valix(ix);
    var k := m.m_kind;
    var z := localstate.myhist(n).get;
    assert m.m_kind = resp
}
invariant localstate.myhist(N).valix(I) = N -> m.m_src = N
)";

TEST(ElaborateNames, FieldOfTopLevelStruct) {
    // `m.m_kind` is the field `m_kind(m)`, declared beside the sort `msg`.
    std::string actions = section_of(kHistory, "actions");
    EXPECT_NE(actions.find("    m_kind(m) := resp;\n"), std::string::npos) << actions;
    EXPECT_NE(actions.find("    loc:k := m_kind(m);\n"), std::string::npos) << actions;
    EXPECT_NE(actions.find("    assert [asrt1] m_kind(m) = resp\n"), std::string::npos) << actions;
}

TEST(ElaborateNames, ChainThroughASort) {
    // `localstate.myhist(N).valix(I)`: `myhist` consumes one argument, `valix` the rest.
    EXPECT_EQ(section_of(kHistory, "axioms"),
              "invariant [invar2] hist.valix(localstate.myhist(N), I) = N -> m_src(m) = N\n");
    std::string actions = section_of(kHistory, "actions");
    EXPECT_NE(actions.find("    m_src(m) := hist.valix(localstate.myhist(fml:n), fml:ix);\n"),
              std::string::npos)
        << actions;
}

TEST(ElaborateNames, MethodStyleActionCall) {
    std::string actions = section_of(kHistory, "actions");
    EXPECT_NE(actions.find("    call loc:0 := hist.get(localstate.myhist(fml:n));\n"
                           "    var loc:z : node;\n"
                           "    loc:z := loc:0;\n"),
              std::string::npos)
        << actions;
}

TEST(ElaborateNames, MethodCallsChained) {
    // `localstate.nter(c).get.add(1)`: `node_term.get(...)`, then `term.add(., 1)`.
    const char* spec = R"(object term = {
    type this
    action add(x:this, y:this) returns (z:this)
}
object node_term = {
    type this
    action get(x:this) returns (y:term)
}
type node
object localstate = {
    function nter(N:node) : node_term
}
action a(c:node) returns (r:term) = {
    r := localstate.nter(c).get.add(1)
}
)";
    EXPECT_EQ(lines_with(section_of(spec, "actions"), "loc:"),
              "    call loc:0 := node_term.get(localstate.nter(fml:c));\n"
              "    call loc:1 := term.add(loc:0, 1);\n"
              "    fml:r := loc:1\n");
}

TEST(ElaborateNames, IteratorStyleNext) {
    // `it.next` with `it : node.iter.t` is `node.iter.next(it)`.
    const char* spec = R"(type node
object iter = {
    type t
    action next(x:t) returns (x:t)
    relation is_end(X:t)
}
action walk(it:iter.t) returns (it:iter.t) = {
    if ~it.is_end {
        it := it.next
    }
}
)";
    EXPECT_EQ(section_of(spec, "actions"), "action iter.next(x:iter.t) returns (x:iter.t) = {\n"
                                           "}\n"
                                           "action walk(it:iter.t) returns (it:iter.t) = {\n"
                                           "    # body\n"
                                           "    if ~iter.is_end(fml:it) {\n"
                                           "        call loc:0 := iter.next(fml:it);\n"
                                           "        fml:it := loc:0\n"
                                           "    }\n"
                                           "}\n");
}

TEST(ElaborateNames, FieldAssignment) {
    const char* spec = R"(type t
type inner = struct { g : t }
type outer = struct { f : inner, h : t }
individual a : outer
action set(v:t) returns (o:outer) = {
    a.f.g := v;
    o.h := v;
    o.f.g := a.h
}
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "symbols"), "destructor g(inner) : t\n"
                                         "destructor f(outer) : inner\n"
                                         "destructor h(outer) : t\n"
                                         "function a : outer\n");
    EXPECT_EQ(section(shown, "actions"), "action set(v:t) returns (o:outer) = {\n"
                                         "    # body\n"
                                         "    g(f(a)) := fml:v;\n"
                                         "    h(fml:o) := fml:v;\n"
                                         "    g(f(fml:o)) := h(a)\n"
                                         "}\n");
}

TEST(ElaborateNames, ObjectParameterCallForms) {
    // `call c(x).down` is `c.down(x)`; `f()` is `f`.
    const char* spec = R"(type node
object c(self:node) = {
    relation up
    action down = { up := false }
    action get returns (r:bool) = { r := up }
}
relation flag
action f(x:node) = {
    call c(x).down;
    call c.down(x);
    flag := c(x).up;
    flag := c.get(x);
    flag := flag()
}
)";
    std::string actions = section_of(spec, "actions");
    EXPECT_NE(actions.find("action f(x:node) = {\n"
                           "    # body\n"
                           "    call c.down(fml:x);\n"
                           "    call c.down(fml:x);\n"
                           "    flag := c.up(fml:x);\n"
                           "    call loc:0 := c.get(fml:x);\n"
                           "    flag := loc:0;\n"
                           "    flag := flag\n"
                           "}\n"),
              std::string::npos)
        << actions;
}

TEST(ElaborateNames, ImplicitParameterThroughAChain) {
    // Inside `server(self)`, `myhist.valix(ix)` is `hist.valix(server.myhist(self), ix)`.
    const char* spec = R"(type node
type index
object hist = {
    type this
    function valix(H:this, I:index) : node
}
object server(self:node) = {
    individual myhist : hist
    relation ok
    invariant myhist.valix(I) = self -> ok
    action check(ix:index) = {
        ok := myhist.valix(ix) = self
    }
}
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "axioms"),
              "invariant [server.invar1] hist.valix(server.myhist(V0), I) = V0 -> server.ok(V0)\n");
    EXPECT_NE(section(shown, "actions")
                  .find("    server.ok(fml:self) := hist.valix(server.myhist(fml:self), fml:ix) = "
                        "fml:self\n"),
              std::string::npos)
        << shown;
}

TEST(ElaborateNames, LocalShadowsAGlobal) {
    // `var node_term := ...` hides the object `node_term` from the next statement on.
    const char* spec = R"(type t
object node_term = {
    type this
    action get(x:this) returns (y:t)
}
individual nt : node_term
action a returns (r:t) = {
    var node_term := nt;
    r := node_term.get
}
)";
    EXPECT_EQ(lines_with(section_of(spec, "actions"), "loc:"),
              "    var loc:node_term : node_term;\n"
              "    loc:node_term := nt;\n"
              "    call loc:0 := node_term.get(loc:node_term);\n"
              "    fml:r := loc:0\n");
}

TEST(ElaborateNames, ForwardReference) {
    const char* spec = R"(type t
action first(x:t) = { call second(x) }
action second(x:t) = { assert later(x) }
relation later(X:t)
)";
    std::string actions = section_of(spec, "actions");
    EXPECT_NE(actions.find("    call second(fml:x)\n"), std::string::npos) << actions;
    EXPECT_NE(actions.find("    assert [asrt1] later(fml:x)\n"), std::string::npos) << actions;
}

TEST(ElaborateNames, EnumConstantsLiveBesideTheirType) {
    const char* spec = R"(object msg_kind = {
    type this = {one_a, one_b}
}
individual k : msg_kind
axiom k = msg_kind.one_a | k = msg_kind.one_b
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "sorts"), "type msg_kind = {msg_kind.one_a, msg_kind.one_b}\n");
    EXPECT_EQ(section(shown, "axioms"), "axiom [axiom1] k = msg_kind.one_a | k = msg_kind.one_b\n");
}

TEST(ElaborateNames, UnknownFieldOfASort) {
    EXPECT_EQ(error_of("type t\ntype s = struct { f : t }\nindividual a : s\naxiom a.g = a.f\n"),
              "test.ivy: line 5: error: unknown field or action 'g' of sort s");
}

TEST(ElaborateNames, SortIsNotAValue) {
    EXPECT_EQ(error_of("type t\nindividual c : t\naxiom c = t\n"),
              "test.ivy: line 4: error: 't' is a sort, not a value");
}

} // namespace
} // namespace ivy::frontend::testing

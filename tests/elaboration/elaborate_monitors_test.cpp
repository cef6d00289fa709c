// Monitors: before/after/around/implement merged into the action in declaration
// order, parameters matched by position, object parameters first; `after init`
// (docs/ivy-language.md 3.9).
#include "tests/elaboration/elaborate_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

const char* const kSend = R"(type node
type value
individual cnt : value
action send(src:node, dst:node, v:value)
before send { require src ~= dst }
after send(a:node, b:node) { cnt := v; assert a ~= b }
implement send(s:node) { cnt := v }
around send { cnt := v ... cnt := v }
before send(x:node, y:node, w:value) { assert x ~= y }
)";

TEST(ElaborateMonitors, MergedInDeclarationOrder) {
    // Befores in order, then the implementation, then afters in order. Written
    // parameter names (a, b, s, x, y, w) are positional aliases of the action's.
    EXPECT_EQ(section_of(kSend, "actions"), "action send(src:node, dst:node, v:value) = {\n"
                                            "    # before monitor send[before2]\n"
                                            "    require [asrt1] ~fml:src = fml:dst\n"
                                            "    # before monitor send[before6]\n"
                                            "    cnt := fml:v\n"
                                            "    # before monitor send[before9]\n"
                                            "    assert [asrt8] ~fml:src = fml:dst\n"
                                            "    # body\n"
                                            "    cnt := fml:v\n"
                                            "    # after monitor send[after4]\n"
                                            "    cnt := fml:v;\n"
                                            "    assert [asrt3] ~fml:src = fml:dst\n"
                                            "    # after monitor send[after7]\n"
                                            "    cnt := fml:v\n"
                                            "}\n");
}

TEST(ElaborateMonitors, MonitorsFromInstancesAndObjectsRunInFlattenedOrder) {
    // Ivy runs the monitors of an action in declaration order over the flattened
    // program, befores and afters alike: it appends each mixin as it is declared,
    // reverses the befores and then prepends each to the action built so far, which
    // restores their order (ivy_isolate.py get_mixin_order, ivy_actions.py
    // apply_mixin). Modules splice their text where they are instantiated.
    const char* spec = R"(type t
individual log : t
individual a : t
individual b : t
action step(x:t)
module watcher(v) = {
    before step { log := v }
    after step { log := v }
}
instance w1 : watcher(a)
object o = {
    before step { log := x }
    after step { log := x }
}
instance w2 : watcher(b)
)";
    EXPECT_EQ(section_of(spec, "actions"), "action step(x:t) = {\n"
                                           "    # before monitor w1.step[before1]\n"
                                           "    log := a\n"
                                           "    # before monitor o.step[before3]\n"
                                           "    log := fml:x\n"
                                           "    # before monitor w2.step[before1]\n"
                                           "    log := b\n"
                                           "    # after monitor w1.step[after2]\n"
                                           "    log := a\n"
                                           "    # after monitor o.step[after4]\n"
                                           "    log := fml:x\n"
                                           "    # after monitor w2.step[after2]\n"
                                           "    log := b\n"
                                           "}\n");
}

TEST(ElaborateMonitors, KeptApartInTheProgram) {
    Elaboration e = elaborate_body(kSend);
    ASSERT_TRUE(e.program) << e.first_error();
    const ir::Action& send = e.program->actions[*e.program->find_action("send")];
    ASSERT_EQ(send.befores.size(), 3u);
    ASSERT_EQ(send.afters.size(), 2u);
    EXPECT_EQ(send.befores[0].name, "send[before2]");
    EXPECT_EQ(send.befores[1].name, "send[before6]"); // the before part of `around`
    EXPECT_EQ(send.afters[1].name, "send[after7]");   // its after part
    EXPECT_EQ(send.befores[2].origin.loc.line, 10u);
    EXPECT_EQ(send.body_kind, ir::Action::BodyKind::Block);
    ASSERT_TRUE(send.implementation);
    EXPECT_EQ(send.implementation->loc.line, 8u);
    EXPECT_EQ(send.origin.loc.line, 5u);
}

TEST(ElaborateMonitors, ImplementInParameterisedObject) {
    // Inside `proc(self)`, `implement recv(m:value)` implements `recv(dst, v)` with
    // self <-> dst and m <-> v; an unwritten parameter keeps the action's name.
    const char* spec = R"(type node
type value
individual cnt : value
object proc(self:node) = {
    implement recv(m:value) { cnt := m }
    after recv { require self = self; cnt := v }
}
action recv(dst:node, v:value)
)";
    EXPECT_EQ(section_of(spec, "actions"), "action recv(dst:node, v:value) = {\n"
                                           "    # body\n"
                                           "    cnt := fml:v\n"
                                           "    # after monitor proc.recv[after3]\n"
                                           "    require [asrt2] fml:dst = fml:dst;\n"
                                           "    cnt := fml:v\n"
                                           "}\n");
}

TEST(ElaborateMonitors, ImplementInParameterisedObjectOfAnInstanceAction) {
    // `implement shim.one_a.handle(m:msg)` inside `server(self)`; state of the object
    // gets `dst` as its parameter.
    const char* spec = R"(type node
type msg
module handler = {
    action handle(dst:node, m:msg)
}
object shim = {
    instance one_a : handler
}
object server(self:node) = {
    individual last : msg
    implement shim.one_a.handle(m:msg) {
        last := m
    }
    before shim.one_a.handle {
        require last ~= m
    }
}
)";
    EXPECT_EQ(section_of(spec, "actions"),
              "action shim.one_a.handle(dst:node, m:msg) = {\n"
              "    # before monitor server.shim_one_a_handle[before3]\n"
              "    require [asrt2] ~server.last(fml:dst) = fml:m\n"
              "    # body\n"
              "    server.last(fml:dst) := fml:m\n"
              "}\n");
}

TEST(ElaborateMonitors, ObjectParameterTakesTheFirstPosition) {
    // `dst` is matched by `self`, so it is not in scope under its own name.
    const char* spec = R"(type node
type value
object proc(self:node) = {
    after recv { require self = dst }
}
action recv(dst:node, v:value)
)";
    EXPECT_EQ(error_of(spec), "test.ivy: line 5: error: unknown name 'dst'");
}

TEST(ElaborateMonitors, AfterMonitorSeesResultsAndOld) {
    const char* spec = R"(type t
interpret t -> int
individual n : t
action inc(x:t) returns (y:t) = { y := x + 1; n := y }
after inc { assert y > x; assert old n < n }
)";
    EXPECT_EQ(section_of(spec, "actions"), "action inc(x:t) returns (y:t) = {\n"
                                           "    # body\n"
                                           "    fml:y := fml:x + 1;\n"
                                           "    n := fml:y\n"
                                           "    # after monitor inc[after4]\n"
                                           "    assert [asrt2] fml:x < fml:y;\n"
                                           "    assert [asrt3] old n < n\n"
                                           "}\n");
}

TEST(ElaborateMonitors, AroundAfterPartDoesNotSeeBeforePartLocals) {
    EXPECT_EQ(error_of("type t\nindividual c : t\naction a\naround a { var z := c; ... c := z }\n"),
              "test.ivy: line 5: error: unknown name 'z'");
}

TEST(ElaborateMonitors, TooManyParameters) {
    EXPECT_EQ(error_of("type t\naction g(x:t)\nbefore g(y:t, z:t) { }\n"),
              "test.ivy: line 4: error: too many parameters for 'g': it has 1");
}

TEST(ElaborateMonitors, ParameterSortMismatch) {
    EXPECT_EQ(error_of("type t\ntype u\naction g(x:t)\nbefore g(y:u) { }\n"),
              "test.ivy: line 5: error: sort mismatch: parameter y has sort u but the matching "
              "parameter of 'g' has sort t");
}

TEST(ElaborateMonitors, ImplementedTwice) {
    EXPECT_EQ(error_of("type t\naction g(x:t)\nimplement g { }\nimplement g { }\n"),
              "test.ivy: line 5: error: 'g' already has an implementation (at test.ivy: line 4)");
}

TEST(ElaborateMonitors, ImplementOfAnActionWithABody) {
    EXPECT_EQ(error_of("type t\naction g(x:t) = {}\nimplement g { }\n"),
              "test.ivy: line 4: error: 'g' already has an implementation (at test.ivy: line 3)");
}

TEST(ElaborateMonitors, ImplementBeforeTheActionsBody) {
    EXPECT_EQ(error_of("type t\nindividual c : t\nimplement a { c := c }\naction a = { }\n"),
              "test.ivy: line 5: error: 'a' already has an implementation (at test.ivy: line 4)");
}

TEST(ElaborateMonitors, UnknownTarget) {
    EXPECT_EQ(error_of("type t\nafter nothere { }\n"),
              "test.ivy: line 3: error: unknown action 'nothere'");
}

TEST(ElaborateMonitors, AfterInitBlocksInOrder) {
    const char* spec = R"(type t
relation r(X:t)
individual c : t
after init { r(X) := false }
object o = {
    relation s
    after init { s := r(c) }
}
after init { c := c }
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "initializers"), "after init init[after1] {\n"
                                              "    r(X) := false\n"
                                              "}\n"
                                              "after init o.init[after2] {\n"
                                              "    o.s := r(c)\n"
                                              "}\n"
                                              "after init init[after3] {\n"
                                              "    c := c\n"
                                              "}\n");
}

TEST(ElaborateMonitors, InitializerMayCallActions) {
    const char* spec = R"(type t
individual c : t
action pick returns (x:t)
after init { c := pick }
)";
    EXPECT_EQ(section_of(spec, "initializers"), "after init init[after1] {\n"
                                                "    call loc:0 := pick;\n"
                                                "    c := loc:0\n"
                                                "}\n");
}

} // namespace
} // namespace ivy::frontend::testing

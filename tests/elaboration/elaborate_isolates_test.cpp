// Isolates: `isolate I = {...} with ...`, lists, `trusted`, parameters, `extract`, and
// what a `with` list may name (docs/ivy-language.md 3.10, docs/verification.md 2).
#include "tests/elaboration/elaborate_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

const char* const kIsolates = R"(type node
object ctr = {
    relation on(N:node)
    action bump(n:node) = { on(n) := true }
    invariant [inv] on(N) -> on(N)
}
trusted isolate iso = ctr with node
isolate iso2 = ctr.on, ctr.bump with ctr.inv
isolate iso3 = {
    action z = {}
} with ctr, this
isolate server(me:node) = ctr with node
extract code(n:node) = ctr(n), iso3
)";

TEST(ElaborateIsolates, Table) {
    EXPECT_EQ(section_of(kIsolates, "isolates"), "trusted isolate iso = ctr with node\n"
                                                 "isolate iso2 = ctr.on, ctr.bump with ctr.inv\n"
                                                 "isolate iso3 = iso3 with ctr, this\n"
                                                 "isolate server(me:node) = ctr with node\n"
                                                 "extract code(n:node) = ctr(n), iso3\n");
}

TEST(ElaborateIsolates, InProgram) {
    Elaboration e = elaborate_body(kIsolates);
    ASSERT_TRUE(e.program) << e.first_error();
    const ir::Program& p = *e.program;
    ASSERT_EQ(p.isolates.size(), 5u);
    EXPECT_TRUE(p.isolates[0].trusted);
    EXPECT_FALSE(p.isolates[1].trusted);
    EXPECT_FALSE(p.isolates[1].extract);
    // `isolate I = {...}` declares the object I and verifies it.
    EXPECT_TRUE(p.object_index.count("iso3"));
    EXPECT_TRUE(p.find_action("iso3.z"));
    ASSERT_EQ(p.isolates[2].verified.size(), 1u);
    EXPECT_EQ(p.isolates[2].verified[0].name, "iso3");
    EXPECT_EQ(p.isolates[3].param_names, std::vector<std::string>{"me"});
    ASSERT_EQ(p.isolates[3].param_sorts.size(), 1u);
    EXPECT_EQ(p.sort_name(p.isolates[3].param_sorts[0]), "node");
    const ir::Isolate& code = p.isolates[4];
    EXPECT_TRUE(code.extract);
    ASSERT_EQ(code.verified.size(), 2u);
    EXPECT_EQ(code.verified[0].name, "ctr");
    EXPECT_EQ(code.verified[0].args, std::vector<std::string>{"n"});
    EXPECT_EQ(code.verified[0].loc.line, 14u);
}

TEST(ElaborateIsolates, InsideAModuleInstance) {
    // `isolate iso = impl, spec with this` in a module names the instance's parts.
    const char* spec = R"(module seq = {
    type this
    alias t = this
    object spec = { property [p] X:t = X }
    object impl = { interpret t -> int }
    isolate iso = impl, spec with this
    trusted isolate tr = this
}
instance idx : seq
isolate top = this
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "isolates"), "isolate idx.iso = idx.impl, idx.spec with idx\n"
                                          "trusted isolate idx.tr = idx\n"
                                          "isolate top = this\n");
    EXPECT_EQ(section(shown, "axioms"), "property [idx.spec.p] X = X\n");
    EXPECT_EQ(lines_with(section(shown, "sorts"), "interpret"), "interpret idx -> int\n");
}

TEST(ElaborateIsolates, WithListMayNameSortsActionsLabelsAndDefinitions) {
    const char* spec = R"(type t
relation r(X:t)
definition [rdef] r(X) = true
property [rp] r(X)
action act = {}
object o = {}
isolate i = o with t, r, rdef, rp, act, this
)";
    EXPECT_EQ(section_of(spec, "isolates"), "isolate i = o with t, r, rdef, rp, act, this\n");
}

TEST(ElaborateIsolates, BadWithTarget) {
    EXPECT_EQ(
        error_of("type t\nobject o = {}\nisolate i = o with nothere\n"),
        "test.ivy: line 4: error: nothere is not an object, action, sort, definition, interpreted "
        "function or property");
}

TEST(ElaborateIsolates, BadVerifiedMember) {
    EXPECT_EQ(error_of("type t\n\nisolate i = o.missing\n"),
              "test.ivy: line 4: error: o.missing is not an object, action, sort, definition, "
              "interpreted function or property");
}

TEST(ElaborateIsolates, Attributes) {
    Elaboration e =
        elaborate_body("module seq = {\n    object impl = {}\n    attribute test = impl\n}\n"
                       "instance idx : seq\n");
    ASSERT_TRUE(e.program) << e.first_error();
    ASSERT_EQ(e.program->attributes.size(), 1u);
    EXPECT_EQ(e.program->attributes[0].name, "idx.test");
}

} // namespace
} // namespace ivy::frontend::testing

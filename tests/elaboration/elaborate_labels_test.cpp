// Ivy's automatic labels: one global counter in parse order, nested items first,
// shared by module instances; monitors numbered the same way
// (docs/verification.md 1 and 6, docs/ivy-language.md 3.7).
#include "tests/elaboration/elaborate_test_util.h"
#include "tests/source_files.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

// The example of docs/verification.md section 6.
const std::string kDemo = ivy::testing::source_file("tests/specs/parse/verification_demo.ivy");

TEST(ElaborateLabels, DemoInitializers) {
    Elaboration e = elaborate_file_text(kDemo, "demo.ivy");
    ASSERT_TRUE(e.program) << e.first_error();
    EXPECT_EQ(section(ir::show(*e.program), "initializers"),
              "after init gen.init[after1] {  # demo.ivy: line 16\n"
              "    gen.used(X) := false  # demo.ivy: line 16\n"
              "}\n"
              "after init client.init[after6] {  # demo.ivy: line 32\n"
              "    client.have := false  # demo.ivy: line 32\n"
              "}\n");
}

TEST(ElaborateLabels, DemoActionsAndFacts) {
    Elaboration e = elaborate_file_text(kDemo, "demo.ivy");
    ASSERT_TRUE(e.program) << e.first_error();
    std::string shown = ir::show(*e.program);
    EXPECT_EQ(
        section(shown, "axioms"),
        "axiom [ord.trans] ord.lt(X, Y) & ord.lt(Y, Z) -> ord.lt(X, Z)  # demo.ivy: line 7\n"
        "axiom [ord.irrefl] ~ord.lt(X, X)  # demo.ivy: line 8\n"
        "axiom [ord.total] ord.lt(X, Y) | X = Y | ord.lt(Y, X)  # demo.ivy: line 9\n"
        "invariant [client.hi_used] client.have -> gen.used(client.hi)  # demo.ivy: line 39\n"
        "invariant [client.hi_max] client.have & gen.used(X) -> ~ord.lt(client.hi, X)  # demo.ivy: "
        "line 40\n");
    EXPECT_EQ(section(shown, "actions"),
              "action gen.next() returns (x:id) = {  # demo.ivy: line 13\n"
              "    # body  # demo.ivy: line 23\n"
              "    assume [asrt4] ~gen.used(fml:x)  # demo.ivy: line 24\n"
              "    # after monitor gen.next[after3]  # demo.ivy: line 17\n"
              "    ensure [asrt2] ~gen.used(fml:x);  # demo.ivy: line 18\n"
              "    gen.used(fml:x) := true  # demo.ivy: line 19\n"
              "}\n"
              "export action client.step() = {  # demo.ivy: line 33\n"
              "    # body  # demo.ivy: line 33\n"
              "    call loc:0 := gen.next;  # demo.ivy: line 34\n"
              "    var loc:y : id;  # demo.ivy: line 34\n"
              "    loc:y := loc:0;  # demo.ivy: line 34\n"
              "    if ~client.have | ord.lt(client.hi, loc:y) {\n"
              "        client.hi := loc:y  # demo.ivy: line 35\n"
              "    };  # demo.ivy: line 35\n"
              "    client.have := true;  # demo.ivy: line 36\n"
              "    assert [asrt7] gen.used(loc:y)  # demo.ivy: line 37\n"
              "}\n");
    EXPECT_EQ(section(shown, "isolates"),
              "isolate gen = gen  # demo.ivy: line 12\n"
              "isolate client = client with gen, ord  # demo.ivy: line 29\n");
}

TEST(ElaborateLabels, OneCounterForAllKinds) {
    const char* spec = R"(type t
interpret t -> int
relation p(X:t)
axiom p(0)
property p(1)
conjecture p(2)
invariant p(3)
definition q(X:t) = p(X)
relation r(X:t) = p(X)
<<< member >>>
axiom [given] p(4)
axiom p(5)
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "definitions"), "definition [def6] q(X) = p(X)\n"
                                             "definition [def7] r(X) = p(X)\n");
    EXPECT_EQ(section(shown, "axioms"), "axiom [axiom2] p(0)\n"
                                        "property [prop3] p(1)\n"
                                        "invariant [conj4] p(2)\n"
                                        "invariant [invar5] p(3)\n"
                                        "axiom [given] p(4)\n"
                                        "axiom [axiom9] p(5)\n");
    Elaboration e = elaborate_body(spec);
    ASSERT_TRUE(e.program) << e.first_error();
    EXPECT_TRUE(e.program->facts[0].automatic_label);
    EXPECT_FALSE(e.program->facts[4].automatic_label);
}

TEST(ElaborateLabels, NestedItemsFirst) {
    // Assertions inside a monitor are numbered before the monitor; an object's
    // contents in order, before what follows it.
    const char* spec = R"(type t
relation p(X:t)
action a(x:t) = { require p(x); if p(x) { assert p(x) } else { assume p(x) } }
after a { ensure p(x) }
object o = {
    property p(X) | ~p(X)
    after init { assert true }
}
property true
)";
    std::string shown = bare_show_of(spec);
    EXPECT_EQ(section(shown, "actions"), "action a(x:t) = {\n"
                                         "    # body\n"
                                         "    require [asrt1] p(fml:x);\n"
                                         "    if p(fml:x) {\n"
                                         "        assert [asrt2] p(fml:x)\n"
                                         "    } else {\n"
                                         "        assume [asrt3] p(fml:x)\n"
                                         "    }\n"
                                         "    # after monitor a[after5]\n"
                                         "    ensure [asrt4] p(fml:x)\n"
                                         "}\n");
    EXPECT_EQ(section(shown, "axioms"), "property [o.prop6] p(X) | ~p(X)\n"
                                        "property [prop9] true\n");
    EXPECT_EQ(section(shown, "initializers"), "after init o.init[after8] {\n"
                                              "    assert [asrt7] true\n"
                                              "}\n");
}

TEST(ElaborateLabels, CounterRunsThroughIncludedFiles) {
    TempDir dir;
    ASSERT_TRUE(dir.ok());
    dir.write("lib.ivy", "#lang ivy\ntype t\naxiom X:t = X\n");
    std::string main =
        dir.write("main.ivy", "#lang ivy1.7\naxiom true\ninclude lib\naxiom false\n");
    Elaboration e = elaborate_path(main);
    ASSERT_TRUE(e.program) << e.first_error();
    EXPECT_EQ(section(strip_locations(ir::show(*e.program)), "axioms"), "axiom [axiom1] true\n"
                                                                        "axiom [axiom2] X = X\n"
                                                                        "axiom [axiom3] false\n");
}

TEST(ElaborateLabels, WrittenLabelsArePrefixed) {
    const char* spec = R"(type t
object a = {
    object b = {
        property [deep] X:t = X
    }
}
)";
    EXPECT_EQ(section_of(spec, "axioms"), "property [a.b.deep] X = X\n");
}

TEST(ElaborateLabels, DuplicateLabelInAScope) {
    // A label names one fact or definition of its scope (in `with` lists and messages).
    EXPECT_EQ(error_of("type t\nrelation p(X:t)\nproperty [a] p(X) | ~p(X)\nproperty [a] p(X)\n"),
              "test.ivy: line 5: error: label a is used twice (first at test.ivy: line 4)");
    EXPECT_EQ(error_of("type t\nrelation p(X:t)\nrelation q(X:t)\ndefinition [a] q(X) = p(X)\n"
                       "property [a] p(X) | ~p(X)\n"),
              "test.ivy: line 6: error: label a is used twice (first at test.ivy: line 5)");
}

TEST(ElaborateLabels, SameLabelInTwoScopes) {
    // Qualified, they are two labels: o.a and a; i.a and j.a.
    EXPECT_EQ(error_of("type t\nrelation p(X:t)\nobject o = {\n    property [a] p(X) | ~p(X)\n}\n"
                       "property [a] p(X) | ~p(X)\n"),
              "");
    EXPECT_EQ(error_of("type t\nrelation p(X:t)\nmodule m = {\n    property [a] p(X) | ~p(X)\n}\n"
                       "instance i : m\ninstance j : m\n"),
              "");
}

} // namespace
} // namespace ivy::frontend::testing

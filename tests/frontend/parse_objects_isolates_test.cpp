// Objects, isolates, extracts, sections, attributes and delegation (language reference
// 2.2, 3.4 and 3.10).
#include "tests/frontend/parse_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

// ---------------------------------------------------------------- object

TEST(ParseObjectsIsolates, Object) {
    EXPECT_EQ(decl_sexpr("object localstate = {\n"
                         "    individual term : t\n"
                         "    relation is_leader\n"
                         "}\n"),
              "(object localstate (body (individual (term term (: t))) "
              "(relation (sym (lhs is_leader)))))");
}

TEST(ParseObjectsIsolates, EmptyObject) {
    EXPECT_EQ(decl_sexpr("object spec = {}\n"), "(object spec (body))");
}

TEST(ParseObjectsIsolates, ObjectContinuation) {
    EXPECT_EQ(decl_sexpr("object spec = { ...\n    action next(x:t) returns (x:t)\n}\n"),
              "(object spec ... (body (action next (params (param x t)) (returns (param x t)))))");
}

TEST(ParseObjectsIsolates, EmptyContinuation) {
    EXPECT_EQ(decl_sexpr("object o = { ... }\n"), "(object o ... (body))");
}

TEST(ParseObjectsIsolates, ContinuationMarkComesFirst) {
    EXPECT_EQ(body_error("object o = { type t ... }\n"),
              "test.ivy: line 2: error: syntax error at column 21: unexpected '...', expected "
              "'}'");
}

TEST(ParseObjectsIsolates, ParameterisedObject) {
    EXPECT_EQ(decl_sexpr("object server(self:node) = { relation decided(I:inst, V:value) }\n"),
              "(object server (params (param self node)) "
              "(body (relation (sym (lhs decided I:inst V:value)))))");
}

TEST(ParseObjectsIsolates, SpecAndImplObjects) {
    EXPECT_EQ(decl_sexpr("object x = {\n"
                         "    object spec = { action a }\n"
                         "    object impl = { implement a { } }\n"
                         "}\n"),
              "(object x (body (object spec (body (action a))) "
              "(object impl (body (implement a (body))))))");
}

// ---------------------------------------------------------------- isolate

TEST(ParseObjectsIsolates, IsolateBodyWith) {
    EXPECT_EQ(decl_sexpr("isolate hist = { type this } with index, term\n"),
              "(isolate hist (body (type this)) (with index term))");
}

TEST(ParseObjectsIsolates, IsolateBodyWithoutWith) {
    EXPECT_EQ(decl_sexpr("isolate common = { type node }\n"),
              "(isolate common (body (type node)))");
}

TEST(ParseObjectsIsolates, IsolateMembersWith) {
    EXPECT_EQ(decl_sexpr("isolate iso = impl, spec with node\n"),
              "(isolate iso (members impl spec) (with node))");
}

TEST(ParseObjectsIsolates, IsolateMembersWithoutWith) {
    EXPECT_EQ(decl_sexpr("isolate iso = spec, impl\n"), "(isolate iso (members spec impl))");
}

TEST(ParseObjectsIsolates, IsolateThis) {
    EXPECT_EQ(decl_sexpr("isolate iso = this\n"), "(isolate iso (members this))");
}

TEST(ParseObjectsIsolates, TrustedIsolate) {
    EXPECT_EQ(decls_sexpr("trusted isolate iso = impl,spec\ntrusted isolate t = { }\n"),
              "(isolate iso trusted (members impl spec))\n(isolate t trusted (body))\n");
}

TEST(ParseObjectsIsolates, WithItemsLabelHiddenPartAndThis) {
    EXPECT_EQ(decl_sexpr("isolate iso = this with domain.impl, nset.majorities_intersect, this\n"),
              "(isolate iso (members this) "
              "(with (. impl domain) (. majorities_intersect nset) this))");
}

TEST(ParseObjectsIsolates, IsolateWithParameters) {
    EXPECT_EQ(decl_sexpr("isolate i(n:node) = a\n"),
              "(isolate i (params (param n node)) (members a))");
}

// ---------------------------------------------------------------- extract

TEST(ParseObjectsIsolates, ExtractWithParameter) {
    EXPECT_EQ(decl_sexpr("extract test(n:node) = proc(n), net(n), sec.impl(n)\n"),
              "(extract test (params (param n node)) "
              "(members (app proc n) (app net n) (. impl sec n)))");
}

TEST(ParseObjectsIsolates, ExtractWithoutParameter) {
    EXPECT_EQ(decl_sexpr("extract x = a\n"), "(extract x (members a))");
}

TEST(ParseObjectsIsolates, ExtractBodyWith) {
    EXPECT_EQ(decl_sexpr("extract x = { action a } with b\n"),
              "(extract x (body (action a)) (with b))");
}

// ---------------------------------------------------------------- sections

TEST(ParseObjectsIsolates, Specification) {
    EXPECT_EQ(decl_sexpr("specification { relation r }\n"),
              "(specification (relation (sym (lhs r))))");
}

TEST(ParseObjectsIsolates, Implementation) {
    EXPECT_EQ(decl_sexpr("implementation { individual c : t }\n"),
              "(implementation (individual (term c (: t))))");
}

TEST(ParseObjectsIsolates, Private) {
    EXPECT_EQ(decl_sexpr("private { invariant p }\n"), "(private (invariant p))");
}

TEST(ParseObjectsIsolates, EmptySections) {
    EXPECT_EQ(decls_sexpr("specification {}\nimplementation {}\nprivate {}\n"),
              "(specification)\n(implementation)\n(private)\n");
}

// ---------------------------------------------------------------- attribute, delegate

TEST(ParseObjectsIsolates, Attribute) {
    EXPECT_EQ(decls_sexpr("attribute test = impl\nattribute cardinality = size\n"),
              "(attribute test impl)\n(attribute cardinality size)\n");
}

TEST(ParseObjectsIsolates, AttributeBoolean) {
    EXPECT_EQ(decls_sexpr("attribute x.y = true\nattribute z = false\n"),
              "(attribute (. y x) true)\n(attribute z false)\n");
}

TEST(ParseObjectsIsolates, Delegate) {
    EXPECT_EQ(decls_sexpr("delegate a, b -> c\ndelegate a\n"),
              "(delegate a b (-> c))\n(delegate a)\n");
}

} // namespace
} // namespace ivy::frontend::testing

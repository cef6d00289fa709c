// One test per kind of elaboration error: the message and the line it names
// (frontend/elaborate.h). Each snippet's line N is line N + 1 of test.ivy.
#include "tests/elaboration/elaborate_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

// ------------------------------------------------------------------ undefined names

TEST(ElaborateErrors, UndefinedNameInAFormula) {
    EXPECT_EQ(error_of("type t\nrelation p(X:t)\naxiom p(X) -> q(X)\n"),
              "test.ivy: line 4: error: unknown name 'q'");
}

TEST(ElaborateErrors, UndefinedNameInAnAction) {
    EXPECT_EQ(error_of("type t\naction a(x:t) = {\n    call b(x)\n}\n"),
              "test.ivy: line 4: error: unknown name 'b'");
}

TEST(ElaborateErrors, UndefinedDottedName) {
    EXPECT_EQ(error_of("type t\nobject o = {\n    relation r\n}\naxiom o.s\n"),
              "test.ivy: line 6: error: unknown name 'o.s'");
}

TEST(ElaborateErrors, UndefinedSort) {
    EXPECT_EQ(error_of("type t\nindividual c : u\n"), "test.ivy: line 3: error: unknown sort 'u'");
    EXPECT_EQ(error_of("type t\naction a(x:t) = {\n    var y : u\n}\n"),
              "test.ivy: line 4: error: unknown sort 'u'");
}

TEST(ElaborateErrors, UndefinedNameInsideAModuleNamesTheModuleLine) {
    EXPECT_EQ(error_of("type t\nmodule m = {\n    axiom nothere(X:t)\n}\ninstance a : m\n"),
              "test.ivy: line 4: error: unknown name 'nothere'");
}

TEST(ElaborateErrors, ErrorInsideAModuleNamesTheInstance) {
    Elaboration e =
        elaborate_body("type t\nmodule m = {\n    axiom nothere(X:t)\n}\ninstance a : m\n");
    ASSERT_GE(e.diags.all().size(), 2u);
    EXPECT_EQ(format(e.diags.all()[0]), "test.ivy: line 4: error: unknown name 'nothere'");
    EXPECT_EQ(format(e.diags.all()[1]), "test.ivy: line 6: error: instantiated here");
}

// Every message for `body`, one a line.
std::string messages_of(std::string_view body) {
    const Elaboration e = elaborate_body(body);
    std::string out;
    for (const Diagnostic& d : e.diags.all()) out += format(d) + "\n";
    return out;
}

TEST(ElaborateErrors, NestedInstancesAreNamedInnermostFirst) {
    // As Ivy prints them: the message at the module text, then each instance line
    // from the innermost out.
    EXPECT_EQ(messages_of("type t\nmodule m = {\n    axiom q\n}\nmodule n = {\n    instance inner : m\n}\n"
                          "instance outer : n\n"),
              "test.ivy: line 4: error: unknown name 'q'\n"
              "test.ivy: line 7: error: instantiated here\n"
              "test.ivy: line 9: error: instantiated here\n");
}

TEST(ElaborateErrors, EveryKindOfErrorInAnInstanceNamesIt) {
    // Found while flattening (a module, an object declared twice), while typing
    // (a sort mismatch) and in an action body.
    EXPECT_EQ(messages_of("module m = {\n    instance z : nothere\n}\ninstance i : m\n"),
              "test.ivy: line 3: error: unknown module 'nothere'\n"
              "test.ivy: line 5: error: instantiated here\n");
    EXPECT_EQ(messages_of("module m = {\n    object o = {}\n    object o = {}\n}\ninstance i : m\n"),
              "test.ivy: line 4: error: redefining o (from test.ivy: line 3)\n"
              "test.ivy: line 6: error: instantiated here\n");
    EXPECT_EQ(messages_of("type t\nmodule m = {\n    individual c : t\n    axiom c\n}\ninstance i : m\n"),
              "test.ivy: line 5: error: sort mismatch: a formula has sort t, expected bool\n"
              "test.ivy: line 7: error: instantiated here\n");
    EXPECT_EQ(messages_of("type t\nmodule m = {\n    action a = { call nothere }\n}\ninstance i : m\n"),
              "test.ivy: line 4: error: unknown name 'nothere'\n"
              "test.ivy: line 6: error: instantiated here\n");
}

// ------------------------------------------------------------------ sort mismatches

TEST(ElaborateErrors, SortMismatchOfAnArgument) {
    EXPECT_EQ(error_of("type t\ntype u\nrelation p(X:t)\nrelation q(X:u)\naxiom p(X) & q(X)\n"),
              "test.ivy: line 6: error: sort mismatch: argument 1 of 'q', variable X has sort t, "
              "expected u");
}

TEST(ElaborateErrors, SortMismatchInAnAssignment) {
    EXPECT_EQ(
        error_of(
            "type t\ntype u\nindividual c : t\nindividual d : u\naction a = {\n    c := d\n}\n"),
        "test.ivy: line 7: error: sort mismatch: assigning 'd' to 'c' (t versus u)");
}

TEST(ElaborateErrors, SortMismatchInAComparison) {
    EXPECT_EQ(error_of("type t\nrelation p(X:t)\nindividual c : t\naxiom p(c) = c\n"),
              "test.ivy: line 5: error: sort mismatch: 'p' compared with 'c' (bool versus t)");
}

TEST(ElaborateErrors, NonFormulaInAConnective) {
    EXPECT_EQ(error_of("type t\nrelation p\nindividual c : t\naxiom p & c\n"),
              "test.ivy: line 5: error: sort mismatch: 'c' has sort t, expected bool");
}

TEST(ElaborateErrors, SortMismatchOfAnActionArgument) {
    EXPECT_EQ(
        error_of("type t\ntype u\nindividual d : u\naction g(x:t)\naction a = { call g(d) }\n"),
        "test.ivy: line 6: error: sort mismatch: argument 1 of 'g', 'd' has sort u, expected t");
}

// ------------------------------------------------------------------ wrong arities

TEST(ElaborateErrors, TooManyArguments) {
    EXPECT_EQ(error_of("type t\nrelation p(X:t)\naxiom p(X) & p(X,X)\n"),
              "test.ivy: line 4: error: wrong number of arguments to 'p': expected 1, got 2");
}

TEST(ElaborateErrors, TooFewArguments) {
    EXPECT_EQ(error_of("type t\nrelation p(X:t)\naxiom p\n"),
              "test.ivy: line 4: error: wrong number of arguments to 'p': expected 1, got 0");
}

TEST(ElaborateErrors, ArgumentsToAConstant) {
    EXPECT_EQ(error_of("type t\nindividual c : t\naxiom c(c) = c\n"),
              "test.ivy: line 4: error: wrong number of arguments to 'c': expected 0, got 1");
}

TEST(ElaborateErrors, WrongNumberOfActionArguments) {
    EXPECT_EQ(
        error_of("type t\naction g(x:t)\naction a(x:t) = { call g(x, x) }\n"),
        "test.ivy: line 4: error: wrong number of arguments to action 'g': expected 1, got 2");
}

TEST(ElaborateErrors, ArityCountsOnlyWrittenArgumentsInParameterisedObjects) {
    // `up` has the implicit `self` and no written argument.
    EXPECT_EQ(
        error_of("type node\nobject o(self:node) = {\n    relation up\n    axiom up(self)\n}\n"),
        "test.ivy: line 5: error: wrong number of arguments to 'o.up': expected 0, got 1");
}

// ------------------------------------------------------------------ duplicates

TEST(ElaborateErrors, DuplicateSort) {
    EXPECT_EQ(error_of("type t\n\ntype t\n"),
              "test.ivy: line 4: error: redefining t (from test.ivy: line 2)");
}

TEST(ElaborateErrors, DuplicateSymbol) {
    EXPECT_EQ(error_of("type t\nrelation r(X:t)\nfunction r(X:t) : t\n"),
              "test.ivy: line 4: error: redefining r (from test.ivy: line 3)");
}

TEST(ElaborateErrors, SymbolNamedLikeASort) {
    EXPECT_EQ(error_of("type t\nrelation t(X:t)\n"),
              "test.ivy: line 3: error: redefining t (from test.ivy: line 2)");
}

TEST(ElaborateErrors, DuplicateAction) {
    EXPECT_EQ(error_of("type t\naction a\naction a\n"),
              "test.ivy: line 4: error: redefining a (from test.ivy: line 3)");
}

TEST(ElaborateErrors, ActionNamedLikeASymbol) {
    EXPECT_EQ(error_of("type t\nindividual a : t\naction a\n"),
              "test.ivy: line 4: error: redefining a (from test.ivy: line 3)");
}

TEST(ElaborateErrors, FieldNamedLikeASymbol) {
    EXPECT_EQ(error_of("type t\ntype s = struct { f : t }\nrelation f(X:t)\n"),
              "test.ivy: line 4: error: redefining f (from test.ivy: line 3)");
}

TEST(ElaborateErrors, DuplicateInTwoObjectsOfTheSameName) {
    EXPECT_EQ(
        error_of("type t\nobject o = {\n    relation r\n}\nobject o = { ...\n    relation r\n}\n"),
        "test.ivy: line 7: error: redefining o.r (from test.ivy: line 4)");
}

TEST(ElaborateErrors, DuplicateParameter) {
    EXPECT_EQ(error_of("type t\naction a(x:t, x:t)\n"),
              "test.ivy: line 3: error: parameter x of a is declared twice");
}

// ------------------------------------------------------------------ includes

TEST(ElaborateErrors, BadInclude) {
    std::string error = error_of("type t\ninclude missing_file\n");
    EXPECT_EQ(error.substr(0, error.find(" (looked in")),
              "test.ivy: line 3: error: cannot find include file 'missing_file.ivy'");
}

// ------------------------------------------------------------------ isolates

TEST(ElaborateErrors, BadWithTarget) {
    EXPECT_EQ(
        error_of("type t\nobject o = {\n    individual c : t\n}\nisolate i = o with nothere\n"),
        "test.ivy: line 6: error: nothere is not an object, action, sort, definition, interpreted "
        "function or property");
}

TEST(ElaborateErrors, BadWithTargetInsideAnObject) {
    EXPECT_EQ(
        error_of("type t\nobject o = {\n    individual c : t\n}\nisolate i = o with o.d\n"),
        "test.ivy: line 6: error: o.d is not an object, action, sort, definition, interpreted "
        "function or property");
}

// ------------------------------------------------------------------ every error is reported

TEST(ElaborateErrors, SeveralErrorsAreAllReported) {
    Elaboration e = elaborate_body("type t\naxiom p(X)\naxiom q(X)\n");
    EXPECT_FALSE(e.program);
    ASSERT_EQ(e.diags.all().size(), 2u);
    EXPECT_EQ(format(e.diags.all()[0]), "test.ivy: line 3: error: unknown name 'p'");
    EXPECT_EQ(format(e.diags.all()[1]), "test.ivy: line 4: error: unknown name 'q'");
}

} // namespace
} // namespace ivy::frontend::testing

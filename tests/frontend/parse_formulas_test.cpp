// Formula declarations (language reference 2.2 and 3.7): axiom, property, conjecture,
// invariant, theorem, with their labels, modifiers, schemata and proofs.
#include "tests/frontend/parse_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

// ---------------------------------------------------------------- property

TEST(ParseFormulas, Property) {
    EXPECT_EQ(decl_sexpr("property r(X) -> s(X)\n"), "(property (-> (app r X) (app s X)))");
}

TEST(ParseFormulas, LabelledProperty) {
    EXPECT_EQ(decl_sexpr("property [safety] decided(N,I,V) & decided(M,I,W) -> V = W\n"),
              "(property [safety] (-> (& (app decided N I V) (app decided M I W)) (= V W)))");
}

TEST(ParseFormulas, TemporalProperty) {
    EXPECT_EQ(decl_sexpr("temporal property globally p -> eventually q\n"),
              "(property temporal (globally (-> p (eventually q))))");
}

TEST(ParseFormulas, ExplicitPropertyNamed) {
    EXPECT_EQ(decl_sexpr("explicit property [e] exists Y. r(X,Y) named f(X)\n"),
              "(property explicit [e] (exists (vars Y) (app r X Y)) (named (lhs f X)))");
}

TEST(ParseFormulas, ExplicitTemporalOrderIsFixed) {
    EXPECT_EQ(body_error("temporal explicit property p\n"),
              "test.ivy: line 2: error: syntax error at column 10: unexpected 'explicit'");
}

// ---------------------------------------------------------------- conjecture

TEST(ParseFormulas, Conjecture) {
    EXPECT_EQ(decl_sexpr("conjecture is_leader(N) & is_leader(M) -> N = M\n"),
              "(conjecture (-> (& (app is_leader N) (app is_leader M)) (= N M)))");
}

TEST(ParseFormulas, LabelledConjecture) {
    EXPECT_EQ(decl_sexpr("conjecture [c1] r\n"), "(conjecture [c1] r)");
}

// ---------------------------------------------------------------- invariant

TEST(ParseFormulas, Invariant) {
    EXPECT_EQ(decl_sexpr("invariant ~(T < U & U < T)\n"), "(invariant (~ (& (< T U) (< U T))))");
}

TEST(ParseFormulas, LabelledInvariant) {
    EXPECT_EQ(decl_sexpr("invariant [majorities_intersect] majority(S) & majority(T) -> "
                         "exists N. member(N,S) & member(N,T)\n"),
              "(invariant [majorities_intersect] (-> (& (app majority S) (app majority T)) "
              "(exists (vars N) (& (app member N S) (app member N T)))))");
}

TEST(ParseFormulas, ExplicitInvariant) {
    EXPECT_EQ(decl_sexpr("explicit invariant q\n"), "(invariant explicit q)");
}

TEST(ParseFormulas, InvariantWith) {
    EXPECT_EQ(decl_sexpr("invariant p with nset.majorities_intersect, node\n"),
              "(invariant p (with nset.majorities_intersect node))");
}

TEST(ParseFormulas, InvariantWithProof) {
    EXPECT_EQ(decl_sexpr("invariant p proof apply foo\n"), "(invariant p (proof (apply foo)))");
}

// ---------------------------------------------------------------- axiom

TEST(ParseFormulas, Axiom) {
    EXPECT_EQ(decl_sexpr("axiom [ax] p | q\n"), "(axiom [ax] (| p q))");
}

TEST(ParseFormulas, ExplicitTemporalAxiom) {
    EXPECT_EQ(decl_sexpr("explicit temporal axiom eventually p\n"),
              "(axiom explicit temporal (eventually p))");
}

TEST(ParseFormulas, AxiomSchema) {
    EXPECT_EQ(decl_sexpr("axiom { type t relation r(X:t) property r(X) }\n"),
              "(axiom (schema (type t) (relation (sym (lhs r X:t))) (property (app r X))))");
}

// ---------------------------------------------------------------- theorem

TEST(ParseFormulas, NamedTheoremSchema) {
    EXPECT_EQ(decl_sexpr("theorem extensionality = {\n"
                         "    type t\n"
                         "    function f(X:t) : t\n"
                         "    property f(X) = X\n"
                         "}\n"),
              "(theorem (lhs extensionality) (schema (type t) (function (sym (lhs f X:t) (: t))) "
              "(property (= (app f X) X))))");
}

TEST(ParseFormulas, LabelledTheoremSchema) {
    EXPECT_EQ(decl_sexpr("theorem [th] { individual x : t property [p1] x = x }\n"),
              "(theorem [th] (schema (individual (term x (: t))) (property [p1] (= x x))))");
}

TEST(ParseFormulas, TheoremFormula) {
    EXPECT_EQ(decl_sexpr("theorem t2 = p -> p\n"), "(theorem (lhs t2) (-> p p))");
}

TEST(ParseFormulas, SchemaItems) {
    EXPECT_EQ(decl_sexpr("theorem t3 = { relation r definition d = r axiom r property d } "
                         "proof assume t3\n"),
              "(theorem (lhs t3) (schema (relation (sym (lhs r))) (definition (defn (lhs d) r)) "
              "(axiom r) (property d)) (proof (assume t3)))");
}

// ---------------------------------------------------------------- proofs

TEST(ParseFormulas, ProofApplyWithRenamingAndMatches) {
    EXPECT_EQ(decl_sexpr("property p proof apply rec[t] <X/Y, f/g> with X = 1, q\n"),
              "(property p (proof (apply rec[t] (rename X/Y f/g) (= X 1) q)))");
}

TEST(ParseFormulas, ProofAssumeAndInstantiate) {
    EXPECT_EQ(decls_sexpr("property p proof assume foo.bar\n"
                          "property q proof instantiate ind[t] with n\n"),
              "(property p (proof (assume foo.bar)))\n"
              "(property q (proof (instantiate ind[t] n)))\n");
}

TEST(ParseFormulas, ProofSimpleSteps) {
    EXPECT_EQ(decls_sexpr("property p proof showgoals\n"
                          "property p proof defergoal\n"
                          "property p proof spoil f\n"
                          "property p proof unfold f\n"
                          "property p proof unfold\n"
                          "property p proof forget a, b.c\n"),
              "(property p (proof (showgoals)))\n"
              "(property p (proof (defergoal)))\n"
              "(property p (proof (spoil f)))\n"
              "(property p (proof (unfold f)))\n"
              "(property p (proof (unfold)))\n"
              "(property p (proof (forget a b.c)))\n");
}

TEST(ParseFormulas, ProofTactic) {
    EXPECT_EQ(decls_sexpr("property p proof tactic skolemize\n"
                          "property q proof tactic invariance with invariant [i1] p invariant r\n"),
              "(property p (proof (tactic skolemize)))\n"
              "(property q (proof (tactic invariance [i1] p r)))\n");
}

TEST(ParseFormulas, ProofGroupWithPropertyAndLet) {
    EXPECT_EQ(decl_sexpr("property p proof {\n"
                         "    property [l] q named f(X) proof { showgoals };\n"
                         "    let X = 1, Y = 2;\n"
                         "}\n"),
              "(property p (proof (group (steps (property [l] q (named (lhs f X)) "
              "(steps (showgoals))) (let (= X 1) (= Y 2))))))");
}

TEST(ParseFormulas, ProofIfElse) {
    EXPECT_EQ(decl_sexpr("property p proof if x = 1 { apply a } else { apply b; }\n"),
              "(property p (proof (if (= x 1) (steps (apply a)) (else (apply b)))))");
}

TEST(ParseFormulas, ProofEmptyGroupAndTemporalProperty) {
    EXPECT_EQ(decls_sexpr("property p proof { }\nproperty p proof temporal property q\n"),
              "(property p (proof (group (steps))))\n(property p (proof (property temporal q)))\n");
}

TEST(ParseFormulas, ProofStepsAreSeparatedBySemicolons) {
    EXPECT_EQ(decl_sexpr("property [l] p proof { apply a; apply b }\n"),
              "(property [l] p (proof (group (steps (apply a) (apply b)))))");
    EXPECT_EQ(body_error("property p proof { apply a apply b }\n"),
              "test.ivy: line 2: error: syntax error at column 28: unexpected 'apply', expected "
              "';' or '}'");
}

TEST(ParseFormulas, NamedAndProofTogether) {
    EXPECT_EQ(decl_sexpr("explicit property [e] p named f(X) proof showgoals\n"),
              "(property explicit [e] p (named (lhs f X)) (proof (showgoals)))");
}

} // namespace
} // namespace ivy::frontend::testing

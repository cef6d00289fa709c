// Expressions and formulas (language reference 2.4): the precedence table, its
// documented consequences and the "top gotchas".
#include "tests/frontend/parse_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

// ---------------------------------------------------------------- atoms

TEST(ParseExpressions, Variable) {
    EXPECT_EQ(expr_sexpr("X"), "X");
}

TEST(ParseExpressions, Application) {
    EXPECT_EQ(expr_sexpr("f(g(X), h)"), "(app f (app g X) h)");
}

TEST(ParseExpressions, TrueFalseNumeralString) {
    EXPECT_EQ(expr_sexpr("true"), "true");
    EXPECT_EQ(expr_sexpr("false"), "false");
    EXPECT_EQ(expr_sexpr("0"), "0");
    EXPECT_EQ(expr_sexpr("f(\"s\", 1, true)"), "(app f \"s\" 1 true)");
}

TEST(ParseExpressions, EmptyArgumentListIsNoArgumentList) {
    EXPECT_EQ(expr_sexpr("f()"), "f");
    EXPECT_EQ(expr_sexpr("f()"), expr_sexpr("f"));
    EXPECT_EQ(expr_sexpr("x.f()"), expr_sexpr("x.f"));
    EXPECT_EQ(expr_sexpr("old f()"), expr_sexpr("old f"));
}

TEST(ParseExpressions, TrailingCommaRejected) {
    EXPECT_EQ(expr_sexpr("f(a, b,)"),
              "error: expr: line 1: error: syntax error at column 8: unexpected ')'");
}

TEST(ParseExpressions, TypedVariable) {
    EXPECT_EQ(expr_sexpr("X:t = Y"), "(= (: X t) Y)");
}

// ---------------------------------------------------------------- dots

TEST(ParseExpressions, MemberChain) {
    EXPECT_EQ(expr_sexpr("a.b(x).c(y)"), "(. c (. b a x) y)");
}

TEST(ParseExpressions, FieldAccess) {
    EXPECT_EQ(expr_sexpr("m.m_term"), "(. m_term m)");
    EXPECT_EQ(expr_sexpr("x.f.g"), "(. g (. f x))");
}

TEST(ParseExpressions, DotAfterApplicationVariableOrParentheses) {
    EXPECT_EQ(expr_sexpr("f(X).g"), "(. g (app f X))");
    EXPECT_EQ(expr_sexpr("X.f"), "(. f X)");
    EXPECT_EQ(expr_sexpr("(a + b).f(c)"), "(. f (+ a b) c)");
}

TEST(ParseExpressions, DotBindsTighterThanNot) {
    EXPECT_EQ(expr_sexpr("~x.f"), "(~ (. f x))");
}

TEST(ParseExpressions, OnePointFiveIsAMemberAccess) {
    EXPECT_EQ(expr_sexpr("1.5"), "(. 5 1)");
}

// ---------------------------------------------------------------- old

TEST(ParseExpressions, Old) {
    EXPECT_EQ(expr_sexpr("old a"), "(old a)");
    EXPECT_EQ(expr_sexpr("member(N, old s)"), "(app member N (old s))");
}

TEST(ParseExpressions, OldCoversApplicationAndDotChain) {
    EXPECT_EQ(expr_sexpr("old net.sent(M,N)"), "(old (. sent net M N))");
    EXPECT_EQ(expr_sexpr("old a.b(X).c"), "(old (. c (. b a X)))");
}

TEST(ParseExpressions, OldBindsTighterThanArithmetic) {
    EXPECT_EQ(expr_sexpr("old a + b"), "(+ (old a) b)");
    EXPECT_EQ(expr_sexpr("~old a"), "(~ (old a))");
}

TEST(ParseExpressions, OldTakesAName) {
    EXPECT_EQ(expr_sexpr("old (a)"),
              "error: expr: line 1: error: syntax error at column 5: unexpected '(', expected "
              "a name or a string");
    EXPECT_EQ(expr_sexpr("old X"),
              "error: expr: line 1: error: syntax error at column 5: unexpected 'X', expected "
              "a name or a string");
}

// ---------------------------------------------------------------- arithmetic

TEST(ParseExpressions, TimesBindsTighterThanPlus) {
    EXPECT_EQ(expr_sexpr("a * b + c * d"), "(+ (* a b) (* c d))");
    EXPECT_EQ(expr_sexpr("a + b * c - d"), "(- (+ a (* b c)) d)");
}

TEST(ParseExpressions, ArithmeticIsLeftAssociative) {
    EXPECT_EQ(expr_sexpr("a - b - c"), "(- (- a b) c)");
    EXPECT_EQ(expr_sexpr("a / b * c"), "(* (/ a b) c)");
}

TEST(ParseExpressions, NoUnaryMinus) {
    EXPECT_EQ(expr_sexpr("-1"),
              "error: expr: line 1: error: syntax error at column 1: unexpected '-', expected an "
              "expression");
    EXPECT_EQ(expr_sexpr("0 - 1"), "(- 0 1)");
}

// ---------------------------------------------------------------- ascription

TEST(ParseExpressions, AscriptionLooserThanPlus) {
    EXPECT_EQ(expr_sexpr("a + b : t"), "(: (+ a b) t)");
    EXPECT_EQ(expr_sexpr("a * b : t"), "(: (* a b) t)");
}

TEST(ParseExpressions, AscriptionTighterThanRelationsAndIf) {
    EXPECT_EQ(expr_sexpr("x = y : t"), "(= x (: y t))");
    EXPECT_EQ(expr_sexpr("a : t if c else b"), "(ite (: a t) c b)");
    EXPECT_EQ(expr_sexpr("a if c else b : t"), "(ite a c (: b t))");
}

TEST(ParseExpressions, AscriptionWithDottedSort) {
    EXPECT_EQ(expr_sexpr("0 <= X:node.iter.t"), "(<= 0 (: X node.iter.t))");
}

// ---------------------------------------------------------------- if-else

TEST(ParseExpressions, IfElse) {
    EXPECT_EQ(expr_sexpr("Y if X <= Y else X"), "(ite Y (<= X Y) X)");
}

TEST(ParseExpressions, IfElseTighterThanEquals) {
    EXPECT_EQ(expr_sexpr("x = a if c else b"), "(= x (ite a c b))");
    EXPECT_EQ(expr_sexpr("a < b if c else d"), "(< a (ite b c d))");
}

TEST(ParseExpressions, IfElseLooserThanPlus) {
    EXPECT_EQ(expr_sexpr("a + 1 if c else b"), "(ite (+ a 1) c b)");
}

TEST(ParseExpressions, IfElseIsLeftAssociative) {
    EXPECT_EQ(expr_sexpr("a if b else c if d else e"), "(ite (ite a b c) d e)");
}

// ---------------------------------------------------------------- relations

TEST(ParseExpressions, Relations) {
    EXPECT_EQ(expr_sexpr("a = b"), "(= a b)");
    EXPECT_EQ(expr_sexpr("a~=b"), "(~= a b)");
    EXPECT_EQ(expr_sexpr("a < b"), "(< a b)");
    EXPECT_EQ(expr_sexpr("a <= b"), "(<= a b)");
    EXPECT_EQ(expr_sexpr("a > b"), "(> a b)");
    EXPECT_EQ(expr_sexpr("a >= b"), "(>= a b)");
    EXPECT_EQ(expr_sexpr("a *> b"), "(*> a b)");
}

TEST(ParseExpressions, RelationsLooserThanArithmetic) {
    EXPECT_EQ(expr_sexpr("a - 1 > b + 2"), "(> (- a 1) (+ b 2))");
}

TEST(ParseExpressions, NotEqualsBindsTighterThanEquals) {
    EXPECT_EQ(expr_sexpr("a ~= b = c"), "(= (~= a b) c)");
    EXPECT_EQ(expr_sexpr("a = b ~= c"), "(= a (~= b c))");
}

TEST(ParseExpressions, RelationsAreLeftAssociative) {
    EXPECT_EQ(expr_sexpr("a = b = c"), "(= (= a b) c)");
    EXPECT_EQ(expr_sexpr("a < b < c"), "(< (< a b) c)");
}

// ---------------------------------------------------------------- not

TEST(ParseExpressions, NotIsLooserThanEquals) {
    EXPECT_EQ(expr_sexpr("~a = b"), "(~ (= a b))");
    EXPECT_EQ(expr_sexpr("~a = b"), expr_sexpr("~(a = b)"));
    EXPECT_EQ(expr_sexpr("~a ~= b"), "(~ (~= a b))");
}

TEST(ParseExpressions, NotIsTighterThanAnd) {
    EXPECT_EQ(expr_sexpr("~a & b"), "(& (~ a) b)");
    EXPECT_EQ(expr_sexpr("a & ~b = c & d"), "(& (& a (~ (= b c))) d)");
}

TEST(ParseExpressions, DoubleNot) {
    EXPECT_EQ(expr_sexpr("~~a"), "(~ (~ a))");
}

// ---------------------------------------------------------------- connectives

TEST(ParseExpressions, EqualsTighterThanAnd) {
    EXPECT_EQ(expr_sexpr("x = y & z"), "(& (= x y) z)");
}

TEST(ParseExpressions, AndTighterThanOr) {
    EXPECT_EQ(expr_sexpr("a | b & c"), "(| a (& b c))");
    EXPECT_EQ(expr_sexpr("a & b | c"), "(| (& a b) c)");
}

TEST(ParseExpressions, OrTighterThanImplies) {
    EXPECT_EQ(expr_sexpr("p -> q | r & s"), "(-> p (| q (& r s)))");
}

TEST(ParseExpressions, ImpliesIsLeftAssociative) {
    EXPECT_EQ(expr_sexpr("a -> b -> c"), "(-> (-> a b) c)");
    EXPECT_EQ(expr_sexpr("a -> b -> c"), expr_sexpr("(a -> b) -> c"));
    EXPECT_EQ(expr_sexpr("a -> (b -> c)"), "(-> a (-> b c))");
}

TEST(ParseExpressions, ImpliesAndIffShareOneLevel) {
    EXPECT_EQ(expr_sexpr("a -> b <-> c"), "(<-> (-> a b) c)");
    EXPECT_EQ(expr_sexpr("a <-> b -> c"), "(-> (<-> a b) c)");
    EXPECT_EQ(expr_sexpr("p & q -> r | s <-> t"), "(<-> (-> (& p q) (| r s)) t)");
}

TEST(ParseExpressions, RelarrayChainWithoutParentheses) {
    EXPECT_EQ(expr_sexpr("0 <= X & X < end(old a) -> value(a,X,Y) <-> value(old a,X,Y)"),
              "(<-> (-> (& (<= 0 X) (< X (app end (old a)))) (app value a X Y)) "
              "(app value (old a) X Y))");
}

// ---------------------------------------------------------------- quantifiers

TEST(ParseExpressions, Forall) {
    EXPECT_EQ(expr_sexpr("forall X:node, Y. p(X) -> q(Y)"),
              "(forall (vars X:node Y) (-> (app p X) (app q Y)))");
}

TEST(ParseExpressions, ExistsTyped) {
    EXPECT_EQ(expr_sexpr("exists N:node. member(N,S) & member(N,T)"),
              "(exists (vars N:node) (& (app member N S) (app member N T)))");
}

TEST(ParseExpressions, QuantifierBodyExtendsMaximally) {
    EXPECT_EQ(expr_sexpr("p & forall X. q | r"), "(& p (forall (vars X) (| q r)))");
    EXPECT_EQ(expr_sexpr("forall X. p & q"), "(forall (vars X) (& p q))");
    EXPECT_EQ(expr_sexpr("p(X) -> exists Y. q(X,Y) -> r"),
              "(-> (app p X) (exists (vars Y) (-> (app q X Y) r)))");
    EXPECT_EQ(expr_sexpr("a -> forall X. p <-> q"), "(-> a (forall (vars X) (<-> p q)))");
}

TEST(ParseExpressions, ParenthesesEndAQuantifierBody) {
    EXPECT_EQ(expr_sexpr("(forall X. p) & q"), "(& (forall (vars X) p) q)");
}

TEST(ParseExpressions, NegatedQuantifier) {
    EXPECT_EQ(expr_sexpr("~exists S. S > x"), "(~ (exists (vars S) (> S x)))");
}

TEST(ParseExpressions, DottedSortNeedsParenthesisedBinders) {
    // After `forall X:` only an undotted sort is read; the `.` ends the binders.
    EXPECT_EQ(expr_sexpr("forall X:a.t. p"), "(forall (vars X:a) (. p t))");
    EXPECT_EQ(expr_sexpr("forall (X:a.t) p(X)"), "(forall (vars X:a.t) (app p X))");
    EXPECT_EQ(expr_sexpr("forall (X:a.t, Y) p(X) & q"), "(forall (vars X:a.t Y) (& (app p X) q))");
}

// ---------------------------------------------------------------- rare forms

TEST(ParseExpressions, Temporal) {
    EXPECT_EQ(expr_sexpr("globally p -> q"), "(globally (-> p q))");
    EXPECT_EQ(expr_sexpr("p -> eventually q"), "(-> p (eventually q))");
}

TEST(ParseExpressions, Isa) {
    EXPECT_EQ(expr_sexpr("p(X) isa t"), "(isa (app p X) t)");
}

TEST(ParseExpressions, ThisIsNotAnExpression) {
    EXPECT_EQ(expr_sexpr("this.x"),
              "error: expr: line 1: error: syntax error at column 1: unexpected 'this', "
              "expected an expression ('this' is not an expression in Ivy 1.7)");
}

TEST(ParseExpressions, ShiftOperatorsAreNotInIvy17) {
    EXPECT_EQ(expr_sexpr("a << b"),
              "error: expr: line 1: error: syntax error at column 3: '<<' is an Ivy 1.8 operator "
              "(this tool implements ivy1.7)");
}

} // namespace
} // namespace ivy::frontend::testing

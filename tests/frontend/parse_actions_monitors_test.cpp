// Actions and monitors (language reference 2.2, 3.8 and 3.9): action declarations,
// implement, before, after, after init, around, export/import, mixin.
#include "tests/frontend/parse_test_util.h"

#include <gtest/gtest.h>

namespace ivy::frontend::testing {
namespace {

// ---------------------------------------------------------------- actions

TEST(ParseActionsMonitors, DeclarationOnly) {
    EXPECT_EQ(decl_sexpr("action timeout\n"), "(action timeout)");
}

TEST(ParseActionsMonitors, DeclarationWithParamsAndReturns) {
    EXPECT_EQ(decl_sexpr("action get(a:t, x:domain) returns (y:range)\n"),
              "(action get (params (param a t) (param x domain)) (returns (param y range)))");
}

TEST(ParseActionsMonitors, WithBody) {
    EXPECT_EQ(decl_sexpr("action step(n:node) = { x := n }\n"),
              "(action step (params (param n node)) (body (:= x n)))");
}

TEST(ParseActionsMonitors, EmptyBody) {
    EXPECT_EQ(decl_sexpr("action a = { }\n"), "(action a (body))");
    EXPECT_EQ(decl_sexpr("action a = {}\n"), "(action a (body))");
}

TEST(ParseActionsMonitors, EmptyParameterList) {
    EXPECT_EQ(decl_sexpr("action a() = { }\n"), decl_sexpr("action a = { }\n"));
}

TEST(ParseActionsMonitors, InOutParameter) {
    EXPECT_EQ(decl_sexpr("action strip(h:this, ix:index) returns (h:this) = { h := ix }\n"),
              "(action strip (params (param h this) (param ix index)) (returns (param h this)) "
              "(body (:= h ix)))");
}

TEST(ParseActionsMonitors, ExportAndImportActions) {
    EXPECT_EQ(decls_sexpr("export action e(x:t) = { }\nimport action f(x:t)\nexport action j\n"),
              "(action e export (params (param x t)) (body))\n"
              "(action f import (params (param x t)))\n"
              "(action j export)\n");
}

TEST(ParseActionsMonitors, Method) {
    EXPECT_EQ(decl_sexpr("method m(x:t) returns (r:t)\n"),
              "(method m (params (param x t)) (returns (param r t)))");
}

TEST(ParseActionsMonitors, CrashBody) {
    EXPECT_EQ(decl_sexpr("action g = *\n"), "(action g *)");
}

TEST(ParseActionsMonitors, ReceiverParameter) {
    EXPECT_EQ(decl_sexpr("action a(^x:t, y:t) = { }\n"),
              "(action a (params (^param x t) (param y t)) (body))");
}

TEST(ParseActionsMonitors, ParametersNeedSorts) {
    EXPECT_EQ(body_error("action a(x) = {}\n"),
              "test.ivy: line 2: error: syntax error at column 11: unexpected ')', expected ':'");
}

TEST(ParseActionsMonitors, ForwardReferenceIsParsedAsWritten) {
    EXPECT_EQ(decls_sexpr("action a = { call b }\naction b = { }\n"),
              "(action a (body (call b)))\n(action b (body))\n");
}

// ---------------------------------------------------------------- implement

TEST(ParseActionsMonitors, Implement) {
    EXPECT_EQ(decl_sexpr("implement timeout { x := 0 }\n"), "(implement timeout (body (:= x 0)))");
}

TEST(ParseActionsMonitors, ImplementDottedWithParams) {
    EXPECT_EQ(decl_sexpr("implement net.recv(dst:node, v:msg) { }\n"),
              "(implement net.recv (params (param dst node) (param v msg)) (body))");
}

TEST(ParseActionsMonitors, ImplementWithReturns) {
    EXPECT_EQ(decl_sexpr("implement propose(v:value) returns (ret:bool) { ret := true }\n"),
              "(implement propose (params (param v value)) (returns (param ret bool)) "
              "(body (:= ret true)))");
}

TEST(ParseActionsMonitors, ImplementInParameterisedObject) {
    EXPECT_EQ(decl_sexpr("object server(self:node) = {\n"
                         "    implement shim.one_a_handler.handle(m:msg) { call send(m) }\n"
                         "}\n"),
              "(object server (params (param self node)) (body (implement "
              "shim.one_a_handler.handle (params (param m msg)) (body (call (app send m))))))");
}

// ---------------------------------------------------------------- before, after

TEST(ParseActionsMonitors, Before) {
    EXPECT_EQ(decl_sexpr("before send(src:addr, dst:addr, v:pkt) { sent(v,dst) := true }\n"),
              "(before send (params (param src addr) (param dst addr) (param v pkt)) "
              "(body (:= (app sent v dst) true)))");
}

TEST(ParseActionsMonitors, BeforeWithReturns) {
    EXPECT_EQ(decl_sexpr("before a(x:t) returns (y:t) { require x = x }\n"),
              "(before a (params (param x t)) (returns (param y t)) (body (require (= x x))))");
}

TEST(ParseActionsMonitors, BeforeTakesNoNativeBody) {
    EXPECT_EQ(body_error("before a { <<< x >>> }\n"),
              "test.ivy: line 2: error: syntax error at column 12: unexpected native quote, "
              "expected '}'");
}

TEST(ParseActionsMonitors, After) {
    EXPECT_EQ(decl_sexpr("after add { ensure member(N,s) <-> member(N,old s) | N = n }\n"),
              "(after add (body (ensure (<-> (app member N s) "
              "(| (app member N (old s)) (= N n))))))");
}

TEST(ParseActionsMonitors, AfterWithParamsAndReturns) {
    EXPECT_EQ(decl_sexpr("after next(x:t) returns (y:t) { assert x < y }\n"),
              "(after next (params (param x t)) (returns (param y t)) (body (assert (< x y))))");
}

TEST(ParseActionsMonitors, AfterInit) {
    EXPECT_EQ(decl_sexpr("after init { x := 0; r(X) := false }\n"),
              "(after-init (body (:= x 0) (:= (app r X) false)))");
}

TEST(ParseActionsMonitors, AfterInitInsideParameterisedObject) {
    EXPECT_EQ(decl_sexpr("object p(self:node) = { after init { is_leader := false } }\n"),
              "(object p (params (param self node)) "
              "(body (after-init (body (:= is_leader false)))))");
}

TEST(ParseActionsMonitors, AfterInitWithParams) {
    EXPECT_EQ(decl_sexpr("after init(self:node) { }\n"),
              "(after-init (params (param self node)) (body))");
}

// ---------------------------------------------------------------- around

TEST(ParseActionsMonitors, Around) {
    EXPECT_EQ(decl_sexpr("around set(seg:this, x:domain, y:range) returns (seg:this) {\n"
                         "    require first(seg) <= x & x < upper(seg);\n"
                         "    ...\n"
                         "    ensure value(seg,x) = y;\n"
                         "}\n"),
              "(around set (params (param seg this) (param x domain) (param y range)) "
              "(returns (param seg this)) "
              "(body (require (& (<= (app first seg) x) (< x (app upper seg))))) "
              "(after (ensure (= (app value seg x) y))))");
}

TEST(ParseActionsMonitors, AroundWithoutSemicolons) {
    EXPECT_EQ(decl_sexpr("around a { x := 1 ... y := 2 }\n"),
              "(around a (body (:= x 1)) (after (:= y 2)))");
}

TEST(ParseActionsMonitors, AroundLocalsAndSeveralStatements) {
    EXPECT_EQ(decl_sexpr("around a { var z := x; require z = x ... ensure s = z; }\n"),
              "(around a (body (var z (:= x)) (require (= z x))) (after (ensure (= s z))))");
}

TEST(ParseActionsMonitors, AroundNeedsBothSides) {
    EXPECT_EQ(body_error("around a { ... y := 2 }\n"),
              "test.ivy: line 2: error: syntax error at column 12: unexpected '...', expected a "
              "statement");
    EXPECT_EQ(body_error("around a { x := 1 ... }\n"),
              "test.ivy: line 2: error: syntax error at column 23: unexpected '}', expected a "
              "statement");
}

// ---------------------------------------------------------------- export, import

TEST(ParseActionsMonitors, ExportName) {
    EXPECT_EQ(decl_sexpr("export client_request\n"), "(export client_request)");
}

TEST(ParseActionsMonitors, ImportDottedName) {
    EXPECT_EQ(decl_sexpr("import shim.send_debug\n"), "(import (. send_debug shim))");
}

// ---------------------------------------------------------------- mixin

TEST(ParseActionsMonitors, MixinBefore) {
    EXPECT_EQ(decl_sexpr("mixin check before send\n"), "(mixin check before send)");
}

TEST(ParseActionsMonitors, ExecuteIsMixin) {
    EXPECT_EQ(decl_sexpr("execute check after send\n"), decl_sexpr("mixin check after send\n"));
    EXPECT_EQ(decl_sexpr("execute check after send\n"), "(mixin check after send)");
}

TEST(ParseActionsMonitors, MixinDottedCallAtoms) {
    EXPECT_EQ(decl_sexpr("mixin x.a(1) after y.b\n"), "(mixin (. a x 1) after (. b y))");
}

} // namespace
} // namespace ivy::frontend::testing

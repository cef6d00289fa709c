#include "frontend/src/ast_builder.h"

#include "IvyBaseVisitor.h"

#include <utility>

namespace ivy::frontend {
namespace {

using namespace ast;
using P = ivygrammar::IvyParser;
using antlr4::ParserRuleContext;
using antlr4::Token;
using antlr4::tree::ParseTree;
using antlr4::tree::TerminalNode;

bool has_token(ParserRuleContext* ctx, std::string_view text) {
    for (ParseTree* child : ctx->children)
        if (auto* t = dynamic_cast<TerminalNode*>(child); t && t->getText() == text) return true;
    return false;
}

// The native text without its `<<<` and `>>>`.
std::string native_text(const std::string& quoted) {
    return quoted.substr(3, quoted.size() - 6);
}

BinaryOp binary_op(const std::string& text) {
    static const std::pair<std::string_view, BinaryOp> table[] = {
        {"*", BinaryOp::Times}, {"/", BinaryOp::Div},   {"+", BinaryOp::Plus},
        {"-", BinaryOp::Minus}, {"~=", BinaryOp::Neq},  {"=", BinaryOp::Eq},
        {"<", BinaryOp::Lt},    {"<=", BinaryOp::Le},   {">", BinaryOp::Gt},
        {">=", BinaryOp::Ge},   {"*>", BinaryOp::Pto},  {"&", BinaryOp::And},
        {"|", BinaryOp::Or},    {"->", BinaryOp::Implies}, {"<->", BinaryOp::Iff},
    };
    for (const auto& [spelling, op] : table)
        if (spelling == text) return op;
    return BinaryOp::Eq; // unreachable: the grammar admits only the operators above
}

bool is_complex(const Stmt& s) {
    return std::holds_alternative<BlockStmt>(s.node) || std::holds_alternative<IfStmt>(s.node) ||
           std::holds_alternative<WhileStmt>(s.node) || std::holds_alternative<LocalStmt>(s.node);
}

// Walks the parse tree once, building AST values. Labelled alternatives dispatch
// through the generated visitor; each visit leaves its result in one of the
// `*_out_` members, which the typed `build` functions move out.
class Builder : public ivygrammar::IvyBaseVisitor {
public:
    Builder(FileId file, FirstError& errors) : file_(file), errors_(errors) {}

    // ---------------------------------------------------------------- locations

    SourceLocation loc(const Token* t) const {
        return {file_, static_cast<std::uint32_t>(t->getLine()),
                static_cast<std::uint32_t>(t->getCharPositionInLine() + 1)};
    }
    SourceLocation loc(ParserRuleContext* c) const { return loc(c->getStart()); }
    SourceLocation loc(TerminalNode* n) const { return loc(n->getSymbol()); }

    // The location of the token after an expression's first operand: where Ivy
    // places `a.b` and `a if c else b`.
    SourceLocation operator_loc(ParserRuleContext* c) const {
        auto* op = c->children.size() > 1 ? dynamic_cast<TerminalNode*>(c->children[1]) : nullptr;
        return op ? loc(op) : loc(c);
    }

    // ---------------------------------------------------------------- names

    Name name_of(P::AtypeContext* c) {
        Name n{{}, loc(c)};
        for (ParseTree* child : c->children) {
            if (auto* s = dynamic_cast<P::SymContext*>(child)) n.parts.push_back(s->getText());
            else if (child->getText() == "this") n.parts.emplace_back("this");
        }
        return n;
    }
    Name name_of(P::DottedContext* c) {
        Name n{{}, loc(c)};
        for (P::SymContext* s : c->sym()) n.parts.push_back(s->getText());
        return n;
    }
    Name name_of(P::SymContext* c) { return Name{{c->getText()}, loc(c)}; }
    Name name_of(TerminalNode* t) { return Name{{t->getText()}, loc(t)}; }
    Name optional_sort(P::AtypeContext* c) { return c ? name_of(c) : Name{}; }

    std::optional<Label> label(P::LabelContext* c) {
        if (!c) return std::nullopt;
        return Label{c->sym() ? c->sym()->getText() : std::string("this"), loc(c)};
    }

    Param param(P::LparamContext* c) {
        return Param{c->ID()->getText(), name_of(c->atype()), has_token(c, "^"), loc(c)};
    }
    std::vector<Param> params(P::ParamsContext* c) {
        std::vector<Param> out;
        if (c)
            for (P::LparamContext* p : c->lparam()) out.push_back(param(p));
        return out;
    }
    std::vector<Param> results(P::ResultsContext* c) {
        return c ? params(c->params()) : std::vector<Param>{};
    }

    Binder binder(P::VarContext* c) {
        return Binder{c->VAR()->getText(), optional_sort(c->atype()), loc(c)};
    }
    Binder binder(P::QvarContext* c) {
        return Binder{c->VAR()->getText(), c->sym() ? name_of(c->sym()) : Name{}, loc(c)};
    }
    Binder binder(P::DefArgContext* c) {
        if (c->var()) return binder(c->var());
        P::LparamContext* p = c->lparam();
        return Binder{p->ID()->getText(), name_of(p->atype()), loc(c)};
    }

    // ---------------------------------------------------------------- expressions

    Expr build(P::ExprContext* c) {
        c->accept(this);
        return std::move(expr_out_);
    }
    std::vector<Expr> build(P::ExprsContext* c) {
        std::vector<Expr> out;
        if (c)
            for (P::ExprContext* e : c->expr()) out.push_back(build(e));
        return out;
    }
    std::optional<Expr> build_optional(P::ExprContext* c) {
        if (!c) return std::nullopt;
        return build(c);
    }

    static Expr make(ExprKind kind, SourceLocation at, std::string name = {},
                     std::vector<Expr> args = {}) {
        Expr e;
        e.kind = kind;
        e.loc = at;
        e.name = std::move(name);
        e.args = std::move(args);
        return e;
    }

    // `a.b(x).c` as written in call atoms: an App followed by Members.
    Expr callatom(P::CallatomContext* c) {
        Expr chain;
        bool first = true;
        for (P::CatomContext* a : c->catom()) {
            std::string name = a->sym() ? a->sym()->getText() : std::string("this");
            std::vector<Expr> args = build(a->exprs());
            if (first) {
                chain = make(ExprKind::App, loc(a), std::move(name), std::move(args));
                first = false;
            } else {
                args.insert(args.begin(), std::move(chain));
                chain = make(ExprKind::Member, loc(a), std::move(name), std::move(args));
            }
        }
        return chain;
    }
    std::vector<Expr> callatoms(P::CallatomsContext* c) {
        std::vector<Expr> out;
        if (c)
            for (P::CallatomContext* a : c->callatom()) out.push_back(callatom(a));
        return out;
    }

    antlrcpp::Any visitPrimaryExpr(P::PrimaryExprContext* c) override {
        return c->primary()->accept(this);
    }
    antlrcpp::Any visitMemberExpr(P::MemberExprContext* c) override {
        std::vector<Expr> args = build(c->exprs());
        args.insert(args.begin(), build(c->expr()));
        // Ivy places a member access at its '.'.
        expr_out_ = make(ExprKind::Member, operator_loc(c), c->sym()->getText(), std::move(args));
        return {};
    }
    antlrcpp::Any visitBinaryExpr(P::BinaryExprContext* c) override {
        Expr e = make(ExprKind::Binary, loc(c->op), {}, {build(c->expr(0)), build(c->expr(1))});
        e.op = binary_op(c->op->getText());
        expr_out_ = std::move(e);
        return {};
    }
    antlrcpp::Any visitAscribeExpr(P::AscribeExprContext* c) override {
        Expr inner = build(c->expr());
        Expr e = make(ExprKind::Ascribe, inner.loc, {}, {});
        e.sort = name_of(c->atype());
        e.args.push_back(std::move(inner));
        expr_out_ = std::move(e);
        return {};
    }
    antlrcpp::Any visitIteExpr(P::IteExprContext* c) override {
        expr_out_ = make(ExprKind::Ite, operator_loc(c), {},
                         {build(c->expr(0)), build(c->expr(1)), build(c->expr(2))});
        return {};
    }
    antlrcpp::Any visitNotExpr(P::NotExprContext* c) override {
        expr_out_ = make(ExprKind::Not, loc(c), {}, {build(c->expr())});
        return {};
    }
    antlrcpp::Any visitQuantExpr(P::QuantExprContext* c) override {
        Expr e = make(ExprKind::Quant, loc(c), {}, {build(c->expr())});
        e.quant = c->quant->getText() == "forall" ? Quantifier::Forall : Quantifier::Exists;
        for (P::QvarContext* v : c->qvar()) e.binders.push_back(binder(v));
        expr_out_ = std::move(e);
        return {};
    }
    antlrcpp::Any visitQuantParenExpr(P::QuantParenExprContext* c) override {
        Expr e = make(ExprKind::Quant, loc(c), {}, {build(c->expr())});
        e.quant = c->quant->getText() == "forall" ? Quantifier::Forall : Quantifier::Exists;
        for (P::VarContext* v : c->var()) e.binders.push_back(binder(v));
        expr_out_ = std::move(e);
        return {};
    }
    antlrcpp::Any visitTemporalExpr(P::TemporalExprContext* c) override {
        Expr e = make(ExprKind::Temporal, loc(c), {}, {build(c->expr())});
        e.temporal = c->op->getText() == "globally" ? TemporalOp::Globally : TemporalOp::Eventually;
        expr_out_ = std::move(e);
        return {};
    }
    antlrcpp::Any visitIsaExpr(P::IsaExprContext* c) override {
        Expr e = make(ExprKind::Isa, loc(c), {}, {build(c->expr())});
        e.sort = name_of(c->atype());
        expr_out_ = std::move(e);
        return {};
    }
    antlrcpp::Any visitAppPrimary(P::AppPrimaryContext* c) override {
        expr_out_ = make(ExprKind::App, loc(c), c->sym()->getText(), build(c->exprs()));
        return {};
    }
    antlrcpp::Any visitOldPrimary(P::OldPrimaryContext* c) override {
        // `old a(x).b(y)`: the chain after `old`, in order of its children.
        Expr chain;
        bool first = true;
        for (ParseTree* child : c->children) {
            if (auto* s = dynamic_cast<P::SymContext*>(child)) {
                if (first) {
                    chain = make(ExprKind::App, loc(s), s->getText());
                    first = false;
                } else {
                    chain = make(ExprKind::Member, loc(s), s->getText(), {std::move(chain)});
                }
            } else if (auto* es = dynamic_cast<P::ExprsContext*>(child)) {
                for (Expr& arg : build(es)) chain.args.push_back(std::move(arg));
            }
        }
        expr_out_ = make(ExprKind::Old, loc(c), {}, {std::move(chain)});
        return {};
    }
    antlrcpp::Any visitVarPrimary(P::VarPrimaryContext* c) override {
        expr_out_ = make(ExprKind::Var, loc(c), c->VAR()->getText());
        return {};
    }
    antlrcpp::Any visitBoolPrimary(P::BoolPrimaryContext* c) override {
        expr_out_ = make(ExprKind::Bool, loc(c), c->value->getText());
        return {};
    }
    antlrcpp::Any visitParenPrimary(P::ParenPrimaryContext* c) override {
        return c->expr()->accept(this);
    }

    // ---------------------------------------------------------------- proofs

    ProofStep build(P::ProofStepContext* c) {
        c->accept(this);
        return std::move(proof_out_);
    }
    std::vector<ProofStep> build(P::ProofGroupContext* c) {
        std::vector<ProofStep> out;
        for (P::ProofStepContext* s : c->proofStep()) out.push_back(build(s));
        return out;
    }
    std::vector<ProofStep> proof(P::ProofContext* c) {
        std::vector<ProofStep> out;
        if (c) out.push_back(build(c->proofStep()));
        return out;
    }
    ProofStep step(ProofKind kind, ParserRuleContext* c) {
        ProofStep s;
        s.kind = kind;
        s.loc = loc(c);
        return s;
    }

    antlrcpp::Any visitApplyStep(P::ApplyStepContext* c) override {
        std::string k = c->kind->getText();
        ProofStep s = step(k == "apply"    ? ProofKind::Apply
                           : k == "assume" ? ProofKind::Assume
                                           : ProofKind::Instantiate,
                           c);
        s.targets.push_back(name_of(c->atype()));
        if (P::RenamingContext* r = c->renaming())
            for (P::RenameItemContext* item : r->renameItem()) {
                bool vars = !item->VAR().empty();
                s.renaming.emplace_back(vars ? item->VAR(0)->getText() : item->sym(0)->getText(),
                                        vars ? item->VAR(1)->getText() : item->sym(1)->getText());
            }
        for (P::ProofMatchContext* m : c->proofMatch()) s.exprs.push_back(build(m->expr()));
        proof_out_ = std::move(s);
        return {};
    }
    antlrcpp::Any visitShowgoalsStep(P::ShowgoalsStepContext* c) override {
        proof_out_ = step(ProofKind::Showgoals, c);
        return {};
    }
    antlrcpp::Any visitDefergoalStep(P::DefergoalStepContext* c) override {
        proof_out_ = step(ProofKind::Defergoal, c);
        return {};
    }
    antlrcpp::Any visitSpoilStep(P::SpoilStepContext* c) override {
        proof_out_ = step(ProofKind::Spoil, c);
        proof_out_.targets.push_back(name_of(c->atype()));
        return {};
    }
    antlrcpp::Any visitUnfoldStep(P::UnfoldStepContext* c) override {
        proof_out_ = step(ProofKind::Unfold, c);
        if (c->atype()) proof_out_.targets.push_back(name_of(c->atype()));
        return {};
    }
    antlrcpp::Any visitForgetStep(P::ForgetStepContext* c) override {
        proof_out_ = step(ProofKind::Forget, c);
        for (P::AtypeContext* a : c->atype()) proof_out_.targets.push_back(name_of(a));
        return {};
    }
    antlrcpp::Any visitTacticStep(P::TacticStepContext* c) override {
        ProofStep s = step(ProofKind::Tactic, c);
        s.targets.push_back(name_of(c->sym()));
        // `with invariant [l] e invariant f`: each label, when present, precedes its formula.
        std::optional<Label> pending;
        for (ParseTree* child : c->children) {
            if (auto* l = dynamic_cast<P::LabelContext*>(child)) pending = label(l);
            else if (auto* e = dynamic_cast<P::ExprContext*>(child)) {
                s.exprs.push_back(build(e));
                s.expr_labels.push_back(std::exchange(pending, std::nullopt));
            }
        }
        proof_out_ = std::move(s);
        return {};
    }
    antlrcpp::Any visitPropertyStep(P::PropertyStepContext* c) override {
        ProofStep s = step(ProofKind::Property, c);
        s.temporal = has_token(c, "temporal");
        s.label = label(c->label());
        s.exprs.push_back(build(c->expr()));
        if (c->defnLhs()) s.named.push_back(defn_lhs(c->defnLhs()));
        if (c->proofGroup()) s.steps = build(c->proofGroup());
        proof_out_ = std::move(s);
        return {};
    }
    antlrcpp::Any visitLetStep(P::LetStepContext* c) override {
        ProofStep s = step(ProofKind::Let, c);
        for (P::ProofMatchContext* m : c->proofMatch()) s.exprs.push_back(build(m->expr()));
        proof_out_ = std::move(s);
        return {};
    }
    antlrcpp::Any visitIfStep(P::IfStepContext* c) override {
        ProofStep s = step(ProofKind::If, c);
        s.exprs.push_back(build(c->expr()));
        s.steps = build(c->proofGroup(0));
        s.else_steps = build(c->proofGroup(1));
        proof_out_ = std::move(s);
        return {};
    }
    antlrcpp::Any visitGroupStep(P::GroupStepContext* c) override {
        ProofStep s = step(ProofKind::Group, c);
        s.steps = build(c->proofGroup());
        proof_out_ = std::move(s);
        return {};
    }

    // ---------------------------------------------------------------- statements

    Stmt build(P::StmtContext* c) {
        c->accept(this);
        return std::move(stmt_out_);
    }

    // A statement sequence, enforcing Ivy's rule that a simple statement followed
    // by another one needs a ';' between them.
    Block build(P::StmtSeqContext* c) {
        Block out;
        if (!c) return out;
        bool separated = true;
        for (ParseTree* child : c->children) {
            auto* s = dynamic_cast<P::StmtContext*>(child);
            if (!s) {
                separated = true; // a ';'
                continue;
            }
            Stmt stmt = build(s);
            if (!out.empty() && !separated && !is_complex(out.back()))
                errors_.record(stmt.loc, "syntax error at column " + std::to_string(stmt.loc.column) +
                                             ": expected ';' before this statement");
            out.push_back(std::move(stmt));
            separated = false;
        }
        return out;
    }
    Block build(P::BlockContext* c) { return build(c->stmtSeq()); }

    template <class T>
    void emit_stmt(ParserRuleContext* c, T node) {
        stmt_out_ = Stmt{loc(c), std::move(node)};
    }

    antlrcpp::Any visitAssertStmt(P::AssertStmtContext* c) override {
        std::string k = c->kind->getText();
        AssertStmt s;
        s.kind = k == "require"  ? AssertKind::Require
                 : k == "ensure" ? AssertKind::Ensure
                 : k == "assert" ? AssertKind::Assert
                                 : AssertKind::Assume;
        s.label = label(c->label());
        s.formula = build(c->expr());
        if (c->proofStep()) s.proof.push_back(build(c->proofStep()));
        emit_stmt(c, std::move(s));
        return {};
    }
    antlrcpp::Any visitCallStmt(P::CallStmtContext* c) override {
        emit_stmt(c, CallStmt{callatoms(c->callatoms()), callatom(c->callatom())});
        return {};
    }
    antlrcpp::Any visitVarStmt(P::VarStmtContext* c) override {
        emit_stmt(c, VarStmt{c->ID()->getText(), optional_sort(c->atype()), build_optional(c->expr())});
        return {};
    }
    antlrcpp::Any visitTupleAssignStmt(P::TupleAssignStmtContext* c) override {
        AssignStmt s;
        s.targets.push_back(build(c->expr()));
        for (Expr& e : build(c->exprs())) s.targets.push_back(std::move(e));
        s.value = callatom(c->callatom());
        emit_stmt(c, std::move(s));
        return {};
    }
    antlrcpp::Any visitHavocStmt(P::HavocStmtContext* c) override {
        emit_stmt(c, HavocStmt{build(c->expr())});
        return {};
    }
    antlrcpp::Any visitAssignStmt(P::AssignStmtContext* c) override {
        AssignStmt s;
        s.targets.push_back(build(c->expr(0)));
        s.value = build(c->expr(1));
        emit_stmt(c, std::move(s));
        return {};
    }
    antlrcpp::Any visitExprStmt(P::ExprStmtContext* c) override {
        emit_stmt(c, ExprStmt{build(c->expr())});
        return {};
    }
    antlrcpp::Any visitBlockStmt(P::BlockStmtContext* c) override {
        emit_stmt(c, BlockStmt{build(c->block())});
        return {};
    }

    // `else s` is kept as `else { s }`; `else { ... }` as its statements.
    void set_else(IfStmt& s, P::StmtContext* c) {
        if (!c) return;
        s.has_else = true;
        Stmt branch = build(c);
        if (auto* block = std::get_if<BlockStmt>(&branch.node)) s.else_body = std::move(block->body);
        else s.else_body.push_back(std::move(branch));
    }
    antlrcpp::Any visitIfStarStmt(P::IfStarStmtContext* c) override {
        IfStmt s;
        s.cond.kind = Condition::Kind::Star;
        s.then_body = build(c->block());
        set_else(s, c->stmt());
        emit_stmt(c, std::move(s));
        return {};
    }
    antlrcpp::Any visitIfStmt(P::IfStmtContext* c) override {
        IfStmt s;
        s.cond = condition(c->cond());
        s.then_body = build(c->block());
        set_else(s, c->stmt());
        emit_stmt(c, std::move(s));
        return {};
    }
    antlrcpp::Any visitWhileStmt(P::WhileStmtContext* c) override {
        WhileStmt s;
        s.cond = condition(c->cond());
        for (P::LoopInvariantContext* inv : c->loopInvariant())
            s.invariants.push_back({label(inv->label()), build(inv->expr())});
        s.decreases = build_optional(c->expr());
        s.body = build(c->block());
        emit_stmt(c, std::move(s));
        return {};
    }
    antlrcpp::Any visitLocalStmt(P::LocalStmtContext* c) override {
        LocalStmt s;
        for (P::LparamContext* p : c->lparam()) s.params.push_back(param(p));
        s.body = build(c->block());
        emit_stmt(c, std::move(s));
        return {};
    }

    Condition condition(P::CondContext* c) {
        c->accept(this);
        return std::move(cond_out_);
    }
    void set_extremum(Condition& cond, P::ExtremumContext* c) {
        if (!c) return;
        cond.extremum = build(c->expr());
        cond.maximizing = c->kind->getText() == "maximizing";
    }
    antlrcpp::Any visitSomeCond(P::SomeCondContext* c) override {
        Condition cond;
        cond.kind = Condition::Kind::Some;
        for (size_t i = 0; i < c->ID().size(); ++i)
            cond.witnesses.push_back(
                Param{c->ID(i)->getText(), name_of(c->sym(i)), false, loc(c->ID(i))});
        cond.formula = build(c->expr());
        set_extremum(cond, c->extremum());
        cond_out_ = std::move(cond);
        return {};
    }
    antlrcpp::Any visitSomeParamsCond(P::SomeParamsCondContext* c) override {
        Condition cond;
        cond.kind = Condition::Kind::Some;
        cond.witnesses = params(c->params());
        cond.witnesses_in_parens = true;
        cond.formula = build(c->expr());
        set_extremum(cond, c->extremum());
        cond_out_ = std::move(cond);
        return {};
    }
    antlrcpp::Any visitPlainCond(P::PlainCondContext* c) override {
        Condition cond;
        cond.formula = build(c->expr());
        cond_out_ = std::move(cond);
        return {};
    }

    ActionBody body(P::TopBlockContext* c) {
        ActionBody b;
        if (!c) return b;
        if (auto* native = dynamic_cast<P::NativeBodyContext*>(c)) {
            b.kind = ActionBody::Kind::Native;
            b.native = Native{native_text(native->NATIVE()->getText()), loc(native->NATIVE())};
        } else {
            b.kind = ActionBody::Kind::Block;
            b.block = build(static_cast<P::BlockBodyContext*>(c)->block());
        }
        return b;
    }
    ActionBody body(P::BlockContext* c) {
        ActionBody b;
        b.kind = ActionBody::Kind::Block;
        b.block = build(c);
        return b;
    }

    // ---------------------------------------------------------------- declaration pieces

    DefnLhs defn_lhs(P::DefnLhsContext* c) {
        DefnLhs lhs;
        lhs.loc = loc(c);
        if (auto* prefix = dynamic_cast<P::PrefixLhsContext*>(c)) {
            lhs.name = name_of(prefix->dotted());
            for (P::DefArgContext* a : prefix->defArg()) lhs.args.push_back(binder(a));
        } else {
            auto* infix = static_cast<P::InfixLhsContext*>(c);
            ParserRuleContext* op = infix->relop() ? static_cast<ParserRuleContext*>(infix->relop())
                                                   : infix->arith();
            lhs.name = Name{{op->getText()}, loc(op)};
            lhs.infix = true;
            for (P::DefArgContext* a : infix->defArg()) lhs.args.push_back(binder(a));
        }
        return lhs;
    }

    DefnRhs defn_rhs(P::DefnRhsContext* c) {
        DefnRhs rhs;
        if (auto* e = dynamic_cast<P::ExprRhsContext*>(c)) {
            rhs.expr = build(e->expr());
        } else if (auto* n = dynamic_cast<P::NativeRhsContext*>(c)) {
            rhs.kind = DefnRhs::Kind::Native;
            rhs.native = Native{native_text(n->NATIVE()->getText()), loc(n->NATIVE())};
        } else {
            auto* s = static_cast<P::SomeRhsContext*>(c);
            rhs.kind = DefnRhs::Kind::Some;
            for (P::QvarContext* q : s->qvar()) rhs.binders.push_back(binder(q));
            // children: 'some' qvars '.' cond ['in' value] ['else' default]
            std::string after;
            for (ParseTree* child : s->children) {
                if (auto* e = dynamic_cast<P::ExprContext*>(child)) {
                    if (after == "in") rhs.some_value = build(e);
                    else if (after == "else") rhs.some_default = build(e);
                    else rhs.expr = build(e);
                } else {
                    after = child->getText();
                }
            }
        }
        return rhs;
    }

    Defn defn(P::DefnContext* c) {
        return Defn{std::nullopt, defn_lhs(c->defnLhs()), optional_sort(c->atype()), defn_rhs(c->defnRhs()), loc(c)};
    }

    SymDef sym_def(P::SymDeclContext* c) {
        SymDef d{std::nullopt, defn_lhs(c->defnLhs()), optional_sort(c->atype()), std::nullopt};
        if (c->defnRhs()) d.rhs = defn_rhs(c->defnRhs());
        return d;
    }

    TypedTerm typed_term(P::TtermContext* c) {
        TypedTerm t;
        t.loc = loc(c);
        t.sort = optional_sort(c->atype());
        if (auto* prefix = dynamic_cast<P::PrefixTappContext*>(c->tapp())) {
            t.name = name_of(prefix->sym());
            for (P::VarContext* v : prefix->var()) t.args.push_back(binder(v));
        } else {
            auto* infix = static_cast<P::InfixTappContext*>(c->tapp());
            t.name = Name{{infix->arith()->getText()}, loc(infix->arith())};
            t.infix = true;
            for (P::VarContext* v : infix->var()) t.args.push_back(binder(v));
        }
        return t;
    }

    InterpretOperand operand(P::OperContext* c) {
        InterpretOperand o;
        if (c->atype()) {
            o.name = name_of(c->atype());
        } else if (c->NATIVE()) {
            o.kind = InterpretOperand::Kind::Native;
            o.native = Native{native_text(c->NATIVE()->getText()), loc(c->NATIVE())};
        } else {
            o.kind = InterpretOperand::Kind::Operator;
            o.name = Name{{c->getText()}, loc(c)};
        }
        return o;
    }

    Schema schema(P::SchemaBodyContext* c) {
        Schema s;
        s.loc = loc(c);
        for (P::SchemaItemContext* item : c->schemaItem()) {
            SchemaItem it;
            it.loc = loc(item);
            if (auto* t = dynamic_cast<P::SchemaTypeContext*>(item)) {
                it.kind = SchemaItem::Kind::Type;
                it.name = name_of(t->sym());
            } else if (auto* sym = dynamic_cast<P::SchemaSymbolContext*>(item)) {
                it.kind = sym->kind->getText() == "relation" ? SchemaItem::Kind::Relation
                                                            : SchemaItem::Kind::Function;
                for (P::SymDeclContext* d : sym->symDecl()) it.symbols.push_back(sym_def(d));
            } else if (auto* ind = dynamic_cast<P::SchemaIndividualContext*>(item)) {
                it.kind = SchemaItem::Kind::Individual;
                for (P::TtermContext* t : ind->tterm()) it.terms.push_back(typed_term(t));
            } else if (auto* prop = dynamic_cast<P::SchemaPropertyContext*>(item)) {
                it.kind = prop->kind->getText() == "property" ? SchemaItem::Kind::Property
                                                             : SchemaItem::Kind::Axiom;
                it.label = label(prop->label());
                it.formula = build(prop->expr());
            } else {
                it.kind = SchemaItem::Kind::Definition;
                it.defns.push_back(defn(static_cast<P::SchemaDefinitionContext*>(item)->defn()));
            }
            s.items.push_back(std::move(it));
        }
        return s;
    }

    ModuleRef module_ref(P::ModrefContext* c) {
        ModuleRef r;
        r.name = name_of(c->dotted());
        r.loc = loc(c);
        for (P::ModArgContext* a : c->modArg()) {
            ModuleArg arg;
            arg.loc = loc(a);
            if (a->lparam()) {
                arg.value = name_of(a->lparam()->ID());
                arg.sort = name_of(a->lparam()->atype());
            } else if (a->var()) {
                arg.value = name_of(a->var()->VAR());
                arg.sort = optional_sort(a->var()->atype());
            } else if (a->atype()) {
                arg.value = name_of(a->atype());
            } else {
                arg.value = Name{{a->getText()}, loc(a)}; // true, false or an operator
            }
            r.args.push_back(std::move(arg));
        }
        return r;
    }

    // ---------------------------------------------------------------- declarations

    std::vector<Decl> decls(const std::vector<P::DeclContext*>& list) {
        std::vector<Decl> out;
        out.reserve(list.size());
        for (P::DeclContext* d : list) {
            d->accept(this);
            out.push_back(std::move(decl_out_));
        }
        return out;
    }

    template <class T>
    void emit(ParserRuleContext* c, T node) {
        decl_out_ = Decl{loc(c), std::move(node)};
    }

    antlrcpp::Any visitIncludeDecl(P::IncludeDeclContext* c) override {
        emit(c, IncludeDecl{c->sym()->getText()});
        return {};
    }
    antlrcpp::Any visitTypeDecl(P::TypeDeclContext* c) override {
        TypeDecl t;
        t.finite = has_token(c, "finite");
        t.ghost = has_token(c, "ghost");
        t.name = c->sym() ? name_of(c->sym()) : Name{{"this"}, loc(c)};
        if (auto* e = dynamic_cast<P::EnumTypeContext*>(c->typeRhs())) {
            t.kind = TypeDecl::Kind::Enum;
            for (P::SymContext* s : e->sym()) t.values.push_back(name_of(s));
        } else if (auto* r = dynamic_cast<P::RangeTypeContext*>(c->typeRhs())) {
            t.kind = TypeDecl::Kind::Range;
            for (P::SymContext* s : r->sym()) t.values.push_back(name_of(s));
        } else if (auto* s = dynamic_cast<P::StructTypeContext*>(c->typeRhs())) {
            t.kind = TypeDecl::Kind::Struct;
            for (P::TtermContext* f : s->tterm()) t.fields.push_back(typed_term(f));
        }
        emit(c, std::move(t));
        return {};
    }
    antlrcpp::Any visitAliasDecl(P::AliasDeclContext* c) override {
        emit(c, AliasDecl{c->sym()->getText(), callatom(c->callatom())});
        return {};
    }
    antlrcpp::Any visitInterpretDecl(P::InterpretDeclContext* c) override {
        InterpretDecl d;
        d.lhs = operand(c->oper());
        if (auto* o = dynamic_cast<P::InterpretOperContext*>(c->interpretRhs())) {
            d.rhs = operand(o->oper());
        } else if (auto* r = dynamic_cast<P::InterpretRangeContext*>(c->interpretRhs())) {
            d.kind = InterpretDecl::Kind::Range;
            d.range.push_back(build(r->expr(0)));
            d.range.push_back(build(r->expr(1)));
        } else {
            d.kind = InterpretDecl::Kind::Enum;
            for (P::SymContext* s : static_cast<P::InterpretEnumContext*>(c->interpretRhs())->sym())
                d.values.push_back(name_of(s));
        }
        emit(c, std::move(d));
        return {};
    }
    antlrcpp::Any visitSymbolDecl(P::SymbolDeclContext* c) override {
        SymbolDecl d;
        d.relation = c->kind->getText() == "relation";
        for (P::SymDeclContext* s : c->symDecl()) d.items.push_back(sym_def(s));
        emit(c, std::move(d));
        return {};
    }
    antlrcpp::Any visitStateDecl(P::StateDeclContext* c) override {
        StateDecl d;
        std::string k = c->kind->getText();
        d.kind = k == "individual" ? StateDecl::Kind::Individual
                 : k == "var"      ? StateDecl::Kind::Var
                                   : StateDecl::Kind::Destructor;
        for (P::TtermContext* t : c->tterm()) d.items.push_back(typed_term(t));
        emit(c, std::move(d));
        return {};
    }
    antlrcpp::Any visitParameterDecl(P::ParameterDeclContext* c) override {
        ParameterDecl d{typed_term(c->tterm()), std::nullopt};
        if (P::ParamDefaultContext* v = c->paramDefault())
            d.default_value = Name{{v->getText()}, loc(v)};
        emit(c, std::move(d));
        return {};
    }
    antlrcpp::Any visitDerivedDecl(P::DerivedDeclContext* c) override {
        DerivedDecl d;
        for (P::DefnContext* x : c->defn()) d.defns.push_back(defn(x));
        emit(c, std::move(d));
        return {};
    }
    antlrcpp::Any visitDefinitionDecl(P::DefinitionDeclContext* c) override {
        DefinitionDecl d;
        d.explicit_ = has_token(c, "explicit");
        d.label = label(c->label());
        d.defn = defn(c->defnGroup()->defn());
        d.schema = has_token(c->defnGroup(), "{");
        d.proof = proof(c->proof());
        emit(c, std::move(d));
        return {};
    }
    FormulaDecl formula_decl(ParserRuleContext* c, FormulaDecl::Kind kind, P::LabelContext* l,
                             P::ExprContext* e) {
        FormulaDecl d;
        d.kind = kind;
        d.explicit_ = has_token(c, "explicit");
        d.temporal = has_token(c, "temporal");
        d.label = label(l);
        d.formula = build_optional(e);
        return d;
    }
    antlrcpp::Any visitAxiomDecl(P::AxiomDeclContext* c) override {
        FormulaDecl d = formula_decl(c, FormulaDecl::Kind::Axiom, c->label(), c->expr());
        if (c->schemaBody()) d.schema = schema(c->schemaBody());
        emit(c, std::move(d));
        return {};
    }
    antlrcpp::Any visitPropertyDecl(P::PropertyDeclContext* c) override {
        FormulaDecl d = formula_decl(c, FormulaDecl::Kind::Property, c->label(), c->expr());
        if (c->defnLhs()) d.named.push_back(defn_lhs(c->defnLhs()));
        d.proof = proof(c->proof());
        emit(c, std::move(d));
        return {};
    }
    antlrcpp::Any visitConjectureDecl(P::ConjectureDeclContext* c) override {
        emit(c, formula_decl(c, FormulaDecl::Kind::Conjecture, c->label(), c->expr()));
        return {};
    }
    antlrcpp::Any visitInvariantDecl(P::InvariantDeclContext* c) override {
        FormulaDecl d = formula_decl(c, FormulaDecl::Kind::Invariant, c->label(), c->expr());
        for (P::AtypeContext* a : c->atype()) d.with.push_back(name_of(a));
        d.proof = proof(c->proof());
        emit(c, std::move(d));
        return {};
    }
    antlrcpp::Any visitTheoremDecl(P::TheoremDeclContext* c) override {
        TheoremDecl d;
        if (auto* named = dynamic_cast<P::NamedTheoremContext*>(c->theoremBody())) {
            d.name.push_back(defn_lhs(named->defnLhs()));
            if (named->schemaBody()) d.schema = schema(named->schemaBody());
            else d.formula = build(named->expr());
        } else {
            auto* labelled = static_cast<P::LabelledTheoremContext*>(c->theoremBody());
            d.label = label(labelled->label());
            d.schema = schema(labelled->schemaBody());
        }
        d.proof = proof(c->proof());
        emit(c, std::move(d));
        return {};
    }
    antlrcpp::Any visitModuleDecl(P::ModuleDeclContext* c) override {
        ModuleDecl d;
        if (c->kind)
            d.kind = c->kind->getText() == "object" ? ModuleDecl::Kind::Object
                                                     : ModuleDecl::Kind::Isolate;
        d.name = c->ID(0)->getText();
        for (size_t i = 1; i < c->ID().size(); ++i) d.params.push_back(c->ID(i)->getText());
        d.with = callatoms(c->callatoms());
        d.body = decls(c->decl());
        emit(c, std::move(d));
        return {};
    }
    antlrcpp::Any visitInstanceDecl(P::InstanceDeclContext* c) override {
        InstanceDecl d;
        std::string k = c->kind->getText();
        d.kind = k == "instance"      ? InstanceDecl::Kind::Instance
                 : k == "instantiate" ? InstanceDecl::Kind::Instantiate
                                      : InstanceDecl::Kind::Autoinstance;
        for (P::InstContext* i : c->inst()) {
            Instance inst;
            if (i->modref().size() == 2) {
                inst.name = module_ref(i->modref(0));
                inst.module = module_ref(i->modref(1));
            } else {
                inst.module = module_ref(i->modref(0));
            }
            d.items.push_back(std::move(inst));
        }
        emit(c, std::move(d));
        return {};
    }
    antlrcpp::Any visitObjectDecl(P::ObjectDeclContext* c) override {
        ObjectDecl d;
        d.name = c->ID()->getText();
        d.params = params(c->params());
        d.continuation = c->cont != nullptr;
        d.body = decls(c->decl());
        emit(c, std::move(d));
        return {};
    }
    antlrcpp::Any visitIsolateDecl(P::IsolateDeclContext* c) override {
        IsolateDecl d;
        d.trusted = has_token(c, "trusted");
        d.name = c->ID()->getText();
        d.params = params(c->params());
        d.has_body = has_token(c, "{");
        std::vector<P::CallatomsContext*> lists = c->callatoms();
        size_t next = 0;
        if (d.has_body) d.body = decls(c->decl());
        else d.members = callatoms(lists[next++]);
        if (next < lists.size()) d.with = callatoms(lists[next]);
        emit(c, std::move(d));
        return {};
    }
    antlrcpp::Any visitExtractDecl(P::ExtractDeclContext* c) override {
        IsolateDecl d;
        d.extract = true;
        d.name = c->ID()->getText();
        d.params = params(c->params());
        d.has_body = has_token(c, "{");
        if (d.has_body) {
            d.body = decls(c->decl());
            d.with = callatoms(c->callatoms());
        } else {
            d.members = callatoms(c->callatoms());
        }
        emit(c, std::move(d));
        return {};
    }
    antlrcpp::Any visitSectionDecl(P::SectionDeclContext* c) override {
        SectionDecl d;
        std::string k = c->kind->getText();
        d.kind = k == "specification"    ? SectionDecl::Kind::Specification
                 : k == "implementation" ? SectionDecl::Kind::Implementation
                                         : SectionDecl::Kind::Private;
        d.body = decls(c->decl());
        emit(c, std::move(d));
        return {};
    }
    antlrcpp::Any visitActionDecl(P::ActionDeclContext* c) override {
        ActionDecl d;
        if (c->dir)
            d.dir = c->dir->getText() == "export" ? ActionDecl::Dir::Export : ActionDecl::Dir::Import;
        d.method = c->kind->getText() == "method";
        d.name = c->ID()->getText();
        d.params = params(c->params());
        d.results = results(c->results());
        if (c->star) d.body.kind = ActionBody::Kind::Crash;
        else d.body = body(c->topBlock());
        emit(c, std::move(d));
        return {};
    }
    MonitorDecl monitor(MonitorDecl::Kind kind, P::AtypeContext* target, P::ParamsContext* ps,
                        P::ResultsContext* rs) {
        MonitorDecl d;
        d.kind = kind;
        if (target) d.target = name_of(target);
        d.params = params(ps);
        d.results = results(rs);
        return d;
    }
    antlrcpp::Any visitBeforeDecl(P::BeforeDeclContext* c) override {
        MonitorDecl d = monitor(MonitorDecl::Kind::Before, c->atype(), c->params(), c->results());
        d.body = body(c->block());
        emit(c, std::move(d));
        return {};
    }
    antlrcpp::Any visitAfterInitDecl(P::AfterInitDeclContext* c) override {
        MonitorDecl d = monitor(MonitorDecl::Kind::AfterInit, nullptr, c->params(), nullptr);
        d.body = body(c->topBlock());
        emit(c, std::move(d));
        return {};
    }
    antlrcpp::Any visitAfterDecl(P::AfterDeclContext* c) override {
        MonitorDecl d = monitor(MonitorDecl::Kind::After, c->atype(), c->params(), c->results());
        d.body = body(c->topBlock());
        emit(c, std::move(d));
        return {};
    }
    antlrcpp::Any visitAroundDecl(P::AroundDeclContext* c) override {
        MonitorDecl d = monitor(MonitorDecl::Kind::Around, c->atype(), c->params(), c->results());
        d.body.kind = ActionBody::Kind::Block;
        d.body.block = build(c->stmtSeq(0));
        d.after_part = build(c->stmtSeq(1));
        emit(c, std::move(d));
        return {};
    }
    antlrcpp::Any visitImplementDecl(P::ImplementDeclContext* c) override {
        MonitorDecl d = monitor(MonitorDecl::Kind::Implement, c->atype(), c->params(), c->results());
        d.body = body(c->topBlock());
        emit(c, std::move(d));
        return {};
    }
    antlrcpp::Any visitExportDecl(P::ExportDeclContext* c) override {
        emit(c, ExportDecl{c->dir->getText() == "import", callatom(c->callatom())});
        return {};
    }
    antlrcpp::Any visitDelegateDecl(P::DelegateDeclContext* c) override {
        DelegateDecl d{callatoms(c->callatoms()), std::nullopt};
        if (c->callatom()) d.delegate_to = callatom(c->callatom());
        emit(c, std::move(d));
        return {};
    }
    antlrcpp::Any visitAttributeDecl(P::AttributeDeclContext* c) override {
        AttributeDecl d;
        d.name = callatom(c->callatom(0));
        if (c->callatom().size() > 1) {
            d.value = callatom(c->callatom(1));
        } else {
            Token* value = c->getStop();
            d.value = make(ExprKind::App, loc(value), value->getText());
        }
        emit(c, std::move(d));
        return {};
    }
    antlrcpp::Any visitNativeDecl(P::NativeDeclContext* c) override {
        emit(c, NativeDecl{std::nullopt, Native{native_text(c->NATIVE()->getText()), loc(c->NATIVE())}});
        return {};
    }
    antlrcpp::Any visitMixinDecl(P::MixinDeclContext* c) override {
        emit(c, MixinDecl{callatom(c->callatom(0)), c->when->getText() == "before",
                          callatom(c->callatom(1))});
        return {};
    }

private:
    FileId file_;
    FirstError& errors_;
    Expr expr_out_;
    Stmt stmt_out_;
    Decl decl_out_;
    Condition cond_out_;
    ProofStep proof_out_;
};

} // namespace

ast::File build_file_ast(P::FileContext* tree, FileId file, FirstError& errors) {
    Builder builder(file, errors);
    ast::File out;
    out.file = file;
    out.decls = builder.decls(tree->decl());
    return out;
}

ast::Expr build_expr_ast(P::ExprOnlyContext* tree, FileId file, FirstError& errors) {
    Builder builder(file, errors);
    return builder.build(tree->expr());
}

} // namespace ivy::frontend

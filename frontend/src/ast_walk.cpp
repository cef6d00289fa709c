#include "frontend/ast_walk.h"

namespace ivy::frontend {
namespace {

using namespace ast;
using Role = AstWalker::Role;

class Walk {
public:
    explicit Walk(AstWalker& w) : w_(w) {}

    void decls(const std::vector<Decl>& list) {
        for (const Decl& d : list) {
            w_.on_decl(d);
            std::visit([&](const auto& node) { decl(node); }, d.node);
        }
    }

private:
    void term(const Expr& e) { w_.on_expr(e, Role::Term); }
    void term(const std::optional<Expr>& e) {
        if (e) term(*e);
    }
    void terms(const std::vector<Expr>& es) {
        for (const Expr& e : es) term(e);
    }
    void atom(const Expr& e) { w_.on_expr(e, Role::CallAtom); }
    void atoms(const std::vector<Expr>& es) {
        for (const Expr& e : es) atom(e);
    }

    void proof(const std::vector<ProofStep>& steps) {
        for (const ProofStep& s : steps) {
            terms(s.exprs);
            proof(s.steps);
            proof(s.else_steps);
        }
    }

    void rhs(const DefnRhs& r) {
        term(r.expr);
        term(r.some_value);
        term(r.some_default);
    }

    void schema(const Schema& s) {
        for (const SchemaItem& item : s.items) {
            for (const SymDef& d : item.symbols)
                if (d.rhs) rhs(*d.rhs);
            term(item.formula);
            for (const Defn& d : item.defns) rhs(d.rhs);
        }
    }

    void block(const Block& b) {
        for (const Stmt& s : b) {
            w_.on_stmt(s);
            std::visit([&](const auto& node) { stmt(node); }, s.node);
        }
    }

    void condition(const Condition& c) {
        term(c.formula);
        term(c.extremum);
    }

    void stmt(const AssertStmt& s) {
        term(s.formula);
        proof(s.proof);
    }
    void stmt(const CallStmt& s) {
        atoms(s.results);
        atom(s.callee);
    }
    void stmt(const VarStmt& s) { term(s.init); }
    void stmt(const AssignStmt& s) {
        terms(s.targets);
        // The tuple form's right side is a call atom; a plain assignment's is a term.
        if (s.targets.size() > 1) atom(s.value);
        else term(s.value);
    }
    void stmt(const HavocStmt& s) { term(s.target); }
    void stmt(const ExprStmt& s) { term(s.expr); }
    void stmt(const BlockStmt& s) { block(s.body); }
    void stmt(const IfStmt& s) {
        condition(s.cond);
        block(s.then_body);
        block(s.else_body);
    }
    void stmt(const WhileStmt& s) {
        condition(s.cond);
        for (const LoopInvariant& inv : s.invariants) term(inv.formula);
        term(s.decreases);
        block(s.body);
    }
    void stmt(const LocalStmt& s) { block(s.body); }

    void decl(const IncludeDecl&) {}
    void decl(const TypeDecl&) {}
    void decl(const AliasDecl& d) { atom(d.target); }
    void decl(const InterpretDecl& d) { terms(d.range); }
    void decl(const SymbolDecl& d) {
        for (const SymDef& s : d.items)
            if (s.rhs) rhs(*s.rhs);
    }
    void decl(const StateDecl&) {}
    void decl(const ParameterDecl&) {}
    void decl(const DerivedDecl& d) {
        for (const Defn& x : d.defns) rhs(x.rhs);
    }
    void decl(const DefinitionDecl& d) {
        rhs(d.defn.rhs);
        proof(d.proof);
    }
    void decl(const FormulaDecl& d) {
        term(d.formula);
        if (d.schema) schema(*d.schema);
        proof(d.proof);
    }
    void decl(const TheoremDecl& d) {
        if (d.schema) schema(*d.schema);
        term(d.formula);
        proof(d.proof);
    }
    void decl(const ModuleDecl& d) {
        atoms(d.with);
        decls(d.body);
    }
    void decl(const InstanceDecl&) {}
    void decl(const ObjectDecl& d) { decls(d.body); }
    void decl(const IsolateDecl& d) {
        decls(d.body);
        atoms(d.members);
        atoms(d.with);
    }
    void decl(const SectionDecl& d) { decls(d.body); }
    void decl(const ActionDecl& d) { block(d.body.block); }
    void decl(const MonitorDecl& d) {
        block(d.body.block);
        block(d.after_part);
    }
    void decl(const ExportDecl& d) { atom(d.target); }
    void decl(const DelegateDecl& d) {
        atoms(d.actions);
        if (d.delegate_to) atom(*d.delegate_to);
    }
    void decl(const AttributeDecl& d) {
        atom(d.name);
        atom(d.value);
    }
    void decl(const NativeDecl&) {}
    void decl(const MixinDecl& d) {
        atom(d.mixin);
        atom(d.target);
    }

    AstWalker& w_;
};

} // namespace

void walk(const std::vector<ast::Decl>& decls, AstWalker& walker) { Walk(walker).decls(decls); }

} // namespace ivy::frontend

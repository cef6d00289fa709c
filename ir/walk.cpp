#include "ir/walk.h"

#include <vector>

namespace ivy::ir {

void for_each_stmt(const Block& b, const std::function<void(const Stmt&)>& f) {
    for (const Stmt& s : b) {
        f(s);
        if (const auto* i = std::get_if<IfStmt>(&s.node)) {
            for_each_stmt(i->then_body, f);
            for_each_stmt(i->else_body, f);
        } else if (const auto* w = std::get_if<WhileStmt>(&s.node)) {
            for_each_stmt(w->body, f);
        }
    }
}

void for_each_term(const Stmt& s, const std::function<void(TermId)>& f) {
    if (const auto* a = std::get_if<AssignStmt>(&s.node)) {
        f(a->lhs);
        f(a->rhs);
    } else if (const auto* h = std::get_if<HavocStmt>(&s.node)) {
        f(h->lhs);
    } else if (const auto* c = std::get_if<CallStmt>(&s.node)) {
        for (TermId t : c->args) f(t);
        for (TermId t : c->results) f(t);
    } else if (const auto* i = std::get_if<IfStmt>(&s.node)) {
        f(i->cond);
        if (i->extremum) f(*i->extremum);
    } else if (const auto* w = std::get_if<WhileStmt>(&s.node)) {
        f(w->cond);
        for (const Fact& inv : w->invariants) f(inv.formula);
        if (w->decreases) f(*w->decreases);
    } else if (const auto* a = std::get_if<AssertStmt>(&s.node)) {
        f(a->formula);
    }
}

void add_symbols(const TermTable& terms, TermId t, std::set<SymbolId>& out) {
    // Terms are shared DAGs: visit each node once.
    std::vector<TermId> todo{t};
    std::set<TermId> seen;
    while (!todo.empty()) {
        TermId u = todo.back();
        todo.pop_back();
        if (!seen.insert(u).second) continue;
        if (terms.op(u) == Op::App) out.insert(terms.payload(u));
        for (TermId a : terms.args(u)) todo.push_back(a);
    }
}

std::optional<SymbolId> assigned_symbol(const Program& p, TermId lhs) {
    while (p.terms.op(lhs) == Op::App) {
        SymbolId s = p.terms.payload(lhs);
        if (p.symbols[s].kind != Symbol::Kind::Destructor) return s;
        lhs = p.terms.arg(lhs, 0);
    }
    return std::nullopt;
}

} // namespace ivy::ir

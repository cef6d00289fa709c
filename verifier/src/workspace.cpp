#include "verifier/src/workspace.h"

#include <functional>

namespace ivy::verifier {

using ir::Op;
using ir::SymbolId;
using ir::TermId;
using ir::VarId;

SymbolId Workspace::fresh(std::string name, std::vector<ir::SortId> domain, ir::SortId range, ir::Symbol::Kind kind) {
    ir::Symbol s;
    s.name = std::move(name);
    s.kind = kind;
    s.domain = std::move(domain);
    s.range = range;
    symbols.push_back(std::move(s));
    return static_cast<SymbolId>(symbols.size() - 1);
}

SymbolId Workspace::version_of(SymbolId like) {
    SymbolId base = original(like);
    unsigned n = ++next_version_[base];
    ir::Symbol copy = symbols[base];
    copy.name += "@" + std::to_string(n);
    symbols.push_back(std::move(copy));
    auto id = static_cast<SymbolId>(symbols.size() - 1);
    original_[id] = base;
    return id;
}

SymbolId Workspace::original(SymbolId s) const {
    auto it = original_.find(s);
    return it == original_.end() ? s : it->second;
}

SymbolId Workspace::less(ir::SortId s) {
    if (auto it = less_.find(s); it != less_.end()) return it->second;
    SymbolId found = 0;
    bool have = false;
    for (size_t i = 0; i < symbols.size() && !have; ++i) {
        const ir::Symbol& sym = symbols[i];
        have = sym.kind == ir::Symbol::Kind::Builtin && sym.name == "<" && sym.domain == std::vector<ir::SortId>{s, s};
        if (have) found = static_cast<SymbolId>(i);
    }
    if (!have) found = fresh("<", {s, s}, ir::kBoolSort, ir::Symbol::Kind::Builtin);
    less_.emplace(s, found);
    return found;
}

SymbolId Workspace::numeral(const std::string& text, ir::SortId s) {
    auto key = std::make_pair(text, s);
    if (auto it = numerals_.find(key); it != numerals_.end()) return it->second;
    for (size_t i = 0; i < symbols.size(); ++i) {
        const ir::Symbol& sym = symbols[i];
        if (sym.kind == ir::Symbol::Kind::Numeral && sym.name == text && sym.range == s)
            return numerals_[key] = static_cast<SymbolId>(i);
    }
    return numerals_[key] = fresh(text, {}, s, ir::Symbol::Kind::Numeral);
}

TermId Workspace::substitute(TermId t, const std::map<VarId, TermId>& by) {
    std::map<TermId, TermId> memo;
    std::function<TermId(TermId, const std::set<VarId>&)> go = [&](TermId u, const std::set<VarId>& bound) {
        const ir::TermNode& n = terms.node(u);
        if (n.op == Op::Var) {
            if (bound.count(n.payload)) return u;
            auto it = by.find(n.payload);
            return it == by.end() ? u : it->second;
        }
        if (n.num_args == 0) return u;
        bool quant = n.op == Op::Forall || n.op == Op::Exists;
        if (!quant)
            if (auto it = memo.find(u); it != memo.end()) return it->second;
        std::set<VarId> inner = bound;
        std::vector<TermId> args(terms.args(u).begin(), terms.args(u).end());
        if (quant)
            for (size_t i = 0; i + 1 < args.size(); ++i) inner.insert(terms.payload(args[i]));
        for (size_t i = quant ? args.size() - 1 : 0; i < args.size(); ++i) args[i] = go(args[i], inner);
        TermId out = terms.make(n.op, n.sort, args, n.payload);
        if (!quant && bound.empty()) memo[u] = out;
        return out;
    };
    return by.empty() ? t : go(t, {});
}

std::set<VarId> Workspace::free_vars(TermId t) {
    std::set<VarId> out;
    std::function<void(TermId, std::set<VarId>&)> go = [&](TermId u, std::set<VarId>& bound) {
        const ir::TermNode& n = terms.node(u);
        if (n.op == Op::Var) {
            if (!bound.count(n.payload)) out.insert(n.payload);
            return;
        }
        auto args = terms.args(u);
        if (n.op == Op::Forall || n.op == Op::Exists) {
            std::set<VarId> inner = bound;
            for (size_t i = 0; i + 1 < args.size(); ++i) inner.insert(terms.payload(args[i]));
            go(args.back(), inner);
            return;
        }
        for (TermId a : args) go(a, bound);
    };
    std::set<VarId> none;
    go(t, none);
    return out;
}

TermId Workspace::close(TermId t) {
    std::set<VarId> vars = free_vars(t);
    if (vars.empty()) return t;
    std::vector<TermId> bound;
    for (VarId v : vars) bound.push_back(terms.var(v, terms.variable_info(v).sort));
    return terms.quant(Op::Forall, bound, t);
}

namespace {

bool under(const std::string& name, const std::string& object) {
    return name.size() > object.size() && name.compare(0, object.size(), object) == 0 && name[object.size()] == '.';
}

} // namespace

void Workspace::bind_isolate_parameters(const std::vector<std::pair<std::string, TermId>>& objects) {
    bound_objects_ = objects;
    for (const ir::Fact& f : program.facts) {
        std::optional<TermId> me = bound_parameter(f.label);
        if (!me) continue;
        // The object's parameter is the variable its members are applied to first.
        std::set<VarId> found;
        std::function<void(TermId)> walk = [&](TermId t) {
            if (terms.op(t) == Op::App) {
                const ir::Symbol& s = symbols[terms.payload(t)];
                if (s.object_params > 0 && bound_parameter(s.name) && terms.op(terms.arg(t, 0)) == Op::Var)
                    found.insert(terms.payload(terms.arg(t, 0)));
            }
            for (TermId a : terms.args(t)) walk(a);
        };
        walk(f.formula);
        if (found.size() == 1) bound_facts_[&f] = substitute(f.formula, {{*found.begin(), *me}});
    }
}

std::optional<TermId> Workspace::bound_parameter(const std::string& name) const {
    for (const auto& [object, me] : bound_objects_)
        if (under(name, object)) return me;
    return std::nullopt;
}

TermId Workspace::formula(const ir::Fact& f) const {
    auto it = bound_facts_.find(&f);
    return it == bound_facts_.end() ? f.formula : it->second;
}

} // namespace ivy::verifier

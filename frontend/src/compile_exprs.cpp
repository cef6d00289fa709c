// Expressions: name resolution (docs/ivy-language.md 3.5), sort inference (3.11) and
// lowering to the Program's term table.
#include "frontend/src/compiler.h"

#include <algorithm>

namespace ivy::frontend {

using ast::BinaryOp;
using ast::Expr;
using ast::ExprKind;
using ir::SortId;
using ir::SymbolId;
using ir::TermId;

// ------------------------------------------------------------------ Unifier

Unifier::Slot Unifier::fresh() {
    parent_.push_back(static_cast<Slot>(parent_.size()));
    sort_.emplace_back();
    return parent_.back();
}

Unifier::Slot Unifier::known(SortId sort) {
    Slot s = fresh();
    sort_[s] = sort;
    return s;
}

Unifier::Slot Unifier::find(Slot s) {
    while (parent_[s] != s) {
        parent_[s] = parent_[parent_[s]];
        s = parent_[s];
    }
    return s;
}

bool Unifier::unify(Slot a, Slot b) {
    a = find(a);
    b = find(b);
    if (a == b) return true;
    if (sort_[a] && sort_[b] && *sort_[a] != *sort_[b]) return false;
    if (!sort_[a]) sort_[a] = sort_[b];
    parent_[b] = a;
    return true;
}

std::optional<SortId> Unifier::sort(Slot s) { return sort_[find(s)]; }

bool is_literal(const std::string& name) {
    return !name.empty() && (std::isdigit(static_cast<unsigned char>(name[0])) || name[0] == '"');
}

void written_variables(const Expr& e, std::set<std::string>& out) {
    if (e.kind == ExprKind::Var) out.insert(e.name);
    for (const ast::Binder& b : e.binders) out.insert(b.name);
    for (const Expr& a : e.args) written_variables(a, out);
}

void free_variables(const TNode& n, std::set<std::string>& out, std::set<std::string> bound) {
    if (n.kind == TNode::Kind::Var && !bound.count(n.name)) out.insert(n.name);
    if (n.kind == TNode::Kind::Forall || n.kind == TNode::Kind::Exists)
        for (const auto& b : n.binders) bound.insert(b.first);
    for (const TNode& k : n.kids) free_variables(k, out, bound);
}

const LocalName* NameScope::find(const std::string& name) const {
    for (auto it = frames.rbegin(); it != frames.rend(); ++it)
        if (auto found = it->find(name); found != it->end()) return &found->second;
    return nullptr;
}

// ------------------------------------------------------------------ helpers

namespace {

TNode node(TNode::Kind kind, Unifier::Slot slot, SourceLocation at, std::vector<TNode> kids = {}) {
    TNode n;
    n.kind = kind;
    n.slot = slot;
    n.loc = at;
    n.kids = std::move(kids);
    return n;
}

bool is_operator(const std::string& name) {
    return !name.empty() && std::string("=<>+-*/").find(name[0]) != std::string::npos;
}

std::string parent_of(const std::string& qualified) {
    std::vector<std::string> parts = split_name(qualified);
    parts.pop_back();
    return join_name(parts);
}

} // namespace

std::string Compiler::describe(const TNode& n) const {
    switch (n.kind) {
    case TNode::Kind::Sym: return "'" + program_.symbols[n.symbol].name + "'";
    case TNode::Kind::Var: return "variable " + n.name;
    case TNode::Kind::Numeral: return "'" + n.name + "'";
    default: return "the expression";
    }
}

bool Compiler::unify(Unit& unit, Unifier::Slot a, Unifier::Slot b, SourceLocation at,
                     const std::string& what) {
    if (unit.unifier.unify(a, b)) return true;
    error(at, "sort mismatch: " + what + " (" + sort_name(*unit.unifier.sort(a)) + " versus " +
                  sort_name(*unit.unifier.sort(b)) + ")");
    unit.failed = true;
    return false;
}

bool Compiler::expect_sort(Unit& unit, const TNode& n, SortId sort, const std::string& what) {
    Unifier::Slot want = unit.unifier.known(sort);
    if (unit.unifier.unify(n.slot, want)) return true;
    error(n.loc, "sort mismatch: " + what + " has sort " + sort_name(*unit.unifier.sort(n.slot)) +
                     ", expected " + sort_name(sort));
    unit.failed = true;
    return false;
}

SymbolId Compiler::builtin_symbol(const std::string& op, SortId sort) {
    auto key = std::make_pair(op, sort);
    if (auto it = builtins_.find(key); it != builtins_.end()) return it->second;
    ir::Symbol s;
    s.name = op;
    s.kind = ir::Symbol::Kind::Builtin;
    s.domain = {sort, sort};
    s.range = op == "<" ? ir::kBoolSort : sort;
    SymbolId id = add_symbol(std::move(s), false);
    builtins_[key] = id;
    return id;
}

SymbolId Compiler::numeral_symbol(const std::string& text, SortId sort) {
    auto key = std::make_pair(text, sort);
    if (auto it = builtins_.find(key); it != builtins_.end()) return it->second;
    ir::Symbol s;
    s.name = text;
    s.kind = ir::Symbol::Kind::Numeral;
    s.range = sort;
    SymbolId id = add_symbol(std::move(s), false);
    builtins_[key] = id;
    return id;
}

// ------------------------------------------------------------------ expressions

std::optional<TNode> Compiler::expr(const Expr& e, const NameScope& scope, Unit& unit,
                                    BodyContext* body) {
    auto& u = unit.unifier;
    auto sub = [&](const Expr& x) { return expr(x, scope, unit, body); };
    auto boolean = [&](const Expr& x) -> std::optional<TNode> {
        std::optional<TNode> t = sub(x);
        if (t && !expect_sort(unit, *t, ir::kBoolSort, describe(*t))) return std::nullopt;
        return t;
    };

    switch (e.kind) {
    case ExprKind::App:
    case ExprKind::Member: return chain(e, scope, unit, body);

    case ExprKind::Var: {
        for (auto it = unit.bound_vars.rbegin(); it != unit.bound_vars.rend(); ++it)
            if (auto v = it->find(e.name); v != it->end()) {
                TNode n = node(TNode::Kind::Var, v->second, e.loc);
                n.name = e.name;
                return n;
            }
        auto [it, fresh] = unit.free_vars.try_emplace(e.name, 0);
        if (fresh) it->second = u.fresh();
        TNode n = node(TNode::Kind::Var, it->second, e.loc);
        n.name = e.name;
        return n;
    }

    case ExprKind::Bool:
        return node(e.name == "true" ? TNode::Kind::True : TNode::Kind::False, u.known(ir::kBoolSort), e.loc);

    case ExprKind::Old: {
        if (!unit.allow_old) {
            error(e.loc, "'old' is allowed only in action bodies and monitors");
            unit.failed = true;
            return std::nullopt;
        }
        std::optional<TNode> inner = sub(e.args[0]);
        if (!inner) return std::nullopt;
        Unifier::Slot slot = inner->slot;
        return node(TNode::Kind::Old, slot, e.loc, {std::move(*inner)});
    }

    case ExprKind::Not: {
        std::optional<TNode> a = boolean(e.args[0]);
        if (!a) return std::nullopt;
        return node(TNode::Kind::Not, u.known(ir::kBoolSort), e.loc, {std::move(*a)});
    }

    case ExprKind::Binary: {
        std::optional<TNode> a = sub(e.args[0]);
        std::optional<TNode> b = sub(e.args[1]);
        if (!a || !b) return std::nullopt;
        auto connective = [&](TNode::Kind kind) -> std::optional<TNode> {
            if (!expect_sort(unit, *a, ir::kBoolSort, describe(*a)) ||
                !expect_sort(unit, *b, ir::kBoolSort, describe(*b)))
                return std::nullopt;
            return node(kind, u.known(ir::kBoolSort), e.loc, {std::move(*a), std::move(*b)});
        };
        auto equal = [&](TNode x, TNode y) -> std::optional<TNode> {
            if (!unify(unit, x.slot, y.slot, e.loc, describe(x) + " compared with " + describe(y)))
                return std::nullopt;
            return node(TNode::Kind::Eq, u.known(ir::kBoolSort), e.loc, {std::move(x), std::move(y)});
        };
        // `<=`, `>`, `>=` are macros over `<` (docs/ivy-language.md 3.11).
        auto or_equal = [&](std::optional<TNode> less, TNode x, TNode y) -> std::optional<TNode> {
            std::optional<TNode> eq = equal(std::move(x), std::move(y));
            if (!less || !eq) return std::nullopt;
            return node(TNode::Kind::Or, u.known(ir::kBoolSort), e.loc, {std::move(*less), std::move(*eq)});
        };
        switch (e.op) {
        case BinaryOp::And: return connective(TNode::Kind::And);
        case BinaryOp::Or: return connective(TNode::Kind::Or);
        case BinaryOp::Implies: return connective(TNode::Kind::Implies);
        case BinaryOp::Iff: return connective(TNode::Kind::Iff);
        case BinaryOp::Eq: return equal(std::move(*a), std::move(*b));
        case BinaryOp::Neq: {
            std::optional<TNode> eq = equal(std::move(*a), std::move(*b));
            if (!eq) return std::nullopt;
            return node(TNode::Kind::Not, u.known(ir::kBoolSort), e.loc, {std::move(*eq)});
        }
        case BinaryOp::Lt: return builtin("<", {std::move(*a), std::move(*b)}, unit, e.loc);
        case BinaryOp::Gt: return builtin("<", {std::move(*b), std::move(*a)}, unit, e.loc);
        case BinaryOp::Le: return or_equal(builtin("<", {*a, *b}, unit, e.loc), *a, *b);
        case BinaryOp::Ge: return or_equal(builtin("<", {*b, *a}, unit, e.loc), *a, *b);
        case BinaryOp::Plus: return builtin("+", {std::move(*a), std::move(*b)}, unit, e.loc);
        case BinaryOp::Minus: return builtin("-", {std::move(*a), std::move(*b)}, unit, e.loc);
        case BinaryOp::Times: return builtin("*", {std::move(*a), std::move(*b)}, unit, e.loc);
        case BinaryOp::Div: return builtin("/", {std::move(*a), std::move(*b)}, unit, e.loc);
        case BinaryOp::Pto:
            error(e.loc, "the operator '*>' (variant subtyping) is not supported");
            unit.failed = true;
            return std::nullopt;
        }
        return std::nullopt;
    }

    case ExprKind::Ite: {
        std::optional<TNode> then = sub(e.args[0]);
        std::optional<TNode> cond = boolean(e.args[1]);
        std::optional<TNode> other = sub(e.args[2]);
        if (!then || !cond || !other) return std::nullopt;
        if (!unify(unit, then->slot, other->slot, e.loc, "the two branches of 'if ... else'"))
            return std::nullopt;
        Unifier::Slot slot = then->slot;
        return node(TNode::Kind::Ite, slot, e.loc, {std::move(*cond), std::move(*then), std::move(*other)});
    }

    case ExprKind::Ascribe: {
        std::optional<TNode> inner = sub(e.args[0]);
        if (!inner) return std::nullopt;
        std::optional<SortId> sort = resolve_sort(e.sort);
        if (!sort) {
            error(e.sort.loc, "unknown sort '" + e.sort.str() + "'");
            unit.failed = true;
            return std::nullopt;
        }
        if (!expect_sort(unit, *inner, *sort, describe(*inner))) return std::nullopt;
        return inner;
    }

    case ExprKind::Quant: {
        std::map<std::string, Unifier::Slot> frame;
        std::vector<std::pair<std::string, Unifier::Slot>> binders;
        for (const ast::Binder& b : e.binders) {
            Unifier::Slot slot = u.fresh();
            if (!b.sort.empty()) {
                std::optional<SortId> sort = resolve_sort(b.sort);
                if (!sort) {
                    error(b.sort.loc, "unknown sort '" + b.sort.str() + "'");
                    unit.failed = true;
                    return std::nullopt;
                }
                u.unify(slot, u.known(*sort));
            }
            frame[b.name] = slot;
            binders.emplace_back(b.name, slot);
        }
        unit.bound_vars.push_back(std::move(frame));
        std::optional<TNode> bodyt = boolean(e.args[0]);
        unit.bound_vars.pop_back();
        if (!bodyt) return std::nullopt;
        TNode n = node(e.quant == ast::Quantifier::Forall ? TNode::Kind::Forall : TNode::Kind::Exists,
                       u.known(ir::kBoolSort), e.loc, {std::move(*bodyt)});
        n.binders = std::move(binders);
        return n;
    }

    case ExprKind::Temporal:
        error(e.loc, "temporal formulas (globally, eventually) are not supported");
        unit.failed = true;
        return std::nullopt;
    case ExprKind::Isa:
        error(e.loc, "'isa' (variant subtyping) is not supported");
        unit.failed = true;
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<TNode> Compiler::builtin(const std::string& op, std::vector<TNode> kids, Unit& unit,
                                       SourceLocation at) {
    if (!unify(unit, kids[0].slot, kids[1].slot, at,
               "the operands of '" + op + "', " + describe(kids[0]) + " and " + describe(kids[1])))
        return std::nullopt;
    Unifier::Slot slot = op == "<" ? unit.unifier.known(ir::kBoolSort) : kids[0].slot;
    TNode n = node(TNode::Kind::Builtin, slot, at, std::move(kids));
    n.name = op;
    return n;
}

// ------------------------------------------------------------------ names

// `a.b(x).c(y)`: the name `a.b.c` applied to `x, y`, resolved as in Ivy: locals
// first, then the longest prefix naming a symbol or action (aliases expanded), then
// the remaining components as fields or actions of the sort of what came before.
std::optional<TNode> Compiler::chain(const Expr& e, const NameScope& scope, Unit& unit,
                                     BodyContext* body) {
    // Unfold the chain into its components and their written arguments.
    std::vector<Part> parts;
    const Expr* head = &e;
    std::vector<const Expr*> members;
    while (head->kind == ExprKind::Member) {
        members.push_back(head);
        head = &head->args[0];
    }
    std::optional<TNode> base; // a head that is not a name: `(old a).b`, `(x + 1).f`
    if (head->kind == ExprKind::App) {
        std::vector<std::string> names = split_name(head->name);
        for (size_t i = 0; i < names.size(); ++i) parts.push_back(Part{names[i], {}, head->loc});
        for (const Expr& a : head->args) parts.back().args.push_back(&a);
    } else {
        base = expr(*head, scope, unit, body);
        if (!base) return std::nullopt;
    }
    for (auto it = members.rbegin(); it != members.rend(); ++it) {
        Part p{(*it)->name, {}, (*it)->loc};
        for (size_t i = 1; i < (*it)->args.size(); ++i) p.args.push_back(&(*it)->args[i]);
        parts.push_back(std::move(p));
    }

    // Only the outermost chain of a unit is a captured call or an assignment target.
    const bool capture = unit.capture_call;
    const bool fill = unit.lhs_fill;
    unit.capture_call = false;
    unit.lhs_fill = false;

    // Compile the written arguments, left to right.
    std::vector<TNode> args;
    for (const Part& p : parts)
        for (const Expr* a : p.args) {
            std::optional<TNode> t = expr(*a, scope, unit, body);
            if (!t) return std::nullopt;
            args.push_back(std::move(*t));
        }
    const std::string written = [&] {
        std::vector<std::string> names;
        for (const Part& p : parts) names.push_back(p.name);
        return join_name(names);
    }();
    auto fail = [&](SourceLocation at, const std::string& message) -> std::optional<TNode> {
        error(at, message);
        unit.failed = true;
        return std::nullopt;
    };

    size_t next = 0; // the first part not yet consumed
    if (!base && parts.size() == 1 && is_literal(parts[0].name)) {
        if (!args.empty()) return fail(parts[0].loc, "'" + parts[0].name + "' takes no arguments");
        TNode n = node(TNode::Kind::Numeral, unit.unifier.fresh(), parts[0].loc);
        n.name = parts[0].name;
        return n;
    }
    // A name qualified during flattening (`bound`) refers to a declaration, never to a
    // local that happens to share its first component.
    if (!base && !head->bound) {
        if (const LocalName* local = scope.find(parts[0].name)) {
            if (!parts[0].args.empty())
                return fail(parts[0].loc, "'" + parts[0].name + "' is not a function");
            if (local->symbol) {
                base = node(TNode::Kind::Sym, unit.unifier.known(local->sort), parts[0].loc);
                base->symbol = *local->symbol;
            } else {
                base = node(TNode::Kind::Var, unit.unifier.known(local->sort), parts[0].loc);
                base->name = local->var;
            }
            next = 1;
        }
    }

    // The implicit object parameters a name declared in an enclosing parameterised
    // object receives (as many as the entity declares).
    auto implicit = [&](size_t object_params) {
        std::vector<TNode> out;
        size_t count = std::min({static_cast<size_t>(head->object_args), object_params, scope.object_params.size()});
        for (size_t i = 0; i < count; ++i) {
            const LocalName* p = scope.find(scope.object_params[i]);
            TNode n;
            if (p && p->symbol) {
                n = node(TNode::Kind::Sym, unit.unifier.known(p->sort), head->loc);
                n.symbol = *p->symbol;
            } else if (p) {
                n = node(TNode::Kind::Var, unit.unifier.known(p->sort), head->loc);
                n.name = p->var;
            }
            out.push_back(std::move(n));
        }
        return out;
    };

    size_t used = 0; // arguments consumed so far
    if (!base) {
        for (size_t k = parts.size(); k >= 1 && !base; --k) {
            std::vector<std::string> prefix;
            for (size_t i = 0; i < k; ++i) prefix.push_back(parts[i].name);
            const std::string name = join_name(expand_alias(prefix));
            bool last = k == parts.size();
            if (std::optional<SymbolId> sym = program_.find_symbol(name)) {
                std::vector<TNode> given = implicit(program_.symbols[*sym].object_params);
                const size_t passed = given.size();
                size_t arity = program_.symbols[*sym].domain.size();
                size_t want = last ? args.size() : std::min(args.size(), arity > given.size() ? arity - given.size() : 0);
                for (size_t i = 0; i < want; ++i) given.push_back(args[i]);
                used = want;
                unit.lhs_fill = fill && last;
                base = apply_symbol(*sym, std::move(given), passed, unit, parts[0].loc);
                unit.lhs_fill = false;
                if (!base) return std::nullopt;
                next = k;
            } else if (std::optional<ir::ActionId> act = program_.find_action(name)) {
                const ir::Action& a = program_.actions[*act];
                std::vector<TNode> given = implicit(a.object_params);
                const size_t passed = given.size();
                size_t arity = a.params.size();
                size_t want = last ? args.size() : std::min(args.size(), arity > given.size() ? arity - given.size() : 0);
                for (size_t i = 0; i < want; ++i) given.push_back(args[i]);
                used = want;
                unit.capture_call = capture && last;
                base = call_in_expr(*act, std::move(given), passed, unit, body, parts[0].loc);
                unit.capture_call = false;
                if (!base) return std::nullopt;
                next = k;
            }
            if (k == 1) break;
        }
        if (!base) {
            if (program_.find_sort(join_name(expand_alias({written}))))
                return fail(parts[0].loc, "'" + written + "' is a sort, not a value");
            if (is_operator(written)) // a module parameter bound to an operator, misapplied
                return fail(parts[0].loc, "the operator '" + written + "' takes two operands");
            return fail(parts[0].loc, "unknown name '" + written + "'");
        }
    }

    std::vector<TNode> rest(args.begin() + static_cast<long>(used), args.end());
    while (next < parts.size()) {
        bool last = next + 1 == parts.size();
        unit.capture_call = capture && last;
        unit.lhs_fill = fill && last;
        base = member(std::move(*base), parts[next].name, rest, last, scope, unit, body, parts[next].loc);
        unit.capture_call = false;
        unit.lhs_fill = false;
        if (!base) return std::nullopt;
        ++next;
    }
    if (!rest.empty())
        return fail(e.loc, "too many arguments for '" + written + "'");
    return base;
}

// `b.f(rest)`: the field, function or action `f` of the sort of `b`, looked up beside
// the sort (`S.f`) and then beside its object (`parent(S).f`).
std::optional<TNode> Compiler::member(TNode base, const std::string& field, std::vector<TNode>& rest,
                                      bool last, const NameScope&, Unit& unit, BodyContext* body,
                                      SourceLocation at) {
    std::optional<SortId> sort = unit.unifier.sort(base.slot);
    if (!sort) {
        error(at, "cannot resolve '." + field + "': the sort of " + describe(base) + " is not known here");
        unit.failed = true;
        return std::nullopt;
    }
    const std::string& sname = program_.sorts[*sort].name;
    const std::string parent = parent_of(sname);
    for (const std::string& candidate : {sname + "." + field, parent.empty() ? field : parent + "." + field}) {
        const std::string name = join_name(expand_alias(split_name(candidate)));
        std::optional<SymbolId> sym = program_.find_symbol(name);
        std::optional<ir::ActionId> act = sym ? std::nullopt : program_.find_action(name);
        if (!sym && !act) continue;
        size_t arity = sym ? program_.symbols[*sym].domain.size() : program_.actions[*act].params.size();
        std::vector<TNode> given{std::move(base)};
        size_t want = last ? rest.size() : std::min(rest.size(), arity > 1 ? arity - 1 : 0);
        for (size_t i = 0; i < want; ++i) given.push_back(std::move(rest[i]));
        rest.erase(rest.begin(), rest.begin() + static_cast<long>(want));
        if (sym) return apply_symbol(*sym, std::move(given), 0, unit, at);
        return call_in_expr(*act, std::move(given), 0, unit, body, at);
    }
    error(at, "unknown field or action '" + field + "' of sort " + sname);
    unit.failed = true;
    return std::nullopt;
}

std::optional<TNode> Compiler::apply_symbol(SymbolId id, std::vector<TNode> args, size_t implicit, Unit& unit,
                                            SourceLocation at) {
    const ir::Symbol& s = program_.symbols[id];
    if (unit.lhs_fill) { // `r := false` for `r(X,Y) := false`
        size_t next = 0;
        for (size_t i = args.size(); i < s.domain.size(); ++i) {
            TNode v = node(TNode::Kind::Var, unit.unifier.known(s.domain[i]), at);
            next = std::max(next, i);
            v.name = fresh_variable("X__", next, unit.written_vars);
            args.push_back(std::move(v));
        }
    }
    if (args.size() != s.domain.size()) {
        error(at, "wrong number of arguments to '" + s.name + "': expected " +
                      std::to_string(s.domain.size() - implicit) + ", got " + std::to_string(args.size() - implicit));
        unit.failed = true;
        return std::nullopt;
    }
    for (size_t i = 0; i < args.size(); ++i)
        if (!expect_sort(unit, args[i], s.domain[i],
                         "argument " + std::to_string(i + 1) + " of '" + s.name + "', " + describe(args[i])))
            return std::nullopt;
    TNode n = node(TNode::Kind::Sym, unit.unifier.known(s.range), at, std::move(args));
    n.symbol = id;
    return n;
}

// The arguments of a call of `a`: as many as it has parameters, of their sorts, and
// no logical variables (docs/ivy-language.md 3.8: an action runs once, on values).
bool Compiler::call_arguments(const ir::Action& a, const std::vector<TNode>& args, size_t implicit, Unit& unit,
                              SourceLocation at) {
    if (args.size() != a.params.size()) {
        error(at, "wrong number of arguments to action '" + a.name + "': expected " +
                      std::to_string(a.params.size() - implicit) + ", got " + std::to_string(args.size() - implicit));
        unit.failed = true;
        return false;
    }
    for (size_t i = 0; i < args.size(); ++i)
        if (!expect_sort(unit, args[i], program_.symbols[a.params[i]].range,
                         "argument " + std::to_string(i + 1) + " of '" + a.name + "', " + describe(args[i])))
            return false;
    for (const TNode& arg : args) {
        std::set<std::string> vars;
        free_variables(arg, vars);
        if (vars.empty()) continue;
        error(at, "a logical variable (" + *vars.begin() + ") cannot be an argument of action '" + a.name + "'");
        unit.failed = true;
        return false;
    }
    return true;
}

std::optional<TNode> Compiler::call_in_expr(ir::ActionId id, std::vector<TNode> args, size_t implicit, Unit& unit,
                                            BodyContext* body, SourceLocation at) {
    const ir::Action& a = program_.actions[id];
    if (unit.capture_call) { // a call statement's own call: any number of results
        if (!call_arguments(a, args, implicit, unit, at)) return std::nullopt;
        unit.captured = HoistedCall{id, std::move(args), 0, at};
        return node(TNode::Kind::True, unit.unifier.known(ir::kBoolSort), at);
    }
    if (!unit.allow_calls || !body) {
        error(at, "action '" + a.name + "' cannot be called here (calls are allowed only in "
                                        "statements of action bodies)");
        unit.failed = true;
        return std::nullopt;
    }
    if (a.results.size() != 1) {
        error(at, "action '" + a.name + "' has " + std::to_string(a.results.size()) +
                      " results; only an action with exactly one can be used in an expression");
        unit.failed = true;
        return std::nullopt;
    }
    if (!call_arguments(a, args, implicit, unit, at)) return std::nullopt;

    const SortId result_sort = program_.symbols[a.results[0]].range;
    ir::Symbol local;
    local.name = "loc:" + std::to_string(body->temporaries++);
    local.kind = ir::Symbol::Kind::Local;
    local.range = result_sort;
    local.action = body->action;
    local.origin = body->origin;
    local.origin.loc = at;
    SymbolId id_local = add_symbol(std::move(local), false);
    if (body->locals) body->locals->push_back(id_local);
    unit.calls.push_back(HoistedCall{id, std::move(args), id_local, at});

    TNode n = node(TNode::Kind::Sym, unit.unifier.known(result_sort), at);
    n.symbol = id_local;
    return n;
}

// ------------------------------------------------------------------ lowering

std::optional<TermId> Compiler::lower(const TNode& n, Unit& unit) {
    ir::TermTable& t = program_.terms;
    std::vector<TermId> kids;
    for (const TNode& k : n.kids) {
        std::optional<TermId> lowered = lower(k, unit);
        if (!lowered) return std::nullopt;
        kids.push_back(*lowered);
    }
    auto known = [&](const char* what) -> std::optional<SortId> {
        std::optional<SortId> s = unit.unifier.sort(n.slot);
        if (!s) {
            error(n.loc, std::string("cannot infer the sort of ") + what +
                             " (annotate one occurrence, as in X:t)");
            unit.failed = true;
        }
        return s;
    };
    switch (n.kind) {
    case TNode::Kind::Var: {
        std::optional<SortId> s = known(("variable " + n.name).c_str());
        if (!s) return std::nullopt;
        return t.var(t.variable(n.name, *s), *s);
    }
    case TNode::Kind::Sym: return t.app(n.symbol, program_.symbols[n.symbol].range, kids);
    case TNode::Kind::Numeral: {
        std::optional<SortId> s = known(("'" + n.name + "'").c_str());
        if (!s) return std::nullopt;
        return t.app(numeral_symbol(n.name, *s), *s);
    }
    case TNode::Kind::Builtin: {
        std::optional<SortId> s = unit.unifier.sort(n.kids[0].slot);
        if (!s) {
            error(n.loc, "cannot infer the sort of the operands of '" + n.name +
                             "' (annotate one, as in X:t)");
            unit.failed = true;
            return std::nullopt;
        }
        SymbolId sym = builtin_symbol(n.name, *s);
        return t.app(sym, program_.symbols[sym].range, kids);
    }
    case TNode::Kind::True: return t.true_term();
    case TNode::Kind::False: return t.false_term();
    case TNode::Kind::Not: return t.not_(kids[0]);
    case TNode::Kind::And: return t.and_(kids);
    case TNode::Kind::Or: return t.or_(kids);
    case TNode::Kind::Implies: return t.implies(kids[0], kids[1]);
    case TNode::Kind::Iff: return t.iff(kids[0], kids[1]);
    case TNode::Kind::Eq: return t.eq(kids[0], kids[1]);
    case TNode::Kind::Ite: return t.ite(kids[0], kids[1], kids[2]);
    case TNode::Kind::Old: return t.old(kids[0]);
    case TNode::Kind::Forall:
    case TNode::Kind::Exists: {
        std::vector<TermId> vars;
        for (const auto& [name, slot] : n.binders) {
            std::optional<SortId> s = unit.unifier.sort(slot);
            if (!s) {
                error(n.loc, "cannot infer the sort of variable " + name + " (annotate it, as in " +
                                 name + ":t)");
                unit.failed = true;
                return std::nullopt;
            }
            vars.push_back(t.var(t.variable(name, *s), *s));
        }
        return t.quant(n.kind == TNode::Kind::Forall ? ir::Op::Forall : ir::Op::Exists, vars, kids[0]);
    }
    }
    return std::nullopt;
}

std::optional<TermId> Compiler::formula(const Expr& e, const NameScope& scope) {
    Unit unit;
    std::optional<TNode> t = expr(e, scope, unit, nullptr);
    if (!t || !expect_sort(unit, *t, ir::kBoolSort, "a formula")) return std::nullopt;
    return lower(*t, unit);
}

} // namespace ivy::frontend

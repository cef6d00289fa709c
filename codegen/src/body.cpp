#include "codegen/src/body.h"

#include "ir/printer.h"
#include "ir/walk.h"

#include <functional>

namespace ivy::codegen {

using ir::Op;
using ir::SymbolId;
using ir::TermId;
using ir::VarId;

namespace {

// The conjuncts of `t` (flattening nested conjunctions).
void conjuncts(const ir::TermTable& terms, TermId t, std::vector<TermId>& out) {
    if (terms.op(t) == Op::And) {
        for (TermId a : terms.args(t)) conjuncts(terms, a, out);
        return;
    }
    out.push_back(t);
}

} // namespace

// A term as Ivy text for messages, formals and locals by their written names.
static std::string show(const ir::Program& p, TermId t) {
    std::string text = ir::to_string(p, t);
    for (const char* prefix : {"fml:", "loc:"})
        for (size_t pos; (pos = text.find(prefix)) != std::string::npos;) text.erase(pos, 4);
    return text;
}

void BodyEmitter::error(const std::string& message) {
    failed_ = true;
    if (capture_) {
        if (!*capture_) *capture_ = message;
        return;
    }
    g_.diags.error(loc_, message);
}

// ------------------------------------------------------------------ expressions

std::optional<std::string> BodyEmitter::expr(TermId t) {
    const ir::TermTable& terms = g_.p.terms;
    auto args = terms.args(t);
    auto sub = [&](size_t i) { return expr(args[i]); };
    switch (terms.op(t)) {
    case Op::Var: {
        VarId v = terms.payload(t);
        if (auto it = bound_.find(v); it != bound_.end()) return it->second;
        if (auto it = self_vars_.find(v); it != self_vars_.end()) return "this->" + g_.param_member(it->second);
        error("the variable " + terms.variable_info(v).name + " cannot be evaluated here");
        return std::nullopt;
    }
    case Op::True: return std::string("true");
    case Op::False: return std::string("false");
    case Op::Not: {
        auto a = sub(0);
        if (!a) return std::nullopt;
        return "(!" + *a + ")";
    }
    case Op::And:
    case Op::Or: {
        std::vector<std::string> parts;
        for (size_t i = 0; i < args.size(); ++i) {
            auto a = sub(i);
            if (!a) return std::nullopt;
            parts.push_back(*a);
        }
        bool conj = terms.op(t) == Op::And;
        if (parts.empty()) return std::string(conj ? "true" : "false");
        return "(" + join(parts, conj ? " && " : " || ") + ")";
    }
    case Op::Implies: {
        auto a = sub(0), b = sub(1);
        if (!a || !b) return std::nullopt;
        return "(!" + *a + " || " + *b + ")";
    }
    case Op::Iff:
    case Op::Eq: {
        auto a = sub(0), b = sub(1);
        if (!a || !b) return std::nullopt;
        return "(" + *a + " == " + *b + ")";
    }
    case Op::Ite: {
        auto c = sub(0), a = sub(1), b = sub(2);
        if (!c || !a || !b) return std::nullopt;
        return "(" + *c + " ? " + *a + " : " + *b + ")";
    }
    case Op::Old: {
        if (auto it = olds_.find(t); it != olds_.end()) return it->second;
        error("'old' is only meaningful in an action");
        return std::nullopt;
    }
    case Op::Forall:
    case Op::Exists:
        return quantifier(t);
    case Op::App:
        return app(t);
    }
    return std::nullopt;
}

std::optional<std::string> BodyEmitter::app(TermId t) {
    const ir::TermTable& terms = g_.p.terms;
    SymbolId s = terms.payload(t);
    const ir::Symbol& sym = g_.p.symbols[s];
    auto args = terms.args(t);
    using K = ir::Symbol::Kind;
    switch (sym.kind) {
    case K::Formal:
    case K::Local: {
        if (auto it = stripped_.find(s); it != stripped_.end()) return "this->" + g_.param_member(it->second);
        if (auto it = vars_.find(s); it != vars_.end()) return it->second;
        error("internal: no variable for " + sym.name);
        return std::nullopt;
    }
    case K::Parameter:
        return "this->" + g_.member(s);
    case K::EnumValue:
        return g_.enum_value(s);
    case K::Destructor: {
        if (args.size() != 1) {
            error("destructor " + sym.name + " applied to " + std::to_string(args.size()) + " arguments");
            return std::nullopt;
        }
        auto base = expr(args[0]);
        if (!base) return std::nullopt;
        return base->back() == ')' || base->find_first_of(" ?") == std::string::npos ? *base + "." + g_.field(s)
                                                                                       : "(" + *base + ")." + g_.field(s);
    }
    case K::Numeral:
        if (g_.slice.definition_of.count(s)) return definition_call(s, args);
        return g_.types.numeral(sym.name, sym.range, loc_);
    case K::Builtin: {
        if (g_.slice.definition_of.count(s)) return definition_call(s, args);
        auto a = expr(args[0]), b = expr(args[1]);
        if (!a || !b) return std::nullopt;
        return g_.types.arith(sym.name, sym.domain[0], *a, *b);
    }
    case K::State:
        if (g_.slice.definition_of.count(s)) return definition_call(s, args);
        return state_read(s, args);
    }
    return std::nullopt;
}

bool BodyEmitter::is_self(TermId t, std::size_t param) const {
    const ir::TermTable& terms = g_.p.terms;
    if (terms.op(t) == Op::Var) {
        auto it = self_vars_.find(terms.payload(t));
        return it != self_vars_.end() && it->second == param;
    }
    if (terms.op(t) != Op::App || !terms.args(t).empty()) return false;
    auto it = stripped_.find(terms.payload(t));
    return it != stripped_.end() && it->second == param;
}

std::optional<std::vector<std::string>> BodyEmitter::kept_args(SymbolId s, std::span<const TermId> args,
                                                               const Strip& strip, const std::string& what) {
    std::vector<std::string> out;
    for (size_t i = 0; i < args.size(); ++i) {
        if (i < strip.count()) {
            if (!is_self(args[i], strip.params[i])) {
                error("cannot strip parameter " + show(g_.p, args[i]) + " from " + what +
                      ": the extract " + g_.slice.isolate->name + " may only use its own " +
                      g_.slice.params[strip.params[i]].name);
                return std::nullopt;
            }
            continue;
        }
        auto a = expr(args[i]);
        if (!a) return std::nullopt;
        out.push_back(*a);
    }
    (void)s;
    return out;
}

std::optional<std::string> BodyEmitter::state_read(SymbolId s, std::span<const TermId> args) {
    const ir::Symbol& sym = g_.p.symbols[s];
    if (!g_.slice.member[s]) {
        error("internal: state " + sym.name + " is read but not kept");
        return std::nullopt;
    }
    auto kargs = kept_args(s, args, g_.slice.symbol_strip[s], sym.name);
    if (!kargs) return std::nullopt;
    auto snap = snapshot_.find(s);
    std::string base = snap != snapshot_.end() ? snap->second : "this->" + g_.member(s);
    if (kargs->empty()) return base;
    return base + ".get(" + join(*kargs, ", ") + ")";
}

std::optional<std::string> BodyEmitter::definition_call(SymbolId s, std::span<const TermId> args) {
    size_t index = g_.slice.definition_of.at(s);
    // Inside an assertion, a definition that cannot be compiled drops the
    // assertion instead of failing the extraction.
    if (capture_ && !definition_compiles(index)) {
        error("the definition of " + g_.p.symbols[s].name + " cannot be compiled");
        return std::nullopt;
    }
    g_.helpers.definitions.insert(index);
    const ir::Symbol& sym = g_.p.symbols[s];
    Strip strip;
    if (sym.kind == ir::Symbol::Kind::State) strip = g_.slice.symbol_strip[s];
    auto kargs = kept_args(s, args, strip, sym.name);
    if (!kargs) return std::nullopt;
    return "this->" + g_.definition_method(s) + "(" + join(*kargs, ", ") + ")";
}

bool BodyEmitter::definition_compiles(size_t index) {
    auto known = g_.definition_ok.find(index);
    if (known != g_.definition_ok.end()) return known->second;
    g_.definition_ok[index] = true; // recursion: assume so while looking
    const ir::Definition& def = g_.p.definitions[index];
    bool ok = true;
    if (!def.native) {
        BodyEmitter trial(g_);
        std::optional<std::string> why;
        trial.capture_ = &why;
        const ir::TermTable& terms = g_.p.terms;
        for (size_t i = 0; i < def.params.size(); ++i)
            if (terms.op(def.params[i]) == Op::Var) trial.bound_[terms.payload(def.params[i])] = "__a" + std::to_string(i);
        ok = trial.expr(def.body).has_value();
    }
    g_.definition_ok[index] = ok;
    return ok;
}

bool BodyEmitter::mentions(TermId t, VarId v) const {
    const ir::TermTable& terms = g_.p.terms;
    if (terms.op(t) == Op::Var) return terms.payload(t) == v;
    for (TermId a : terms.args(t))
        if (mentions(a, v)) return true;
    return false;
}

bool BodyEmitter::mentions_symbol(TermId t, SymbolId s) const {
    std::set<SymbolId> syms;
    ir::add_symbols(g_.p.terms, t, syms);
    return syms.count(s) > 0;
}

std::vector<VarId> BodyEmitter::free_vars(TermId t) const {
    const ir::TermTable& terms = g_.p.terms;
    std::vector<VarId> out;
    std::function<void(TermId, std::set<VarId>&)> walk = [&](TermId x, std::set<VarId>& bound) {
        Op op = terms.op(x);
        if (op == Op::Var) {
            VarId v = terms.payload(x);
            if (!bound.count(v) && !bound_.count(v) && !self_vars_.count(v) &&
                std::find(out.begin(), out.end(), v) == out.end())
                out.push_back(v);
            return;
        }
        auto args = terms.args(x);
        if (op == Op::Forall || op == Op::Exists) {
            std::set<VarId> inner = bound;
            for (size_t i = 0; i + 1 < args.size(); ++i) inner.insert(terms.payload(args[i]));
            walk(args.back(), inner);
            return;
        }
        for (TermId a : args) walk(a, bound);
    };
    std::set<VarId> none;
    walk(t, none);
    return out;
}

bool BodyEmitter::contains(TermId t, TermId target) const {
    if (t == target) return true;
    for (TermId a : g_.p.terms.args(t))
        if (contains(a, target)) return true;
    return false;
}

std::optional<TermId> BodyEmitter::find_term(TermId t, const std::function<bool(TermId)>& pred) const {
    if (pred(t)) return t;
    for (TermId a : g_.p.terms.args(t))
        if (auto found = find_term(a, pred)) return found;
    return std::nullopt;
}

namespace {

bool is_less(const ir::Program& p, TermId x) {
    const ir::TermTable& terms = p.terms;
    return terms.op(x) == Op::App && p.symbols[terms.payload(x)].kind == ir::Symbol::Kind::Builtin &&
           p.symbols[terms.payload(x)].name == "<";
}

} // namespace

// How a conjunct bounds X, from below (`lo < X`, `lo <= X`, `~(X < lo)`: the least
// value allowed) or from above (`X < hi`, `X <= hi`, `~(hi < X)`: one past the
// greatest). Both are the same three shapes of `<`, with X on the other side; the
// strict and non-strict forms differ by one.
std::optional<std::string> BodyEmitter::bound_of(TermId c, TermId target, Bound side) {
    const ir::TermTable& terms = g_.p.terms;
    const bool lower = side == Bound::Lower;
    const size_t x_side = lower ? 1 : 0, other_side = 1 - x_side; // X's operand of `<`
    auto bound = [&](TermId b, bool plus_one) -> std::optional<std::string> {
        if (contains(b, target)) return std::nullopt;
        auto e = expr(b);
        if (!e) return std::nullopt;
        return "((long long)(" + *e + ")" + (plus_one ? " + 1" : "") + ")";
    };
    if (is_less(g_.p, c) && terms.arg(c, x_side) == target) return bound(terms.arg(c, other_side), lower);
    if (terms.op(c) == Op::Not && is_less(g_.p, terms.arg(c, 0)) && terms.arg(terms.arg(c, 0), other_side) == target)
        return bound(terms.arg(terms.arg(c, 0), x_side), !lower);
    if (terms.op(c) == Op::Or && terms.args(c).size() == 2) {
        TermId lt = terms.arg(c, 0), eq = terms.arg(c, 1);
        if (is_less(g_.p, lt) && terms.arg(lt, x_side) == target && terms.op(eq) == Op::Eq)
            return bound(terms.arg(lt, other_side), !lower);
    }
    return std::nullopt;
}

std::optional<BodyEmitter::Domain> BodyEmitter::domain(TermId target, ir::SortId sort, TermId body, bool exists,
                                                       const std::string& name) {
    const ir::TermTable& terms = g_.p.terms;
    Domain d;
    d.counter = fresh("i");
    if (g_.types.finite(sort)) {
        d.lo = "0LL";
        d.hi = g_.types.card_expr(sort);
        d.value = g_.types.from_index(sort, d.counter);
        return d;
    }
    if (!g_.types.integral(sort)) {
        error("cannot compile a quantifier over " + name + ":" + g_.p.sorts[sort].name +
              ": the sort is not finite (give it a cardinality or an interpretation)");
        return std::nullopt;
    }
    // Bounds written as conjuncts: of the body (exists) or of the hypothesis (forall).
    std::vector<TermId> parts;
    if (exists) conjuncts(terms, body, parts);
    else if (terms.op(body) == Op::Implies) conjuncts(terms, terms.arg(body, 0), parts);
    std::optional<std::string> lo, hi;
    for (TermId c : parts) {
        if (!lo) lo = bound_of(c, target, Bound::Lower);
        if (!hi) hi = bound_of(c, target, Bound::Upper);
    }
    const CppSort::Kind kind = g_.types.sort(sort).kind;
    if (!lo && (kind == CppSort::Kind::Nat || kind == CppSort::Kind::BitVector)) lo = "0LL";
    if (!lo || !hi) {
        error("cannot compile a quantifier over " + name + ":" + g_.p.sorts[sort].name +
              ": its values are not bounded (write lo <= " + name + " & " + name + " < hi)");
        return std::nullopt;
    }
    d.lo = *lo;
    d.hi = *hi;
    d.value = "(" + g_.type(sort) + ")(" + d.counter + ")";
    return d;
}

std::optional<std::string> BodyEmitter::quantified(const std::vector<TermId>& vars, TermId body, bool exists) {
    const ir::TermTable& terms = g_.p.terms;
    std::string code = "[&]() -> bool { ";
    std::vector<VarId> bound_here;
    auto unbind = [&] {
        for (VarId v : bound_here) bound_.erase(v);
    };
    for (TermId var : vars) {
        VarId v = terms.payload(var);
        ir::SortId sort = terms.variable_info(v).sort;
        auto d = domain(var, sort, body, exists, terms.variable_info(v).name);
        if (!d) {
            unbind();
            return std::nullopt;
        }
        std::string name = fresh("q");
        code += "for (long long " + d->counter + " = " + d->lo + "; " + d->counter + " < " + d->hi + "; ++" +
                d->counter + ") { const " + g_.type(sort) + " " + name + " = " + d->value + "; ";
        bound_[v] = name;
        bound_here.push_back(v);
    }
    auto b = expr(body);
    unbind();
    if (!b) return std::nullopt;
    code += exists ? "if (" + *b + ") return true; " : "if (!" + *b + ") return false; ";
    for (size_t i = 0; i < vars.size(); ++i) code += "} ";
    code += exists ? "return false; }()" : "return true; }()";
    return code;
}

std::optional<std::string> BodyEmitter::quantifier(TermId t) {
    const ir::TermTable& terms = g_.p.terms;
    auto args = terms.args(t);
    std::vector<TermId> vars(args.begin(), args.end() - 1);
    return quantified(vars, args.back(), terms.op(t) == Op::Exists);
}

// ------------------------------------------------------------------ old values

std::string BodyEmitter::old_snapshots(const std::vector<const ir::Block*>& blocks, int indent) {
    const ir::TermTable& terms = g_.p.terms;
    std::vector<TermId> olds;
    std::function<void(TermId)> find = [&](TermId t) {
        if (terms.op(t) == Op::Old) {
            if (std::find(olds.begin(), olds.end(), t) == olds.end()) olds.push_back(t);
            return;
        }
        for (TermId a : terms.args(t)) find(a);
    };
    // Only code's terms: the formulas of assertions and loop invariants are proved,
    // not run, and snapshots for them would copy state for nothing.
    auto code_terms = [&](const ir::Stmt& s) {
        if (std::holds_alternative<ir::AssertStmt>(s.node)) return;
        if (const auto* w = std::get_if<ir::WhileStmt>(&s.node)) return find(w->cond);
        ir::for_each_term(s, find);
    };
    for (const ir::Block* b : blocks) ir::for_each_stmt(*b, code_terms);
    std::string out;
    for (TermId t : olds) {
        auto value = expr(terms.arg(t, 0));
        if (!value) continue;
        std::string name = fresh("old");
        out += pad(indent) + "const " + g_.type(terms.sort(t)) + " " + name + " = " + *value + ";\n";
        olds_[t] = name;
    }
    return out;
}

// ------------------------------------------------------------------ statements

bool BodyEmitter::block(const ir::Block& b, int indent, std::string& out) {
    for (const ir::Stmt& s : b) stmt(s, indent, out);
    return !failed_;
}

bool BodyEmitter::stmt(const ir::Stmt& s, int indent, std::string& out) {
    loc_ = s.loc;
    if (const auto* a = std::get_if<ir::AssignStmt>(&s.node)) return assign(*a, indent, out);
    if (const auto* h = std::get_if<ir::HavocStmt>(&s.node)) {
        // An arbitrary value: the default, as Ivy's generated code chooses outside tests.
        if (writes_erased(h->lhs)) return true;
        return assign_cpp(h->lhs, g_.types.default_value(g_.p.terms.sort(h->lhs)), indent, out);
    }
    if (const auto* d = std::get_if<ir::DeclareStmt>(&s.node)) {
        out += pad(indent) + vars_.at(d->local) + " = " + g_.types.default_value(g_.p.symbols[d->local].range) + ";\n";
        return true;
    }
    if (const auto* c = std::get_if<ir::CallStmt>(&s.node)) return call(*c, indent, out);
    if (const auto* i = std::get_if<ir::IfStmt>(&s.node)) return if_stmt(*i, indent, out);
    if (const auto* w = std::get_if<ir::WhileStmt>(&s.node)) {
        auto c = expr(w->cond);
        if (!c) return false;
        out += pad(indent) + "while (" + *c + ") {\n";
        block(w->body, indent + 4, out);
        out += pad(indent) + "}\n";
        return !failed_;
    }
    if (const auto* a = std::get_if<ir::AssertStmt>(&s.node)) return check(*a, indent, out);
    error("native code inside a statement list is not supported");
    return false;
}

bool BodyEmitter::writes_erased(TermId lhs) const {
    std::optional<SymbolId> root = ir::assigned_symbol(g_.p, lhs);
    if (!root) return false;
    const ir::Symbol& s = g_.p.symbols[*root];
    return s.kind == ir::Symbol::Kind::State && !g_.slice.member[*root];
}

bool BodyEmitter::assign(const ir::AssignStmt& a, int indent, std::string& out) {
    if (writes_erased(a.lhs)) return true; // specification state nobody reads
    const ir::TermTable& terms = g_.p.terms;
    if (terms.op(a.lhs) == Op::App) {
        SymbolId s = terms.payload(a.lhs);
        const ir::Symbol& sym = g_.p.symbols[s];
        bool has_vars = false;
        for (TermId arg : terms.args(a.lhs)) has_vars = has_vars || terms.op(arg) == Op::Var;
        if (sym.kind == ir::Symbol::Kind::State && has_vars) return assign_points(s, a.lhs, a.rhs, "", indent, out);
        if (sym.kind == ir::Symbol::Kind::Destructor && !free_vars(a.lhs).empty()) return assign_fields(a, indent, out);
    }
    auto value = expr(a.rhs);
    if (!value) return false;
    return assign_cpp(a.lhs, *value, indent, out);
}

// `f(X, Y).fld := e(X, Y)`: one field of every point, over finite domains.
bool BodyEmitter::assign_fields(const ir::AssignStmt& a, int indent, std::string& out) {
    const ir::TermTable& terms = g_.p.terms;
    std::vector<VarId> vars = free_vars(a.lhs);
    for (VarId v : vars)
        if (!g_.types.finite(terms.variable_info(v).sort)) {
            error("cannot compile the assignment to " + show(g_.p, a.lhs) + ": " +
                  terms.variable_info(v).name + " ranges over the unbounded sort " +
                  g_.p.sorts[terms.variable_info(v).sort].name);
            return false;
        }
    out += pad(indent) + "{\n";
    int in = indent + 4;
    std::optional<SymbolId> root = ir::assigned_symbol(g_.p, a.lhs);
    if (root && mentions_symbol(a.rhs, *root)) {
        std::string snap = fresh("snap");
        out += pad(in) + "const auto " + snap + " = this->" + g_.member(*root) + ";\n";
        snapshot_[*root] = snap;
    }
    in = open_domain_loops(vars, in, out);
    auto value = expr(a.rhs);
    auto target = value ? lvalue(a.lhs) : std::nullopt;
    for (VarId v : vars) bound_.erase(v);
    if (root) snapshot_.erase(*root);
    if (!value || !target) return false;
    out += pad(in) + *target + " = " + *value + ";\n";
    for (size_t i = 0; i < vars.size(); ++i) {
        in -= 4;
        out += pad(in) + "}\n";
    }
    out += pad(indent) + "}\n";
    return true;
}

std::optional<std::string> BodyEmitter::lvalue(TermId t) {
    const ir::TermTable& terms = g_.p.terms;
    if (terms.op(t) != Op::App) {
        error("cannot assign to " + show(g_.p, t));
        return std::nullopt;
    }
    SymbolId s = terms.payload(t);
    const ir::Symbol& sym = g_.p.symbols[s];
    auto args = terms.args(t);
    switch (sym.kind) {
    case ir::Symbol::Kind::Formal:
    case ir::Symbol::Kind::Local:
        if (stripped_.count(s)) {
            error("cannot assign to " + sym.name.substr(4) + ": it is the extract's parameter");
            return std::nullopt;
        }
        return vars_.at(s);
    case ir::Symbol::Kind::Destructor: {
        auto base = lvalue(args[0]);
        if (!base) return std::nullopt;
        return *base + "." + g_.field(s);
    }
    case ir::Symbol::Kind::State: {
        auto kargs = kept_args(s, args, g_.slice.symbol_strip[s], sym.name);
        if (!kargs) return std::nullopt;
        if (kargs->empty()) return "this->" + g_.member(s);
        return "this->" + g_.member(s) + ".ref(" + join(*kargs, ", ") + ")";
    }
    default:
        error("cannot assign to " + sym.name);
        return std::nullopt;
    }
}

bool BodyEmitter::assign_cpp(TermId lhs, const std::string& value, int indent, std::string& out) {
    if (writes_erased(lhs)) return true;
    const ir::TermTable& terms = g_.p.terms;
    if (terms.op(lhs) == Op::App) {
        SymbolId s = terms.payload(lhs);
        const ir::Symbol& sym = g_.p.symbols[s];
        if (sym.kind == ir::Symbol::Kind::State) {
            bool has_vars = false;
            for (TermId arg : terms.args(lhs)) has_vars = has_vars || terms.op(arg) == Op::Var;
            if (has_vars) return assign_points(s, lhs, std::nullopt, value, indent, out);
            auto kargs = kept_args(s, terms.args(lhs), g_.slice.symbol_strip[s], sym.name);
            if (!kargs) return false;
            if (kargs->empty()) out += pad(indent) + "this->" + g_.member(s) + " = " + value + ";\n";
            else out += pad(indent) + "this->" + g_.member(s) + ".put(" + value + ", " + join(*kargs, ", ") + ");\n";
            return true;
        }
    }
    auto target = lvalue(lhs);
    if (!target) return false;
    out += pad(indent) + *target + " = " + value + ";\n";
    return true;
}

// `f(X, c) := e(X)`: every point at once. Arguments in stripped positions are this
// process's own; variables over finite sorts become loops; over an unbounded sort
// the right side must not depend on them (the whole function is reset).
bool BodyEmitter::assign_points(SymbolId s, TermId lhs, std::optional<TermId> rhs, const std::string& rhs_cpp,
                                int indent, std::string& out) {
    const ir::TermTable& terms = g_.p.terms;
    const ir::Symbol& sym = g_.p.symbols[s];
    const Strip& strip = g_.slice.symbol_strip[s];
    auto args = terms.args(lhs);
    std::vector<VarId> selfs, loop_vars;
    std::vector<TermId> kept_terms;
    for (size_t i = 0; i < args.size(); ++i) {
        if (i < strip.count()) {
            if (terms.op(args[i]) == Op::Var) {
                VarId v = terms.payload(args[i]);
                self_vars_[v] = strip.params[i];
                selfs.push_back(v);
            } else if (!is_self(args[i], strip.params[i])) {
                error("cannot strip parameter " + show(g_.p, args[i]) + " from " + sym.name);
                return false;
            }
            continue;
        }
        kept_terms.push_back(args[i]);
        if (terms.op(args[i]) == Op::Var) {
            VarId v = terms.payload(args[i]);
            if (std::find(loop_vars.begin(), loop_vars.end(), v) != loop_vars.end()) {
                error("cannot compile an assignment that repeats the variable " + terms.variable_info(v).name);
                return false;
            }
            loop_vars.push_back(v);
        }
    }
    auto release = [&] {
        for (VarId v : selfs) self_vars_.erase(v);
    };
    const std::string member = "this->" + g_.member(s);
    if (loop_vars.empty() || kept_terms.empty()) {
        std::optional<std::string> value = rhs ? expr(*rhs) : std::optional<std::string>(rhs_cpp);
        std::vector<std::string> kargs;
        for (TermId k : kept_terms) {
            auto e = expr(k);
            if (!e) break;
            kargs.push_back(*e);
        }
        release();
        if (!value || kargs.size() != kept_terms.size()) return false;
        if (kargs.empty()) out += pad(indent) + member + " = " + *value + ";\n";
        else out += pad(indent) + member + ".put(" + *value + ", " + join(kargs, ", ") + ");\n";
        return true;
    }
    bool all_finite = true;
    std::string unbounded;
    for (VarId v : loop_vars) {
        ir::SortId vs = terms.variable_info(v).sort;
        if (!g_.types.finite(vs)) {
            all_finite = false;
            unbounded = terms.variable_info(v).name + " ranges over the unbounded sort " + g_.p.sorts[vs].name;
        }
    }
    bool depends = false;
    if (rhs)
        for (VarId v : loop_vars) depends = depends || mentions(*rhs, v);
    if (!all_finite) {
        bool only_vars = loop_vars.size() == kept_terms.size();
        if (depends || !only_vars) {
            release();
            std::string what = rhs ? show(g_.p, lhs) + " := " + show(g_.p, *rhs) : "the assignment to " + sym.name;
            error(std::string("cannot compile the ") + (site_.place == CodePlace::Init ? "initial condition " : "assignment ") +
                  what + ": " + unbounded + (depends ? ", and the new value depends on it" : "") +
                  " (give the sort a cardinality)");
            return false;
        }
        std::optional<std::string> value = rhs ? expr(*rhs) : std::optional<std::string>(rhs_cpp);
        release();
        if (!value) return false;
        out += pad(indent) + member + ".reset(" + *value + ");\n";
        return true;
    }
    // Loops over the finite domains; the right side reads the old values.
    out += pad(indent) + "{\n";
    int in = indent + 4;
    if (rhs && mentions_symbol(*rhs, s)) {
        std::string snap = fresh("snap");
        out += pad(in) + "const auto " + snap + " = " + member + ";\n";
        snapshot_[s] = snap;
    }
    in = open_domain_loops(loop_vars, in, out);
    std::optional<std::string> value = rhs ? expr(*rhs) : std::optional<std::string>(rhs_cpp);
    std::vector<std::string> kargs;
    for (TermId k : kept_terms) {
        auto e = expr(k);
        if (e) kargs.push_back(*e);
    }
    for (VarId v : loop_vars) bound_.erase(v);
    snapshot_.erase(s);
    release();
    if (!value || kargs.size() != kept_terms.size()) return false;
    out += pad(in) + member + ".put(" + *value + ", " + join(kargs, ", ") + ");\n";
    for (size_t i = 0; i < loop_vars.size(); ++i) {
        in -= 4;
        out += pad(in) + "}\n";
    }
    out += pad(indent) + "}\n";
    return true;
}

bool BodyEmitter::call(const ir::CallStmt& c, int indent, std::string& out) {
    const ir::Action& act = g_.p.actions[c.callee];
    const ActionPlan& plan = g_.slice.actions[c.callee];
    if (!plan.present && !act.imported) {
        // Ghost code: the action is outside the extract.
        if (!act.results.empty() && !c.results.empty())
            g_.diags.warning(loc_, "the call of " + act.name + " is dropped (it is not in the extract); " +
                                       "its results keep their previous values");
        out += pad(indent) + "// ghost call of " + act.name + " dropped\n";
        return true;
    }
    if (!plan.compiled) {
        error("internal: " + act.name + " was not compiled");
        return false;
    }
    Signature sig = g_.signature(c.callee);
    std::map<SymbolId, TermId> arg_of;
    for (size_t i = 0; i < act.params.size() && i < c.args.size(); ++i) arg_of[act.params[i]] = c.args[i];
    // Stripped arguments must be this process's own.
    for (size_t i = 0; i < plan.strip.count() && i < c.args.size(); ++i)
        if (!is_self(c.args[i], plan.strip.params[i])) {
            error("cannot strip parameter " + show(g_.p, c.args[i]) + " from " + act.name + ": the extract " +
                  g_.slice.isolate->name + " may only use its own " + g_.slice.params[plan.strip.params[i]].name);
            return false;
        }
    std::vector<std::string> args;
    std::map<SymbolId, std::string> temps; // by-reference results
    std::string pre;
    for (const Signature::Param& prm : sig.params) {
        auto given = arg_of.find(prm.formal);
        if (!prm.by_ref) {
            auto e = expr(given->second);
            if (!e) return false;
            args.push_back(*e);
            continue;
        }
        std::string tmp = fresh("r");
        std::string init = g_.types.default_value(g_.p.symbols[prm.formal].range);
        if (given != arg_of.end()) {
            auto e = expr(given->second);
            if (!e) return false;
            init = *e;
        }
        pre += pad(indent) + prm.type + " " + tmp + " = " + init + ";\n";
        temps[prm.formal] = tmp;
        args.push_back(tmp);
    }
    std::string call_expr = "this->" + g_.method(c.callee) + "(" + join(args, ", ") + ")";
    out += pre;
    if (c.results.empty() || !sig.result || writes_erased(c.results[0])) {
        out += pad(indent) + call_expr + ";\n";
    } else if (!assign_cpp(c.results[0], call_expr, indent, out)) {
        return false;
    }
    for (size_t j = 1; j < c.results.size() && j < act.results.size(); ++j)
        if (!assign_cpp(c.results[j], temps.at(act.results[j]), indent, out)) return false;
    return true;
}

// A loop over the whole (finite) sort of each of `vars`, nested, binding each
// variable to its value; returns the indentation inside.
int BodyEmitter::open_domain_loops(const std::vector<VarId>& vars, int in, std::string& out) {
    for (VarId v : vars) {
        ir::SortId vs = g_.p.terms.variable_info(v).sort;
        std::string counter = fresh("i"), name = fresh("p");
        out += pad(in) + "for (long long " + counter + " = 0; " + counter + " < " + g_.types.card_expr(vs) + "; ++" +
               counter + ") {\n";
        in += 4;
        out += pad(in) + "const " + g_.type(vs) + " " + name + " = " + g_.types.from_index(vs, counter) + ";\n";
        bound_[v] = name;
    }
    return in;
}

bool BodyEmitter::if_stmt(const ir::IfStmt& s, int indent, std::string& out) {
    if (!s.witnesses.empty()) return some_stmt(s, indent, out);
    auto c = expr(s.cond);
    if (!c) return false;
    return branches(*c, s, indent, out);
}

// `if (cond) {then} else {else}` of `s`, the condition already compiled.
bool BodyEmitter::branches(const std::string& cond, const ir::IfStmt& s, int indent, std::string& out) {
    out += pad(indent) + "if (" + cond + ") {\n";
    block(s.then_body, indent + 4, out);
    if (!s.else_body.empty()) {
        out += pad(indent) + "} else {\n";
        block(s.else_body, indent + 4, out);
    }
    out += pad(indent) + "}\n";
    return !failed_;
}

// `if some x:t. p(x) [minimizing e] {...} else {...}`: search the witnesses' finite
// or bounded domains; the witnesses keep the (best) values found.
bool BodyEmitter::some_stmt(const ir::IfStmt& s, int indent, std::string& out) {
    const ir::TermTable& terms = g_.p.terms;
    std::string found = fresh("found");
    std::string code = pad(indent) + "const bool " + found + " = [&]() -> bool {\n";
    int in = indent + 4;
    std::string best;
    std::vector<std::string> saved;
    if (s.extremum) {
        best = fresh("best");
        code += pad(in) + "bool __have = false;\n";
        code += pad(in) + g_.type(terms.sort(*s.extremum)) + " " + best + "{};\n";
        for (SymbolId w : s.witnesses) {
            std::string name = fresh("w");
            code += pad(in) + g_.type_of(w) + " " + name + "{};\n";
            saved.push_back(name);
        }
    }
    for (SymbolId w : s.witnesses) {
        ir::SortId ws = g_.p.symbols[w].range;
        auto target = find_term(s.cond, [&](TermId x) {
            return terms.op(x) == Op::App && terms.payload(x) == w && terms.args(x).empty();
        });
        std::string name = g_.p.symbols[w].name.substr(4);
        std::optional<Domain> d = domain(target.value_or(s.cond), ws, s.cond, true, name);
        if (!d) return false;
        code += pad(in) + "for (long long " + d->counter + " = " + d->lo + "; " + d->counter + " < " + d->hi +
                "; ++" + d->counter + ") {\n";
        in += 4;
        code += pad(in) + vars_.at(w) + " = " + d->value + ";\n";
    }
    auto cond = expr(s.cond);
    if (!cond) return false;
    if (s.extremum) {
        auto e = expr(*s.extremum);
        if (!e) return false;
        std::string better = s.maximizing ? best + " < " + *e : *e + " < " + best;
        code += pad(in) + "if (" + *cond + " && (!__have || " + better + ")) {\n";
        code += pad(in + 4) + "__have = true;\n" + pad(in + 4) + best + " = " + *e + ";\n";
        for (size_t i = 0; i < s.witnesses.size(); ++i)
            code += pad(in + 4) + saved[i] + " = " + vars_.at(s.witnesses[i]) + ";\n";
        code += pad(in) + "}\n";
    } else {
        code += pad(in) + "if (" + *cond + ") return true;\n";
    }
    for (size_t i = 0; i < s.witnesses.size(); ++i) {
        in -= 4;
        code += pad(in) + "}\n";
    }
    if (s.extremum) {
        for (size_t i = 0; i < s.witnesses.size(); ++i)
            code += pad(in) + "if (__have) " + vars_.at(s.witnesses[i]) + " = " + saved[i] + ";\n";
        code += pad(in) + "return __have;\n";
    } else {
        code += pad(in) + "return false;\n";
    }
    code += pad(indent) + "}();\n";
    out += code;
    return branches(found, s, indent, out);
}

bool BodyEmitter::check(const ir::AssertStmt& a, int indent, std::string& out) {
    std::optional<CheckKind> kind = g_.slice.compiled_check(a.kind, site_);
    if (!kind || g_.slice.reads_ghost_state(a.formula)) return true;
    return check_formula(*kind, a.formula, indent, out);
}

bool BodyEmitter::check_formula(CheckKind kind, TermId formula, int indent, std::string& out) {
    const ir::TermTable& terms = g_.p.terms;
    const ir::AssertStmt a{ir::AssertStmt::Kind::Assert, "", formula};
    // An assertion that cannot be compiled (an unbounded quantifier) is dropped with
    // a warning: it was proved, or it is an assumption the environment must meet.
    std::optional<std::string> why;
    capture_ = &why;
    bool failed_before = failed_;
    std::optional<std::string> cond;
    std::vector<VarId> free = free_vars(a.formula);
    if (free.empty()) {
        cond = expr(a.formula);
    } else {
        // Free variables are universally quantified.
        std::vector<TermId> vars;
        for (VarId v : free)
            vars.push_back(*find_term(a.formula, [&](TermId x) {
                return terms.op(x) == Op::Var && terms.payload(x) == v;
            }));
        cond = quantified(vars, a.formula, false);
    }
    capture_ = nullptr;
    if (!cond) {
        failed_ = failed_before;
        g_.diags.warning(loc_, "this assertion is not checked at run time: " + why.value_or("it cannot be compiled"));
        return true;
    }
    std::string where = file_name(loc_.file);
    where = where.substr(where.find_last_of('/') + 1) + ": line " + std::to_string(loc_.line);
    out += pad(indent) + (kind == CheckKind::Assert ? "this->ivy_assert(" : "this->ivy_assume(") + *cond + ", " +
           cpp_string_literal(where) + ");\n";
    return true;
}

} // namespace ivy::codegen

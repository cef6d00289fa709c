#include "verifier/src/vcgen.h"

#include "ir/printer.h"
#include "ir/walk.h"

#include <algorithm>
#include <functional>

namespace ivy::verifier {

using ir::ActionId;
using ir::Op;
using ir::SymbolId;
using ir::TermId;
using ir::VarId;

namespace {

bool same_line(SourceLocation a, SourceLocation b) { return a.file == b.file && a.line == b.line; }

// The symbols whose values can change: those assigned anywhere, every formal and local.
std::set<SymbolId> mutable_symbols(const ir::Program& p) {
    std::set<SymbolId> out;
    std::function<void(TermId)> head = [&](TermId lhs) {
        if (p.terms.op(lhs) != Op::App) return;
        SymbolId s = p.terms.payload(lhs);
        if (p.symbols[s].kind == ir::Symbol::Kind::Destructor) head(p.terms.arg(lhs, 0));
        else out.insert(s);
    };
    std::function<void(const ir::Block&)> block = [&](const ir::Block& b) {
        for (const ir::Stmt& s : b) {
            if (const auto* a = std::get_if<ir::AssignStmt>(&s.node)) head(a->lhs);
            if (const auto* h = std::get_if<ir::HavocStmt>(&s.node)) head(h->lhs);
            if (const auto* c = std::get_if<ir::CallStmt>(&s.node))
                for (TermId r : c->results) head(r);
            if (const auto* i = std::get_if<ir::IfStmt>(&s.node)) {
                block(i->then_body);
                block(i->else_body);
            }
            if (const auto* w = std::get_if<ir::WhileStmt>(&s.node)) block(w->body);
        }
    };
    for (const ir::Action& a : p.actions) {
        block(a.body);
        for (const ir::Monitor& m : a.befores) block(m.body);
        for (const ir::Monitor& m : a.afters) block(m.body);
    }
    for (const ir::Initializer& i : p.initializers) block(i.body);
    for (SymbolId s = 0; s < p.symbols.size(); ++s) {
        auto k = p.symbols[s].kind;
        if (k == ir::Symbol::Kind::Formal || k == ir::Symbol::Kind::Local) out.insert(s);
    }
    return out;
}

bool mentions(const ir::TermTable& t, TermId term, const std::function<bool(SymbolId)>& pred) {
    if (t.op(term) == Op::App && pred(t.payload(term))) return true;
    for (TermId a : t.args(term))
        if (mentions(t, a, pred)) return true;
    return false;
}

} // namespace

VcBuilder::VcBuilder(Workspace& ws, const IsolateView& view, const std::map<std::string, IsolateView>& views,
                     Diagnostics& diags)
    : ws_(ws), p_(ws.program), view_(view), views_(views), diags_(diags), mutable_(mutable_symbols(ws.program)) {
    // Definitions that depend on the state, and macros, are unfolded where they are
    // used; the others stay axioms.
    std::map<SymbolId, const ir::Definition*> defs;
    for (const ir::Definition* d : view_.definitions)
        if (!d->native) defs[d->symbol] = d;
    bool changed = true;
    while (changed) {
        changed = false;
        for (const auto& [sym, d] : defs) {
            if (unfolded_.count(sym)) continue;
            bool state = d->macro || mentions(p_.terms, d->body, [&](SymbolId s) {
                return mutable_.count(s) > 0 || unfolded_.count(s) > 0;
            });
            if (state) {
                unfolded_[sym] = d;
                changed = true;
            }
        }
    }
    for (ActionId a = 0; a < p_.actions.size(); ++a) {
        bool external = std::find(view_.exports.begin(), view_.exports.end(), a) != view_.exports.end() ||
                        view_.called_from_outside.count(a);
        if (external && view_.action_roles[a] == Role::Verified) exp_.insert(a);
    }
    // The Layer rule: after an export of the isolate that owns a borrowed invariant
    // runs (not as one of our own exports), the invariant holds again.
    std::map<const ir::Fact*, std::string> owners = conjecture_owners(p_, views_);
    for (const ir::Fact* c : view_.assumptions) {
        auto owner = owners.find(c);
        if (owner == owners.end()) continue;
        auto v = views_.find(owner->second);
        if (v == views_.end()) continue;
        for (ActionId e : v->second.exports)
            if (!exp_.count(e)) borrowed_after_[e].push_back(c);
    }
}

// ------------------------------------------------------------------ terms

TermId VcBuilder::eval(TermId t, const Versions* old) {
    const ir::TermNode& n = ws_.terms.node(t);
    if (n.num_args == 0 && n.op != Op::App) return t;
    std::vector<TermId> args;
    if (n.op == Op::Old) {
        // `old e`: e in the state at the entry of the enclosing action.
        Versions saved = cur_;
        cur_ = old ? *old : Versions{};
        TermId out = eval(ws_.terms.arg(t, 0), old);
        cur_ = saved;
        return out;
    }
    for (TermId a : ws_.terms.args(t)) args.push_back(eval(a, old));
    if (n.op == Op::App) {
        SymbolId s = n.payload;
        if (auto def = unfolded_.find(s); def != unfolded_.end()) {
            std::map<VarId, TermId> bind;
            for (size_t i = 0; i < def->second->params.size() && i < args.size(); ++i)
                bind[ws_.terms.payload(def->second->params[i])] = args[i];
            return ws_.substitute(eval(def->second->body, old), bind);
        }
        if (auto b = bindings_.find(s); b != bindings_.end()) return b->second;
        if (auto v = cur_.find(s); v != cur_.end()) s = v->second;
        return ws_.terms.app(s, n.sort, args);
    }
    return ws_.terms.make(n.op, n.sort, args, n.payload);
}

TermId VcBuilder::in_state(TermId formula, const Versions& v) {
    Versions saved = cur_;
    cur_ = v;
    TermId out = eval(formula, nullptr);
    cur_ = saved;
    return out;
}

std::vector<TermId> VcBuilder::definition_axioms() {
    std::vector<TermId> out;
    for (const ir::Definition* d : view_.definitions) {
        if (d->native || unfolded_.count(d->symbol)) continue;
        TermId lhs = ws_.app(d->symbol, d->params);
        TermId eq = ws_.terms.sort(lhs) == ir::kBoolSort ? ws_.terms.iff(lhs, d->body) : ws_.terms.eq(lhs, d->body);
        out.push_back(ws_.close(eq));
    }
    return out;
}

TermId VcBuilder::guard_literal(TermId condition) {
    if (condition == ws_.terms.true_term() || ws_.terms.op(condition) == Op::App) return condition;
    SymbolId g = ws_.fresh("g@" + std::to_string(++counter_), {}, ir::kBoolSort);
    TermId lit = ws_.app(g);
    define(ws_.terms.iff(lit, condition));
    return lit;
}

void VcBuilder::assume(TermId formula) {
    TermId closed = ws_.close(formula);
    TermId when = ws_.terms.and_(std::vector<TermId>{guard_, ok_});
    if (when == ws_.terms.true_term()) define(closed);
    else define(ws_.terms.implies(when, closed));
}

// ------------------------------------------------------------------ runs

void VcBuilder::reset(std::optional<SourceLocation> target) {
    cur_.clear();
    defs_.clear();
    def_locs_.clear();
    failures_.clear();
    trace_.clear();
    stack_.clear();
    bindings_.clear();
    guard_ = ws_.terms.true_term();
    ok_ = ws_.terms.true_term();
    target_ = target;
}

Transition VcBuilder::finish() {
    Transition t;
    t.defs = std::move(defs_);
    t.def_locs = std::move(def_locs_);
    t.failures = std::move(failures_);
    t.post = cur_;
    t.trace = std::move(trace_);
    return t;
}

Transition VcBuilder::action(ActionId a, std::optional<SourceLocation> target) {
    reset(target);
    root_ = a;
    // In a parameterised isolate, the environment calls its objects' actions for the
    // isolate's parameter only.
    const ir::Action& action = p_.actions[a];
    if (std::optional<TermId> me = ws_.bound_parameter(action.name); me && action.object_params > 0)
        assume(ws_.terms.eq(ws_.app(action.params[0]), *me));
    run_action(a, false, 0, action.origin.loc);
    return finish();
}

Transition VcBuilder::initializers(std::optional<SourceLocation> target) {
    reset(target);
    for (size_t i = 0; i < view_.initializers.size(); ++i) {
        const ir::Initializer* init = view_.initializers[i];
        // An initializer of a parameterised object runs for every value of its
        // parameters: they become variables, and its assignments pattern updates.
        // In a parameterised isolate, only for the isolate's parameter.
        std::optional<TermId> me = ws_.bound_parameter(init->name);
        for (size_t k = 0; k < init->params.size(); ++k)
            bindings_[init->params[k]] = k == 0 && me ? *me
                                                      : ws_.var("V" + std::to_string(k), p_.symbols[init->params[k]].range);
        Context ctx;
        ctx.part = Part::Init;
        ctx.code_verified = view_.initializer_verified[i];
        ctx.caller_verified = ctx.code_verified;
        Versions entry = cur_;
        ctx.old = &entry;
        block(init->body, ctx);
        bindings_.clear();
    }
    return finish();
}

Sites VcBuilder::sites(ActionId a) {
    Sites found;
    sites_ = &found;
    action(a);
    sites_ = nullptr;
    return found;
}

Sites VcBuilder::initializer_sites() {
    Sites found;
    sites_ = &found;
    initializers();
    sites_ = nullptr;
    return found;
}

void VcBuilder::run_action(ActionId a, bool caller_verified, int depth, SourceLocation at) {
    const ir::Action& action = p_.actions[a];
    if (std::find(stack_.begin(), stack_.end(), a) != stack_.end()) {
        diags_.error(at, "recursive call of '" + action.name + "' (Ivy has no recursion)");
        return;
    }
    stack_.push_back(a);
    here_ = at;
    const Role role = view_.action_roles[a];
    const bool ours = exp_.count(a) > 0;
    if (ours && depth > 0)
        for (const ir::Fact* c : view_.assumptions) assume(eval(ws_.formula(*c), nullptr));

    Versions entry = cur_;
    Context ctx;
    ctx.action = a;
    ctx.caller_verified = caller_verified;
    // An imported action's code is the environment's: its monitors state what the
    // environment promises, so their `ensure`s are assumed (docs/verification.md 1).
    ctx.imported = action.imported;
    ctx.callee_verified = role == Role::Verified && !action.imported;
    ctx.old = &entry;
    ctx.depth = depth;

    for (size_t i = 0; i < action.befores.size(); ++i) {
        if (!view_.before_present[a][i]) continue;
        Context m = ctx;
        m.part = Part::Before;
        m.monitor_verified = view_.before_verified[a][i];
        m.code_verified = m.monitor_verified;
        block(action.befores[i].body, m);
    }
    if (role != Role::Opaque && action.body_kind == ir::Action::BodyKind::Block) {
        Context b = ctx;
        b.part = Part::Body;
        b.code_verified = ctx.callee_verified;
        block(action.body, b);
    } else {
        // No body here: an opaque, native or unimplemented action returns anything.
        if (role == Role::Verified && action.body_kind == ir::Action::BodyKind::Native)
            diags_.error(action.implementation ? action.implementation->loc : action.origin.loc,
                         "native code in '" + action.name + "', which isolate " + view_.name +
                             " verifies (trusted code used in untrusted isolate)");
        const Versions returned_from = cur_;
        for (SymbolId r : action.results) havoc_symbol(r);
        if (trace_enabled_ && !action.results.empty())
            trace_.push_back(TraceStep{action.origin.loc, depth, "# not in this isolate: returns any values", guard_, returned_from,
                                       cur_, false, false, std::nullopt});
    }
    for (size_t i = 0; i < action.afters.size(); ++i) {
        if (!view_.after_present[a][i]) continue;
        Context m = ctx;
        m.part = Part::After;
        m.monitor_verified = view_.after_verified[a][i];
        m.code_verified = m.monitor_verified;
        block(action.afters[i].body, m);
    }
    if (ours)
        for (const ir::Fact* c : view_.assumptions)
            if (view_.assumed_at_exit.count(c)) assume(eval(ws_.formula(*c), nullptr));
    stack_.pop_back();
}

void VcBuilder::call(ActionId callee, const std::vector<TermId>& args, const std::vector<TermId>& results,
                     Context& caller, SourceLocation at, const std::string& text) {
    const ir::Action& a = p_.actions[callee];
    if (sites_) sites_->callers[callee].insert(caller.action);
    const Versions before = cur_;
    // Parameters take the arguments; results start arbitrary.
    for (size_t i = 0; i < a.params.size() && i < args.size(); ++i) {
        SymbolId v = ws_.version_of(a.params[i]);
        define(ws_.terms.eq(ws_.app(v), args[i]));
        cur_[a.params[i]] = v;
    }
    if (trace_enabled_) trace_.push_back(TraceStep{at, caller.depth, text, guard_, before, cur_, true, false, std::nullopt});
    for (SymbolId r : a.results)
        if (std::find(a.params.begin(), a.params.end(), r) == a.params.end()) cur_[r] = ws_.version_of(r);
    run_action(callee, caller.code_verified, caller.depth + 1, at);
    assume_borrowed_after(callee);
    const Versions returned = cur_;
    for (size_t i = 0; i < results.size() && i < a.results.size(); ++i) {
        SymbolId r = a.results[i];
        auto v = cur_.find(r);
        assign(results[i], ws_.app(v == cur_.end() ? r : v->second), false, at);
    }
    if (trace_enabled_) trace_.push_back(TraceStep{at, caller.depth, "", guard_, returned, cur_, false, true, std::nullopt});
}

void VcBuilder::assume_borrowed_after(ActionId callee) {
    auto it = borrowed_after_.find(callee);
    if (it == borrowed_after_.end()) return;
    for (const ir::Fact* c : it->second) assume(eval(ws_.formula(*c), nullptr));
}

// ------------------------------------------------------------------ statements

void VcBuilder::block(const ir::Block& b, Context& ctx) {
    for (const ir::Stmt& s : b) stmt(s, ctx);
}

VcBuilder::Verdict VcBuilder::verdict(ir::AssertStmt::Kind kind, const Context& ctx) const {
    using K = ir::AssertStmt::Kind;
    if (kind == K::Assume) return Verdict::Assume;
    auto check = [](bool responsible_verified) { return responsible_verified ? Verdict::Check : Verdict::Assume; };
    if (kind == K::Require) return check(ctx.caller_verified); // the caller's duty
    switch (ctx.part) {
    case Part::Body: return check(ctx.callee_verified);
    case Part::Before:
        return kind == K::Ensure ? check(ctx.callee_verified || ctx.monitor_verified) : check(ctx.caller_verified);
    case Part::After:
        return kind == K::Ensure ? check((ctx.callee_verified || ctx.monitor_verified) && !ctx.imported)
                                 : check(ctx.callee_verified);
    case Part::Init: return check(ctx.code_verified);
    }
    return Verdict::Assume;
}

void VcBuilder::assertion(const ir::AssertStmt& a, SourceLocation loc, Context& ctx) {
    Verdict v = verdict(a.kind, ctx);
    if (sites_) sites_->sites.push_back(Site{loc, ctx.action, root_, v == Verdict::Check});
    TermId phi = eval(a.formula, ctx.old);
    if (v == Verdict::Assume) {
        assume(phi);
        return;
    }
    if (!target_) return; // a checked assertion does not constrain the transition
    if (!same_line(loc, *target_)) {
        assume(phi); // guarantees of other lines are assumed in this one's check
        return;
    }
    TermId closed = ws_.close(phi);
    // The free variables of the failing assertion become witness constants, so the
    // condition has no quantifier and a model can tell whether it failed here.
    std::map<VarId, TermId> witnesses;
    for (VarId v : ws_.free_vars(phi)) {
        const ir::Variable& info = ws_.terms.variable_info(v);
        witnesses[v] = ws_.app(ws_.fresh("_" + info.name, {}, info.sort));
    }
    TermId broken = ws_.terms.not_(ws_.substitute(phi, witnesses));
    failures_.push_back(Failure{loc, ws_.terms.and_(std::vector<TermId>{guard_, ok_, broken})});
    // A failed assertion ends the run: what follows constrains only runs that passed it.
    ok_ = guard_literal(ws_.terms.and_(std::vector<TermId>{ok_, ws_.terms.implies(guard_, closed)}));
}

void VcBuilder::havoc_symbol(SymbolId s) {
    auto old = cur_.find(s);
    SymbolId prev = old == cur_.end() ? s : old->second;
    SymbolId next = ws_.version_of(s);
    cur_[s] = next;
    if (guard_ == ws_.terms.true_term()) return; // anything goes
    // Off the current path the value is unchanged.
    std::vector<TermId> vars;
    const ir::Symbol& sym = ws_.symbols[s];
    for (size_t i = 0; i < sym.domain.size(); ++i) vars.push_back(ws_.var("A@" + std::to_string(i), sym.domain[i]));
    TermId same = ws_.terms.eq(ws_.app(next, vars), ws_.app(prev, vars));
    TermId def = ws_.terms.implies(ws_.terms.not_(guard_), same);
    define(vars.empty() ? def : ws_.terms.quant(Op::Forall, vars, def));
}

// `lhs := value` (value already evaluated). The left side names a symbol applied to
// terms; variables among them make a pattern update; a destructor at the head
// updates one field of a struct value, which is then assigned to its base.
void VcBuilder::assign(TermId lhs, TermId value, bool havoc, SourceLocation at) {
    ir::TermTable& t = ws_.terms;
    if (t.op(lhs) != Op::App) {
        diags_.error(at, "cannot assign to this expression");
        return;
    }
    const SymbolId s = t.payload(lhs);
    std::vector<TermId> args;
    for (TermId a : t.args(lhs)) args.push_back(eval(a, nullptr));

    if (ws_.symbols[s].kind == ir::Symbol::Kind::Destructor) {
        // A new struct value equal to the base but in this field.
        TermId base = args[0];
        ir::SortId sort = t.sort(base);
        SymbolId fresh = ws_.fresh(ws_.sort_name(sort) + "@struct" + std::to_string(++counter_), {}, sort);
        TermId updated = ws_.app(fresh);
        for (SymbolId field : p_.sorts[sort].fields) {
            const ir::Symbol& f = p_.symbols[field];
            std::vector<TermId> vars;
            for (size_t i = 1; i < f.domain.size(); ++i) vars.push_back(ws_.var("A@" + std::to_string(i), f.domain[i]));
            std::vector<TermId> at_new{updated}, at_base{base};
            at_new.insert(at_new.end(), vars.begin(), vars.end());
            at_base.insert(at_base.end(), vars.begin(), vars.end());
            TermId old_value = ws_.app(field, at_base);
            TermId new_value = old_value;
            if (field == s) {
                std::vector<TermId> match;
                for (size_t i = 1; i < args.size(); ++i) match.push_back(t.eq(vars[i - 1], args[i]));
                new_value = havoc ? ws_.app(ws_.fresh("havoc@" + std::to_string(++counter_), {}, f.range))
                                  : (match.empty() ? value : ws_.terms.ite(ws_.terms.and_(match), value, old_value));
            }
            TermId eq = ws_.terms.eq(ws_.app(field, at_new), new_value);
            define(vars.empty() ? eq : ws_.terms.quant(Op::Forall, vars, eq));
        }
        assign(t.arg(lhs, 0), updated, false, at);
        return;
    }

    auto current = cur_.find(s);
    const SymbolId prev = current == cur_.end() ? s : current->second;
    const SymbolId next = ws_.version_of(s);
    const ir::Symbol& sym = ws_.symbols[s];
    std::vector<TermId> vars;
    std::vector<TermId> match;
    std::map<VarId, TermId> pattern; // variables of the left side -> positions
    for (size_t i = 0; i < sym.domain.size(); ++i) {
        TermId v = ws_.var("A@" + std::to_string(i), sym.domain[i]);
        vars.push_back(v);
        if (i >= args.size()) continue;
        if (t.op(args[i]) == Op::Var) {
            auto [it, fresh] = pattern.emplace(t.payload(args[i]), v);
            if (!fresh) match.push_back(t.eq(v, it->second));
        } else {
            match.push_back(t.eq(v, args[i]));
        }
    }
    TermId when = ws_.terms.and_(std::vector<TermId>{guard_, ws_.terms.and_(match)});
    TermId prev_value = ws_.app(prev, vars);
    TermId def;
    if (havoc) {
        def = ws_.terms.implies(ws_.terms.not_(when), ws_.terms.eq(ws_.app(next, vars), prev_value));
    } else {
        TermId rhs = ws_.substitute(value, pattern);
        TermId chosen = when == ws_.terms.true_term() ? rhs : ws_.terms.ite(when, rhs, prev_value);
        def = ws_.terms.eq(ws_.app(next, vars), chosen);
    }
    define(vars.empty() ? def : ws_.terms.quant(Op::Forall, vars, def));
    cur_[s] = next;
}

void VcBuilder::modified(const ir::Block& b, std::set<SymbolId>& out, std::set<ActionId>& seen) {
    auto assigned = [&](TermId lhs) {
        if (std::optional<SymbolId> s = ir::assigned_symbol(p_, lhs)) out.insert(*s);
    };
    ir::for_each_stmt(b, [&](const ir::Stmt& s) {
        if (const auto* a = std::get_if<ir::AssignStmt>(&s.node)) assigned(a->lhs);
        if (const auto* h = std::get_if<ir::HavocStmt>(&s.node)) assigned(h->lhs);
        if (const auto* d = std::get_if<ir::DeclareStmt>(&s.node)) out.insert(d->local);
        if (const auto* i = std::get_if<ir::IfStmt>(&s.node)) out.insert(i->witnesses.begin(), i->witnesses.end());
        if (const auto* c = std::get_if<ir::CallStmt>(&s.node)) {
            for (TermId r : c->results) assigned(r);
            if (!seen.insert(c->callee).second) return;
            const ir::Action& a = p_.actions[c->callee];
            out.insert(a.params.begin(), a.params.end());
            out.insert(a.results.begin(), a.results.end());
            out.insert(a.locals.begin(), a.locals.end());
            modified(a.body, out, seen);
            for (const ir::Monitor& m : a.befores) modified(m.body, out, seen);
            for (const ir::Monitor& m : a.afters) modified(m.body, out, seen);
        }
    });
}

void VcBuilder::loop(const ir::WhileStmt& w, SourceLocation loc, Context& ctx) {
    auto invariants = [&](SourceLocation) {
        for (const ir::Fact& inv : w.invariants)
            checked_step(ir::Stmt{inv.origin.loc, ir::AssertStmt{ir::AssertStmt::Kind::Assert, inv.label, inv.formula}},
                         ctx);
    };
    invariants(loc); // on entry
    std::set<SymbolId> mods;
    std::set<ActionId> seen;
    modified(w.body, mods, seen);
    for (SymbolId s : mods) havoc_symbol(s);
    for (const ir::Fact& inv : w.invariants) assume(eval(inv.formula, ctx.old));
    // `decreases r`: r is not negative when an iteration starts, and it is smaller
    // after the iteration than before.
    std::optional<TermId> rank_before;
    if (w.decreases) {
        TermId r = eval(*w.decreases, ctx.old);
        rank_before = ws_.app(ws_.fresh("$rank", {}, ws_.terms.sort(r)));
        here_ = loc;
        assume(ws_.terms.eq(*rank_before, r));
    }
    auto less = [&](TermId a, TermId b) {
        return ws_.app(ws_.less(ws_.terms.sort(a)), std::vector<TermId>{a, b});
    };
    TermId cond = eval(w.cond, ctx.old);
    TermId outer = guard_;
    guard_ = guard_literal(ws_.terms.and_(std::vector<TermId>{outer, cond}));
    if (w.decreases) {
        TermId zero = ws_.app(ws_.numeral("0", ws_.terms.sort(*w.decreases)));
        rank_check(ws_.terms.not_(less(*w.decreases, zero)), loc, ctx);
    }
    block(w.body, ctx);
    if (w.decreases) rank_check(less(*w.decreases, *rank_before), loc, ctx);
    invariants(loc); // preserved by an arbitrary iteration
    assume(ws_.terms.false_term());
    guard_ = outer;
}

void VcBuilder::stmt(const ir::Stmt& s, Context& ctx) {
    here_ = s.loc;
    const Versions before = trace_enabled_ ? cur_ : Versions{};
    if (const auto* a = std::get_if<ir::AssignStmt>(&s.node)) {
        assign(a->lhs, eval(a->rhs, ctx.old), false, s.loc);
    } else if (const auto* h = std::get_if<ir::HavocStmt>(&s.node)) {
        assign(h->lhs, ws_.terms.true_term(), true, s.loc);
    } else if (const auto* d = std::get_if<ir::DeclareStmt>(&s.node)) {
        havoc_symbol(d->local);
    } else if (const auto* c = std::get_if<ir::CallStmt>(&s.node)) {
        std::vector<TermId> args;
        for (TermId arg : c->args) args.push_back(eval(arg, ctx.old));
        call(c->callee, args, c->results, ctx, s.loc, trace_enabled_ ? statement_text(s) : std::string());
        return; // the call records its own steps
    } else if (const auto* i = std::get_if<ir::IfStmt>(&s.node)) {
        TermId outer = guard_;
        TermId cond;
        if (i->witnesses.empty()) {
            cond = eval(i->cond, ctx.old);
        } else {
            // `if some x:t. p(x)`: the then-branch runs when some x satisfies p, with x
            // one such value (the least or greatest by the extremum, if any).
            std::map<SymbolId, TermId> as_var;
            std::vector<TermId> vars;
            for (SymbolId w : i->witnesses) {
                TermId v = ws_.var("W@" + p_.symbols[w].name, p_.symbols[w].range);
                vars.push_back(v);
                bindings_[w] = v;
            }
            TermId body = eval(i->cond, ctx.old);
            std::optional<TermId> rival_key; // the extremum of any other candidate
            if (i->extremum) rival_key = eval(*i->extremum, ctx.old);
            for (SymbolId w : i->witnesses) bindings_.erase(w);
            cond = ws_.terms.quant(Op::Exists, vars, body);
            for (SymbolId w : i->witnesses) havoc_symbol(w);
            TermId chosen = eval(i->cond, ctx.old);
            if (i->extremum) {
                // `minimizing k`: no candidate has a smaller k (`maximizing`: a larger one).
                TermId key = eval(*i->extremum, ctx.old);
                SymbolId lt = ws_.less(ws_.terms.sort(key));
                TermId better = i->maximizing ? ws_.app(lt, std::vector<TermId>{key, *rival_key})
                                              : ws_.app(lt, std::vector<TermId>{*rival_key, key});
                TermId rival = ws_.terms.quant(Op::Exists, vars, ws_.terms.and_(std::vector<TermId>{body, better}));
                chosen = ws_.terms.and_(std::vector<TermId>{chosen, ws_.terms.not_(rival)});
            }
            guard_ = guard_literal(ws_.terms.and_(std::vector<TermId>{outer, cond}));
            assume(chosen);
            guard_ = outer;
        }
        TermId then_guard = guard_literal(ws_.terms.and_(std::vector<TermId>{outer, cond}));
        TermId else_guard = guard_literal(ws_.terms.and_(std::vector<TermId>{outer, ws_.terms.not_(cond)}));
        guard_ = then_guard;
        block(i->then_body, ctx);
        guard_ = else_guard;
        block(i->else_body, ctx);
        guard_ = outer;
        return; // the branches' statements record themselves
    } else if (const auto* w = std::get_if<ir::WhileStmt>(&s.node)) {
        loop(*w, s.loc, ctx);
        return; // its statements record themselves
    } else if (std::holds_alternative<ir::AssertStmt>(s.node)) {
        checked_step(s, ctx);
        return; // recorded with its failure condition
    } else if (std::holds_alternative<ir::NativeStmt>(s.node)) {
        diags_.error(s.loc, "native code in an action body cannot be verified");
    }
    if (trace_enabled_) record(s, ctx, before);
}

void VcBuilder::checked_step(const ir::Stmt& s, Context& ctx, const std::string& text) {
    here_ = s.loc;
    const Versions before = trace_enabled_ ? cur_ : Versions{};
    const size_t failures = failures_.size();
    assertion(std::get<ir::AssertStmt>(s.node), s.loc, ctx);
    // A trace of a failed guarantee ends at the assertion that failed.
    std::optional<TermId> failure;
    if (failures_.size() > failures) failure = failures_.back().condition;
    if (trace_enabled_) record(s, ctx, before, failure, text);
}

void VcBuilder::rank_check(TermId formula, SourceLocation loc, Context& ctx) {
    const std::string text =
        trace_enabled_ ? "assert " + ir::to_string(ws_.terms, ws_.symbols, p_.sorts, formula) : std::string();
    checked_step(ir::Stmt{loc, ir::AssertStmt{ir::AssertStmt::Kind::Assert, "", formula}}, ctx, text);
}

void VcBuilder::record(const ir::Stmt& s, const Context& ctx, const Versions& before,
                       std::optional<TermId> failure, const std::string& text) {
    TraceStep step;
    step.loc = s.loc;
    step.depth = ctx.depth;
    step.text = text.empty() ? statement_text(s) : text;
    step.guard = guard_;
    step.before = before;
    step.after = cur_;
    step.failure = failure;
    trace_.push_back(std::move(step));
}

std::string VcBuilder::statement_text(const ir::Stmt& s) const {
    std::string text = ir::to_string(p_, ir::Block{s}, 0);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    if (auto hash = text.find("  # "); hash != std::string::npos) text = text.substr(0, hash);
    return text;
}

} // namespace ivy::verifier

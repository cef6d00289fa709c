// Actions: signatures, bodies, monitors (before/after/around/implement) and
// initializers (`after init`), compiled to the Program's statements.
#include "frontend/src/compiler.h"

namespace ivy::frontend {

using namespace ast;
using ir::ActionId;
using ir::SortId;
using ir::SymbolId;
using ir::TermId;

namespace {

// Everything that makes up one action body while it is being compiled.
class BodyCompiler {
public:
    BodyCompiler(Compiler& c, BodyContext& ctx) : c_(c), ctx_(ctx) {}

    ir::Block block(const Block& b, NameScope& scope) {
        scope.frames.emplace_back();
        ir::Block out;
        for (const Stmt& s : b) std::visit([&](const auto& node) { stmt(node, s.loc, scope, out); }, s.node);
        scope.frames.pop_back();
        return out;
    }

    SymbolId new_local(const std::string& name, SortId sort, SourceLocation at) {
        ir::Symbol s;
        s.name = "loc:" + name;
        s.kind = ir::Symbol::Kind::Local;
        s.range = sort;
        s.action = ctx_.action;
        s.origin = ctx_.origin;
        s.origin.loc = at;
        SymbolId id = c_.add_symbol(std::move(s), false);
        if (ctx_.locals) ctx_.locals->push_back(id);
        return id;
    }

private:
    template <class T>
    static ir::Stmt make(SourceLocation at, T node) {
        return ir::Stmt{at, std::move(node)};
    }

    // Emits the calls lifted out of a unit's expressions, in order.
    bool emit_calls(Unit& unit, ir::Block& out) {
        for (HoistedCall& h : unit.calls) {
            ir::CallStmt call;
            call.callee = h.action;
            for (const TNode& a : h.args) {
                std::optional<TermId> t = c_.lower(a, unit);
                if (!t) return false;
                call.args.push_back(*t);
            }
            call.results.push_back(c_.program_.terms.app(h.result, c_.program_.symbols[h.result].range));
            out.push_back(make(h.loc, std::move(call)));
        }
        return true;
    }

    Unit statement_unit() {
        Unit unit;
        unit.allow_calls = true;
        unit.allow_old = true;
        return unit;
    }

    // The left side of an assignment: a symbol that may be assigned, applied to
    // terms that may contain variables.
    bool assignable(const TNode& lhs, SourceLocation at) {
        if (lhs.kind != TNode::Kind::Sym) {
            c_.error(at, "the left side of an assignment must be a state component, local or field");
            return false;
        }
        const ir::Symbol& s = c_.program_.symbols[lhs.symbol];
        using K = ir::Symbol::Kind;
        if (s.kind == K::Local || s.kind == K::Formal || s.kind == K::Destructor) return true;
        if (s.kind == K::State && !c_.defined_symbols_.count(lhs.symbol)) return true;
        c_.error(at, "cannot assign to '" + s.name + "'" +
                         (s.kind == K::State ? ": it is defined" : ": it is not a state component"));
        return false;
    }

    // `f(a) := e`, `r(X,c) := e(X)`, `m.f := v`; missing trailing arguments of the left
    // side become fresh variables.
    std::optional<TNode> lhs(const Expr& e, NameScope& scope, Unit& unit) {
        std::optional<TNode> t = c_.expr(e, scope, unit, &ctx_);
        if (!t || !assignable(*t, e.loc)) return std::nullopt;
        return t;
    }

    void stmt(const AssertStmt& s, SourceLocation at, NameScope& scope, ir::Block& out) {
        Unit unit = statement_unit(); // `assert it < key.iter.end` calls `end` first
        std::optional<TNode> t = c_.expr(s.formula, scope, unit, &ctx_);
        if (!t || !c_.expect_sort(unit, *t, ir::kBoolSort, "an assertion")) return;
        std::optional<TermId> f = c_.lower(*t, unit);
        if (!f || !emit_calls(unit, out)) return;
        static const ir::AssertStmt::Kind kKinds[] = {ir::AssertStmt::Kind::Require, ir::AssertStmt::Kind::Ensure,
                                                      ir::AssertStmt::Kind::Assert, ir::AssertStmt::Kind::Assume};
        out.push_back(make(at, ir::AssertStmt{kKinds[static_cast<int>(s.kind)], s.label ? s.label->name : "", *f}));
    }

    // `call r := a(x)`, and an action call written as a statement.
    void call(const Expr& callee, const std::vector<Expr>& results, SourceLocation at, NameScope& scope,
              ir::Block& out) {
        Unit unit = statement_unit();
        unit.capture_call = true;
        std::optional<TNode> t = c_.expr(callee, scope, unit, &ctx_);
        if (!t) return;
        if (!unit.captured) {
            c_.error(at, "this statement is not an action call");
            return;
        }
        HoistedCall h = std::move(*unit.captured);
        const ir::Action& a = c_.program_.actions[h.action];
        if (results.size() != a.results.size() && !(results.empty())) {
            c_.error(at, "action '" + a.name + "' has " + std::to_string(a.results.size()) +
                             " results, but " + std::to_string(results.size()) + " are assigned");
            return;
        }
        std::vector<TNode> targets;
        for (size_t i = 0; i < results.size(); ++i) {
            std::optional<TNode> r = lhs(results[i], scope, unit);
            if (!r || !c_.expect_sort(unit, *r, c_.program_.symbols[a.results[i]].range,
                                      "result " + std::to_string(i + 1) + " of '" + a.name + "'"))
                return;
            targets.push_back(std::move(*r));
        }
        if (!emit_calls(unit, out)) return;
        ir::CallStmt s;
        s.callee = h.action;
        for (const TNode& arg : h.args) {
            std::optional<TermId> lowered = c_.lower(arg, unit);
            if (!lowered) return;
            s.args.push_back(*lowered);
        }
        for (const TNode& r : targets) {
            std::optional<TermId> lowered = c_.lower(r, unit);
            if (!lowered) return;
            s.results.push_back(*lowered);
        }
        out.push_back(make(at, std::move(s)));
    }

    void stmt(const CallStmt& s, SourceLocation at, NameScope& scope, ir::Block& out) {
        call(s.callee, s.results, at, scope, out);
    }
    void stmt(const ExprStmt& s, SourceLocation at, NameScope& scope, ir::Block& out) {
        call(s.expr, {}, at, scope, out);
    }

    void stmt(const VarStmt& s, SourceLocation at, NameScope& scope, ir::Block& out) {
        Unit unit = statement_unit();
        std::optional<TNode> init;
        if (s.init) {
            init = c_.expr(*s.init, scope, unit, &ctx_);
            if (!init) return;
        }
        std::optional<SortId> sort;
        if (!s.sort.empty()) {
            sort = c_.resolve_sort(s.sort);
            if (!sort) {
                c_.error(s.sort.loc, "unknown sort '" + s.sort.str() + "'");
                return;
            }
            if (init && !c_.expect_sort(unit, *init, *sort, "the initial value of " + s.name)) return;
        } else if (init) {
            sort = unit.unifier.sort(init->slot);
        }
        if (!sort) {
            c_.error(at, "cannot infer the sort of local " + s.name + " (write var " + s.name + " : t)");
            return;
        }
        std::optional<TermId> value;
        if (init) {
            value = c_.lower(*init, unit);
            if (!value || !emit_calls(unit, out)) return;
        }
        SymbolId local = new_local(s.name, *sort, at);
        out.push_back(make(at, ir::DeclareStmt{local}));
        if (value)
            out.push_back(make(at, ir::AssignStmt{c_.program_.terms.app(local, *sort), *value}));
        scope.bind(s.name, LocalName{local, "", *sort});
    }

    void stmt(const AssignStmt& s, SourceLocation at, NameScope& scope, ir::Block& out) {
        if (s.targets.size() > 1) { // `(a, b) := f(x)`
            call(s.value, s.targets, at, scope, out);
            return;
        }
        Unit unit = statement_unit();
        written_variables(s.targets[0], unit.written_vars);
        written_variables(s.value, unit.written_vars);
        unit.lhs_fill = true;
        std::optional<TNode> target = lhs(s.targets[0], scope, unit);
        unit.lhs_fill = false;
        std::optional<TNode> value = c_.expr(s.value, scope, unit, &ctx_);
        if (!target || !value) return;
        if (!c_.unify(unit, target->slot, value->slot, at, "assigning " + c_.describe(*value) + " to " + c_.describe(*target)))
            return;
        // Quantified variables do not count: `r := forall C. lit(C)` has none on the right.
        std::set<std::string> left, right;
        free_variables(*target, left);
        free_variables(*value, right);
        for (const std::string& v : right)
            if (!left.count(v)) {
                c_.error(at, "variable " + v + " of the right side does not occur on the left side");
                return;
            }
        std::optional<TermId> l = c_.lower(*target, unit);
        std::optional<TermId> r = c_.lower(*value, unit);
        if (!l || !r || !emit_calls(unit, out)) return;
        out.push_back(make(at, ir::AssignStmt{*l, *r}));
    }

    void stmt(const HavocStmt& s, SourceLocation at, NameScope& scope, ir::Block& out) {
        Unit unit = statement_unit();
        written_variables(s.target, unit.written_vars);
        unit.lhs_fill = true;
        std::optional<TNode> target = lhs(s.target, scope, unit);
        if (!target) return;
        std::optional<TermId> l = c_.lower(*target, unit);
        if (!l || !emit_calls(unit, out)) return;
        out.push_back(make(at, ir::HavocStmt{*l}));
    }

    void stmt(const BlockStmt& s, SourceLocation, NameScope& scope, ir::Block& out) {
        for (ir::Stmt& inner : block(s.body, scope)) out.push_back(std::move(inner));
    }

    // The test of `if`/`while`: its term, with `some` witnesses bound in `scope`.
    std::optional<TermId> condition(const Condition& cond, SourceLocation at, NameScope& scope, bool calls,
                                    ir::Block& out, std::vector<SymbolId>& witnesses,
                                    std::optional<TermId>& extremum) {
        if (cond.kind == Condition::Kind::Star) { // a nondeterministic choice
            SymbolId choice = new_local("choice", ir::kBoolSort, at);
            out.push_back(make(at, ir::DeclareStmt{choice}));
            return c_.program_.terms.app(choice, ir::kBoolSort);
        }
        for (const Param& w : cond.witnesses) {
            std::optional<SortId> sort = c_.resolve_sort(w.sort);
            if (!sort) {
                c_.error(w.sort.loc, "unknown sort '" + w.sort.str() + "'");
                return std::nullopt;
            }
            SymbolId local = new_local(w.name, *sort, w.loc);
            witnesses.push_back(local);
            scope.bind(w.name, LocalName{local, "", *sort});
        }
        Unit unit = statement_unit();
        unit.allow_calls = calls;
        std::optional<TNode> t = c_.expr(*cond.formula, scope, unit, &ctx_);
        if (!t || !c_.expect_sort(unit, *t, ir::kBoolSort, "a condition")) return std::nullopt;
        std::optional<TNode> ext;
        if (cond.extremum) {
            ext = c_.expr(*cond.extremum, scope, unit, &ctx_);
            if (!ext) return std::nullopt;
        }
        std::optional<TermId> term = c_.lower(*t, unit);
        if (ext) extremum = c_.lower(*ext, unit);
        if (!term || !emit_calls(unit, out)) return std::nullopt;
        return term;
    }

    void stmt(const IfStmt& s, SourceLocation at, NameScope& scope, ir::Block& out) {
        ir::IfStmt result;
        scope.frames.emplace_back(); // witnesses are in scope in the condition and then-branch
        std::optional<TermId> cond =
            condition(s.cond, at, scope, true, out, result.witnesses, result.extremum);
        if (cond) {
            result.cond = *cond;
            result.maximizing = s.cond.maximizing;
            result.then_body = block(s.then_body, scope);
        }
        scope.frames.pop_back();
        if (!cond) return;
        result.else_body = block(s.else_body, scope);
        out.push_back(make(at, std::move(result)));
    }

    void stmt(const WhileStmt& s, SourceLocation at, NameScope& scope, ir::Block& out) {
        ir::WhileStmt result;
        std::vector<SymbolId> witnesses;
        std::optional<TermId> extremum;
        if (s.cond.kind != Condition::Kind::Formula) {
            c_.error(at, "a 'while' condition must be a formula");
            return;
        }
        std::optional<TermId> cond = condition(s.cond, at, scope, false, out, witnesses, extremum);
        if (!cond) return;
        result.cond = *cond;
        for (const LoopInvariant& inv : s.invariants) {
            Unit unit;
            unit.allow_old = true;
            std::optional<TNode> t = c_.expr(inv.formula, scope, unit, &ctx_);
            if (!t || !c_.expect_sort(unit, *t, ir::kBoolSort, "a loop invariant")) return;
            std::optional<TermId> f = c_.lower(*t, unit);
            if (!f) return;
            ir::Fact fact;
            fact.label = inv.label ? inv.label->name : "";
            fact.automatic_label = inv.label && inv.label->automatic;
            fact.formula = *f;
            fact.origin = ctx_.origin;
            fact.origin.loc = inv.formula.loc;
            result.invariants.push_back(std::move(fact));
        }
        if (s.decreases) {
            Unit unit;
            std::optional<TNode> t = c_.expr(*s.decreases, scope, unit, &ctx_);
            if (!t) return;
            result.decreases = c_.lower(*t, unit);
        }
        result.body = block(s.body, scope);
        out.push_back(make(at, std::move(result)));
    }

    void stmt(const LocalStmt& s, SourceLocation at, NameScope& scope, ir::Block& out) {
        scope.frames.emplace_back();
        for (const Param& p : s.params) {
            std::optional<SortId> sort = c_.resolve_sort(p.sort);
            if (!sort) {
                c_.error(p.sort.loc, "unknown sort '" + p.sort.str() + "'");
                scope.frames.pop_back();
                return;
            }
            SymbolId local = new_local(p.name, *sort, p.loc);
            out.push_back(make(at, ir::DeclareStmt{local}));
            scope.bind(p.name, LocalName{local, "", *sort});
        }
        for (ir::Stmt& inner : block(s.body, scope)) out.push_back(std::move(inner));
        scope.frames.pop_back();
    }

    Compiler& c_;
    BodyContext& ctx_;
};

} // namespace

// ------------------------------------------------------------------ signatures

void Compiler::collect_action_signatures() {
    auto formal = [&](const std::string& name, const Name& sort, SourceLocation at, const ir::Origin& o) {
        ir::Symbol s;
        s.name = "fml:" + name;
        s.kind = ir::Symbol::Kind::Formal;
        s.range = sort_or_error(sort, at);
        s.origin = o;
        s.origin.loc = at;
        return s;
    };
    for (const FlatDecl& d : flat_.decls) {
        Compiling compiling(*this, d);
        const auto* a = std::get_if<ActionDecl>(&d.decl.node);
        if (!a) continue;
        if (auto [it, fresh] = first_declared_.emplace(a->name, d.decl.loc); !fresh) {
            error(d.decl.loc, "redefining " + a->name + " (from " + location_text(it->second) + ")");
            continue;
        }
        auto id = static_cast<ActionId>(program_.actions.size());
        ir::Action action;
        action.name = a->name;
        action.origin = origin(d);
        action.object_params = d.object_params.size();
        action.exported = a->dir == ActionDecl::Dir::Export;
        action.imported = a->dir == ActionDecl::Dir::Import;
        std::map<std::string, SymbolId> by_name;
        auto add_formal = [&](const Param& p) {
            ir::Symbol s = formal(p.name, p.sort, p.loc, action.origin);
            s.action = id;
            SymbolId sym = add_symbol(std::move(s), false);
            by_name[p.name] = sym;
            return sym;
        };
        for (const Param& p : d.object_params) action.params.push_back(add_formal(p));
        for (const Param& p : a->params) {
            if (by_name.count(p.name)) {
                error(p.loc, "parameter " + p.name + " of " + a->name + " is declared twice");
                continue;
            }
            action.params.push_back(add_formal(p));
        }
        for (const Param& r : a->results) {
            // A name among the parameters and the results is one in/out parameter.
            if (auto it = by_name.find(r.name); it != by_name.end()) {
                if (program_.symbols[it->second].range != sort_or_error(r.sort, r.loc))
                    error(r.loc, "in/out parameter " + r.name + " of " + a->name + " has two sorts");
                action.results.push_back(it->second);
            } else {
                action.results.push_back(add_formal(r));
            }
        }
        if (a->body.kind == ActionBody::Kind::Crash)
            error(d.decl.loc, "'action " + a->name + " = *' is not supported");
        program_.action_index[action.name] = id;
        program_.actions.push_back(std::move(action));
    }
}

// ------------------------------------------------------------------ bodies

namespace {

// Binds an action's formals for a body: the object parameters and the written
// parameters by position (under the names written), the rest under their own names.
bool bind_formals(Compiler& c, const ir::Action& a, const std::vector<Param>& object_params,
                  const std::vector<Param>& params, const std::vector<Param>& results, NameScope& scope,
                  SourceLocation at) {
    std::vector<Param> written = object_params;
    written.insert(written.end(), params.begin(), params.end());
    if (written.size() > a.params.size()) {
        c.error(at, "too many parameters for '" + a.name + "': it has " +
                        std::to_string(a.params.size() - a.object_params));
        return false;
    }
    if (results.size() > a.results.size()) {
        c.error(at, "too many results for '" + a.name + "': it has " + std::to_string(a.results.size()));
        return false;
    }
    auto bind = [&](SymbolId formal, const Param* p) {
        const ir::Symbol& s = c.program_.symbols[formal];
        if (p && !p->sort.empty()) {
            std::optional<SortId> sort = c.resolve_sort(p->sort);
            if (sort && *sort != s.range) {
                c.error(p->loc, "sort mismatch: parameter " + p->name + " has sort " + c.sort_name(*sort) +
                                    " but the matching parameter of '" + a.name + "' has sort " +
                                    c.sort_name(s.range));
                return false;
            }
        }
        std::string name = p ? p->name : s.name.substr(4); // "fml:x" -> "x"
        scope.bind(name, LocalName{formal, "", s.range});
        return true;
    };
    for (size_t i = 0; i < a.params.size(); ++i)
        if (!bind(a.params[i], i < written.size() ? &written[i] : nullptr)) return false;
    for (size_t i = 0; i < a.results.size(); ++i)
        if (!bind(a.results[i], i < results.size() ? &results[i] : nullptr)) return false;
    for (const Param& p : object_params) scope.object_params.push_back(p.name);
    return true;
}

} // namespace

void Compiler::compile_action_bodies() {
    for (const FlatDecl& d : flat_.decls) {
        Compiling compiling(*this, d);
        if (const auto* a = std::get_if<ActionDecl>(&d.decl.node)) {
            std::optional<ActionId> id = program_.find_action(a->name);
            if (!id || a->body.kind == ActionBody::Kind::None || a->body.kind == ActionBody::Kind::Crash) continue;
            ir::Action& action = program_.actions[*id];
            if (action.implementation) { // an `implement` written earlier
                error(d.decl.loc, "'" + action.name + "' already has an implementation (at " +
                                      location_text(action.implementation->loc) + ")");
                continue;
            }
            NameScope scope;
            if (!bind_formals(*this, action, d.object_params, a->params, a->results, scope, d.decl.loc)) continue;
            BodyContext ctx{*id, &program_.actions[*id].locals, 0, origin(d)};
            action.implementation = origin(d);
            if (a->body.kind == ActionBody::Kind::Native) {
                action.body_kind = ir::Action::BodyKind::Native;
                action.native_body = native_code(a->body.native.text, &scope, a->body.native.loc);
            } else {
                action.body_kind = ir::Action::BodyKind::Block;
                ir::Block body = BodyCompiler(*this, ctx).block(a->body.block, scope);
                program_.actions[*id].body = std::move(body);
            }
        } else if (const auto* m = std::get_if<MonitorDecl>(&d.decl.node)) {
            if (m->kind == MonitorDecl::Kind::AfterInit) {
                ir::Initializer init;
                init.name = m->hidden_name;
                init.object_params = d.object_params.size();
                init.origin = origin(d);
                NameScope scope;
                for (const Param& p : d.object_params) {
                    ir::Symbol s;
                    s.name = "fml:" + p.name;
                    s.kind = ir::Symbol::Kind::Formal;
                    s.range = sort_or_error(p.sort, p.loc);
                    s.origin = origin(d);
                    SymbolId sym = add_symbol(std::move(s), false);
                    init.params.push_back(sym);
                    scope.bind(p.name, LocalName{sym, "", program_.symbols[sym].range});
                    scope.object_params.push_back(p.name);
                }
                program_.initializers.push_back(std::move(init));
                ir::Initializer& stored = program_.initializers.back();
                BodyContext ctx{std::nullopt, &stored.locals, 0, origin(d)};
                if (m->body.kind == ActionBody::Kind::Native)
                    error(d.decl.loc, "an initializer cannot be native code");
                else
                    program_.initializers.back().body = BodyCompiler(*this, ctx).block(m->body.block, scope);
                continue;
            }
            const std::string target = join_name(expand_alias(m->target.parts));
            std::optional<ActionId> id = program_.find_action(target);
            if (!id) {
                error(d.decl.loc, "unknown action '" + m->target.str() + "'");
                continue;
            }
            NameScope scope;
            if (!bind_formals(*this, program_.actions[*id], d.object_params, m->params, m->results, scope,
                              d.decl.loc))
                continue;
            BodyContext ctx{*id, &program_.actions[*id].locals, 0, origin(d)};
            if (m->kind == MonitorDecl::Kind::Implement) {
                ir::Action& action = program_.actions[*id];
                if (action.implementation) {
                    error(d.decl.loc, "'" + action.name + "' already has an implementation (at " +
                                          location_text(action.implementation->loc) + ")");
                    continue;
                }
                action.implementation = origin(d);
                action.implementation_name = m->hidden_name;
                if (m->body.kind == ActionBody::Kind::Native) {
                    action.body_kind = ir::Action::BodyKind::Native;
                    action.native_body = native_code(m->body.native.text, &scope, m->body.native.loc);
                } else {
                    action.body_kind = ir::Action::BodyKind::Block;
                    ir::Block body = BodyCompiler(*this, ctx).block(m->body.block, scope);
                    program_.actions[*id].body = std::move(body);
                }
                continue;
            }
            if (m->body.kind == ActionBody::Kind::Native) {
                error(d.decl.loc, "a monitor cannot be native code");
                continue;
            }
            bool before = m->kind == MonitorDecl::Kind::Before || m->kind == MonitorDecl::Kind::Around;
            ir::Monitor first;
            first.kind = before ? ir::Monitor::Kind::Before : ir::Monitor::Kind::After;
            first.name = m->hidden_name;
            first.origin = origin(d);
            first.body = BodyCompiler(*this, ctx).block(m->body.block, scope);
            (before ? program_.actions[*id].befores : program_.actions[*id].afters).push_back(std::move(first));
            if (m->kind == MonitorDecl::Kind::Around) {
                // The after part does not see the before part's locals.
                NameScope after_scope;
                bind_formals(*this, program_.actions[*id], d.object_params, m->params, m->results, after_scope,
                             d.decl.loc);
                ir::Monitor second;
                second.kind = ir::Monitor::Kind::After;
                second.name = m->after_hidden_name;
                second.origin = origin(d);
                second.body = BodyCompiler(*this, ctx).block(m->after_part, after_scope);
                program_.actions[*id].afters.push_back(std::move(second));
            }
        }
    }
}

} // namespace ivy::frontend

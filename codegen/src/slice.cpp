#include "codegen/src/slice.h"

#include "ir/walk.h"

#include <deque>
#include <functional>

namespace ivy::codegen {

using ir::ActionId;
using ir::SymbolId;
using ir::TermId;

// ------------------------------------------------------------------ small helpers

bool is_spec_symbol(const ir::Symbol& s) {
    if (s.origin.visibility == ir::Visibility::Spec) return true;
    const std::string& o = s.origin.object;
    return o == "spec" || o.ends_with(".spec") || o.find(".spec.") != std::string::npos || o.starts_with("spec.");
}

namespace {

bool under(const std::string& name, const std::string& prefix) {
    return prefix == "this" || name == prefix || (name.size() > prefix.size() && name.starts_with(prefix) &&
                                                  name[prefix.size()] == '.');
}

void each_call(const ir::Block& b, const std::function<void(const ir::CallStmt&)>& f) {
    ir::for_each_stmt(b, [&](const ir::Stmt& s) {
        if (const auto* c = std::get_if<ir::CallStmt>(&s.node)) f(*c);
    });
}

void each_native_action(const ir::Program& p, const ir::NativeCode& code, const std::function<void(ActionId)>& f) {
    for (const auto& piece : code.pieces)
        if (piece.kind == ir::NativeCode::Piece::Kind::Action || piece.kind == ir::NativeCode::Piece::Kind::Type)
            if (auto a = p.find_action(piece.text)) f(*a);
}

// One unit of code the class may contain: a block and where it sits.
struct Unit {
    const ir::Block* block = nullptr;
    const ir::NativeCode* native = nullptr;
    CheckSite site;
    std::optional<ir::TermId> formula; // an invariant checked by the tester
};

class Slicer {
public:
    Slicer(const ir::Program& p, Diagnostics& diags) : p_(p), diags_(diags), s_(p) {}

    std::optional<Slice> run(const std::string& isolate, bool test) {
        s_.test = test;
        if (!choose_isolate(isolate)) return std::nullopt;
        for (size_t i = 0; i < p_.definitions.size(); ++i) s_.definition_of[p_.definitions[i].symbol] = i;
        plan_declarations();
        find_exports();
        compile_reachable();
        if (diags_.has_errors()) return std::nullopt;
        if (test) drive_callbacks();
        if (test) choose_invariants();
        choose_members();
        return std::move(s_);
    }

private:
    bool choose_isolate(const std::string& name) {
        if (name.empty()) return true;
        for (const ir::Isolate& iso : p_.isolates)
            if (iso.name == name) s_.isolate = &iso;
        if (!s_.isolate) {
            diags_.error({}, "unknown isolate: " + name);
            return false;
        }
        for (size_t i = 0; i < s_.isolate->param_names.size(); ++i)
            s_.params.push_back({s_.isolate->param_names[i], s_.isolate->param_sorts[i]});
        for (const auto& m : s_.isolate->verified)
            for (const std::string& arg : m.args) {
                bool known = false;
                for (const ExtractParam& ep : s_.params) known = known || ep.name == arg;
                if (!known) {
                    diags_.error(m.loc, "'" + arg + "' in " + m.name + "(" + arg + ") is not a parameter of " +
                                            s_.isolate->name);
                }
            }
        return !diags_.has_errors();
    }

    void plan_declarations() {
        s_.symbol_strip.resize(p_.symbols.size());
        s_.ghost_state.assign(p_.symbols.size(), false);
        for (SymbolId i = 0; i < p_.symbols.size(); ++i) {
            const ir::Symbol& sym = p_.symbols[i];
            if (sym.kind != ir::Symbol::Kind::State && sym.kind != ir::Symbol::Kind::Parameter) continue;
            s_.symbol_strip[i] = s_.strip_for(sym.name, sym.domain);
            s_.ghost_state[i] = sym.kind == ir::Symbol::Kind::State && !s_.present(sym.name);
        }
        s_.actions.resize(p_.actions.size());
        for (ActionId a = 0; a < p_.actions.size(); ++a) {
            const ir::Action& act = p_.actions[a];
            ActionPlan& plan = s_.actions[a];
            plan.present = s_.present(act.name);
            std::vector<ir::SortId> sorts;
            for (SymbolId f : act.params) sorts.push_back(p_.symbols[f].range);
            plan.strip = s_.strip_for(act.name, sorts);
            for (const ir::Monitor& m : act.befores) plan.befores_kept.push_back(s_.present(m.origin.object));
            for (const ir::Monitor& m : act.afters) plan.afters_kept.push_back(s_.present(m.origin.object));
        }
        for (const ir::Initializer& init : p_.initializers) {
            s_.init_kept.push_back(s_.present(init.origin.object));
            std::vector<ir::SortId> sorts;
            for (SymbolId f : init.params) sorts.push_back(p_.symbols[f].range);
            s_.init_strip.push_back(s_.strip_for(init.origin.object + ".init", sorts));
        }
        for (const ir::NativeBlock& n : p_.natives) {
            // Top-level native code outside every object (includes, helpers) is kept.
            s_.native_kept.push_back(n.origin.object.empty() || s_.present(n.origin.object));
            s_.native_strip.push_back(s_.strip_for(n.origin.object + ".native", s_.object_param_sorts(n.origin.object)));
        }
    }

    // Explicit exports, and actions of the extract that code outside it calls.
    void find_exports() {
        for (ActionId a = 0; a < p_.actions.size(); ++a) {
            const ir::Action& act = p_.actions[a];
            ActionPlan& plan = s_.actions[a];
            if (act.exported && plan.present && !act.imported) plan.api = true;
        }
        if (s_.whole()) return;
        auto called_from_outside = [&](ActionId b) {
            ActionPlan& plan = s_.actions[b];
            const ir::Action& callee = p_.actions[b];
            if (!plan.present || plan.api || callee.imported || callee.body_kind == ir::Action::BodyKind::None)
                return;
            plan.api = plan.implicit = true;
        };
        for (ActionId a = 0; a < p_.actions.size(); ++a) {
            const ir::Action& act = p_.actions[a];
            const ActionPlan& plan = s_.actions[a];
            auto scan = [&](const ir::Block& b) { each_call(b, [&](const ir::CallStmt& c) { called_from_outside(c.callee); }); };
            if (!plan.present && act.body_kind == ir::Action::BodyKind::Block) scan(act.body);
            for (size_t i = 0; i < act.befores.size(); ++i)
                if (!plan.befores_kept[i]) scan(act.befores[i].body);
            for (size_t i = 0; i < act.afters.size(); ++i)
                if (!plan.afters_kept[i]) scan(act.afters[i].body);
        }
        for (size_t i = 0; i < p_.initializers.size(); ++i)
            if (!s_.init_kept[i])
                each_call(p_.initializers[i].body, [&](const ir::CallStmt& c) { called_from_outside(c.callee); });
        for (ActionId a = 0; a < p_.actions.size(); ++a)
            if (s_.actions[a].implicit)
                diags_.warning(p_.actions[a].origin.loc, "action " + p_.actions[a].name + " is implicitly exported");
    }

    void compile_reachable() {
        std::deque<ActionId> queue;
        for (ActionId a = 0; a < p_.actions.size(); ++a)
            if (s_.actions[a].api) queue.push_back(a);
        auto from_native = [&](const ir::NativeCode& code) {
            each_native_action(p_, code, [&](ActionId a) {
                s_.actions[a].native_ref = true;
                queue.push_back(a);
            });
        };
        auto from_block = [&](const ir::Block& b) {
            each_call(b, [&](const ir::CallStmt& c) {
                const ir::Action& callee = p_.actions[c.callee];
                if (s_.actions[c.callee].present || callee.imported) queue.push_back(c.callee);
            });
        };
        for (size_t i = 0; i < p_.natives.size(); ++i)
            if (s_.native_kept[i]) from_native(p_.natives[i].code);
        for (size_t i = 0; i < p_.initializers.size(); ++i)
            if (s_.init_kept[i]) from_block(p_.initializers[i].body);
        while (!queue.empty()) {
            ActionId a = queue.front();
            queue.pop_front();
            ActionPlan& plan = s_.actions[a];
            if (plan.compiled) continue;
            plan.compiled = true;
            const ir::Action& act = p_.actions[a];
            if (!act.imported) {
                if (act.body_kind == ir::Action::BodyKind::None) {
                    diags_.error(act.origin.loc, "No implementation for action " + act.name);
                    continue;
                }
                if (act.body_kind == ir::Action::BodyKind::Native) from_native(act.native_body);
                else from_block(act.body);
            }
            for (size_t i = 0; i < act.befores.size(); ++i)
                if (plan.befores_kept[i]) from_block(act.befores[i].body);
            for (size_t i = 0; i < act.afters.size(); ++i)
                if (plan.afters_kept[i]) from_block(act.afters[i].body);
        }
    }

    // A tester has no network or timers: it calls the actions native code would
    // call (message receipt, ticks) itself, as the environment.
    void drive_callbacks() {
        for (ActionId a = 0; a < p_.actions.size(); ++a) {
            ActionPlan& plan = s_.actions[a];
            const ir::Action& act = p_.actions[a];
            if (plan.native_ref && plan.present && !plan.api && !act.imported &&
                act.body_kind == ir::Action::BodyKind::Block)
                plan.api = plan.callback = true;
        }
    }

    // The conjectures of the isolate (all of them for the whole program) that talk
    // about the extracted state only.
    void choose_invariants() {
        for (size_t i = 0; i < p_.facts.size(); ++i) {
            const ir::Fact& f = p_.facts[i];
            if (f.kind != ir::Fact::Kind::Conjecture) continue;
            if (!s_.whole() && !s_.present(f.label) && !s_.present(f.origin.object)) continue;
            if (s_.reads_ghost_state(f.formula)) continue;
            s_.invariants.push_back(i);
        }
        for (size_t i = 0; i < p_.facts.size(); ++i) {
            const ir::Fact& f = p_.facts[i];
            if (f.kind != ir::Fact::Kind::Axiom || s_.reads_ghost_state(f.formula)) continue;
            if (!s_.whole() && !s_.present(f.label) && !s_.present(f.origin.object)) continue;
            s_.axioms.push_back(i);
        }
    }

    // ---- members: what the kept code reads, plus what it writes that is not spec state

    struct Write {
        SymbolId target;
        std::set<SymbolId> reads;
    };

    void scan_unit(const Unit& u, std::set<SymbolId>& reads, std::vector<Write>& writes) {
        const ir::TermTable& terms = p_.terms;
        if (u.formula) {
            ir::add_symbols(terms, *u.formula, reads);
            return;
        }
        if (u.native) {
            for (const auto& piece : u.native->pieces)
                if (piece.kind == ir::NativeCode::Piece::Kind::Symbol)
                    if (auto s = p_.find_symbol(piece.text)) reads.insert(*s);
            return;
        }
        auto lhs_write = [&](TermId lhs, std::set<SymbolId> extra) {
            std::optional<SymbolId> root = ir::assigned_symbol(p_, lhs);
            std::set<SymbolId> r = std::move(extra);
            ir::add_symbols(terms, lhs, r);
            if (root) r.erase(*root);
            if (root) writes.push_back({*root, std::move(r)});
            else reads.insert(r.begin(), r.end());
        };
        ir::for_each_stmt(*u.block, [&](const ir::Stmt& s) {
            if (const auto* a = std::get_if<ir::AssignStmt>(&s.node)) {
                std::set<SymbolId> r;
                ir::add_symbols(terms, a->rhs, r);
                lhs_write(a->lhs, std::move(r));
            } else if (const auto* h = std::get_if<ir::HavocStmt>(&s.node)) {
                lhs_write(h->lhs, {});
            } else if (const auto* c = std::get_if<ir::CallStmt>(&s.node)) {
                const ActionPlan& callee = s_.actions[c->callee];
                if (!callee.present && !p_.actions[c->callee].imported) return; // ghost: dropped
                for (TermId arg : c->args) ir::add_symbols(terms, arg, reads);
                for (TermId res : c->results) lhs_write(res, {});
            } else if (const auto* i = std::get_if<ir::IfStmt>(&s.node)) {
                ir::add_symbols(terms, i->cond, reads);
                if (i->extremum) ir::add_symbols(terms, *i->extremum, reads);
            } else if (const auto* w = std::get_if<ir::WhileStmt>(&s.node)) {
                ir::add_symbols(terms, w->cond, reads);
            } else if (const auto* as = std::get_if<ir::AssertStmt>(&s.node)) {
                if (s_.compiled_check(as->kind, u.site) && !s_.reads_ghost_state(as->formula))
                    ir::add_symbols(terms, as->formula, reads);
            } else if (const auto* n = std::get_if<ir::NativeStmt>(&s.node)) {
                Unit inner{nullptr, &n->code, u.site, std::nullopt};
                scan_unit(inner, reads, writes);
            }
        });
    }

    std::vector<Unit> kept_units() const {
        std::vector<Unit> units;
        for (ActionId a = 0; a < p_.actions.size(); ++a) {
            const ActionPlan& plan = s_.actions[a];
            if (!plan.compiled) continue;
            const ir::Action& act = p_.actions[a];
            auto site = [&](CodePlace place) { return CheckSite{place, plan.api, act.imported}; };
            if (!act.imported) {
                if (act.body_kind == ir::Action::BodyKind::Native) units.push_back({nullptr, &act.native_body, site(CodePlace::Body), {}});
                else units.push_back({&act.body, nullptr, site(CodePlace::Body), {}});
            }
            for (size_t i = 0; i < act.befores.size(); ++i)
                if (plan.befores_kept[i]) units.push_back({&act.befores[i].body, nullptr, site(CodePlace::Before), {}});
            for (size_t i = 0; i < act.afters.size(); ++i)
                if (plan.afters_kept[i]) units.push_back({&act.afters[i].body, nullptr, site(CodePlace::After), {}});
        }
        for (size_t i = 0; i < p_.initializers.size(); ++i)
            if (s_.init_kept[i]) units.push_back({&p_.initializers[i].body, nullptr, CheckSite{CodePlace::Init, false, false}, {}});
        for (size_t i = 0; i < p_.natives.size(); ++i)
            if (s_.native_kept[i]) units.push_back({nullptr, &p_.natives[i].code, CheckSite{}, {}});
        for (size_t i : s_.invariants) units.push_back({nullptr, nullptr, CheckSite{}, p_.facts[i].formula});
        for (size_t i : s_.axioms) units.push_back({nullptr, nullptr, CheckSite{}, p_.facts[i].formula});
        return units;
    }

    // Reading a defined symbol reads what its definition reads.
    void add_reads(SymbolId s, std::set<SymbolId>& needed, std::deque<SymbolId>& fresh) {
        if (!needed.insert(s).second) return;
        fresh.push_back(s);
    }

    // Which state the class holds: what the kept code reads (through definitions and
    // the writes of what it reads), and what it writes that the embedder may want.
    void choose_members() {
        std::set<SymbolId> reads;
        std::vector<Write> writes;
        for (const Unit& u : kept_units()) scan_unit(u, reads, writes);
        mark_abstract_state(writes);
        reads.clear();
        writes.clear();
        for (const Unit& u : kept_units()) scan_unit(u, reads, writes);

        std::set<SymbolId> needed = needed_symbols(reads, writes);
        std::set<SymbolId> written;
        for (const Write& w : writes) written.insert(w.target);
        if (s_.test) choose_constants(needed, written);
        s_.member.assign(p_.symbols.size(), false);
        for (SymbolId i = 0; i < p_.symbols.size(); ++i) {
            const ir::Symbol& sym = p_.symbols[i];
            if (sym.kind == ir::Symbol::Kind::Parameter) {
                s_.member[i] = needed.count(i) > 0 || s_.present(sym.name);
                continue;
            }
            if (sym.kind != ir::Symbol::Kind::State || s_.definition_of.count(i)) continue;
            bool kept_write = written.count(i) && !is_spec_symbol(sym) && s_.present(sym.name);
            s_.member[i] = needed.count(i) > 0 || kept_write;
        }
    }

    // State nobody writes and nothing defines is abstract; the tester's facts that
    // read it cannot be checked.
    void mark_abstract_state(const std::vector<Write>& writes) {
        std::set<SymbolId> assigned;
        for (const Write& w : writes) assigned.insert(w.target);
        s_.abstract_state.assign(p_.symbols.size(), false);
        for (SymbolId i = 0; i < p_.symbols.size(); ++i) {
            const ir::Symbol& sym = p_.symbols[i];
            s_.abstract_state[i] = sym.kind == ir::Symbol::Kind::State && !assigned.count(i) &&
                                   !s_.definition_of.count(i) && sym.domain.size() > s_.symbol_strip[i].count();
        }
        auto drop_abstract = [&](std::vector<size_t>& facts) {
            std::erase_if(facts, [&](size_t i) { return s_.reads_ghost_state(p_.facts[i].formula); });
        };
        drop_abstract(s_.invariants);
        drop_abstract(s_.axioms);
    }

    // The symbols whose values the kept code needs: those it reads, what their
    // definitions read, and what the writes to needed symbols read, to a fixpoint.
    std::set<SymbolId> needed_symbols(const std::set<SymbolId>& reads, const std::vector<Write>& writes) {
        std::set<SymbolId> needed;
        std::deque<SymbolId> fresh;
        for (SymbolId s : reads) add_reads(s, needed, fresh);
        for (bool changed = true; changed;) {
            changed = !fresh.empty();
            while (!fresh.empty()) {
                SymbolId s = fresh.front();
                fresh.pop_front();
                for (SymbolId x : definition_reads(s)) add_reads(x, needed, fresh);
            }
            for (const Write& w : writes) {
                if (!writes_count(w.target, needed)) continue;
                for (SymbolId x : w.reads)
                    if (!needed.count(x)) {
                        add_reads(x, needed, fresh);
                        changed = true;
                    }
            }
        }
        return needed;
    }

    // What the definition of `s` reads (nothing if `s` is not defined).
    std::set<SymbolId> definition_reads(SymbolId s) const {
        std::set<SymbolId> r;
        auto d = s_.definition_of.find(s);
        if (d == s_.definition_of.end()) return r;
        const ir::Definition& def = p_.definitions[d->second];
        if (def.native) {
            // Native definitions may name state in back-quotes.
            for (const std::string& name : quoted_names(*def.native))
                if (auto sym = p_.find_symbol(name)) r.insert(*sym);
        } else {
            ir::add_symbols(p_.terms, def.body, r);
        }
        return r;
    }

    // Constants (individuals nothing assigns, such as a capacity fixed by an axiom):
    // the tester chooses them.
    void choose_constants(const std::set<SymbolId>& needed, const std::set<SymbolId>& written) {
        for (SymbolId s : needed)
            if (p_.symbols[s].kind == ir::Symbol::Kind::State && !written.count(s) && !s_.definition_of.count(s) &&
                p_.symbols[s].domain.size() == s_.symbol_strip[s].count())
                s_.constants.push_back(s);
    }

    // Whether a write to `target` matters: locals and formals always do, state when
    // it is read, or is kept for the embedder (written, not specification state).
    bool writes_count(SymbolId target, const std::set<SymbolId>& needed) const {
        const ir::Symbol& s = p_.symbols[target];
        if (s.kind != ir::Symbol::Kind::State) return true;
        return needed.count(target) || (!is_spec_symbol(s) && s_.present(s.name));
    }

    static std::vector<std::string> quoted_names(const std::string& text) {
        std::vector<std::string> out;
        size_t pos = 0;
        while ((pos = text.find('`', pos)) != std::string::npos) {
            size_t end = text.find('`', pos + 1);
            if (end == std::string::npos) break;
            out.push_back(text.substr(pos + 1, end - pos - 1));
            pos = end + 1;
        }
        return out;
    }

    const ir::Program& p_;
    Diagnostics& diags_;
    Slice s_;
};

} // namespace

// ------------------------------------------------------------------ Slice

bool Slice::present(const std::string& name) const {
    if (whole()) return true;
    for (const auto* list : {&isolate->verified, &isolate->with})
        for (const auto& m : *list)
            if (under(name, m.name)) return true;
    return false;
}

Strip Slice::strip_for(const std::string& name, const std::vector<ir::SortId>& sorts) const {
    Strip out;
    if (whole()) return out;
    // The innermost verified member with arguments that contains the name.
    const ir::Isolate::Member* best = nullptr;
    for (const auto& m : isolate->verified)
        if (!m.args.empty() && under(name, m.name) && (!best || m.name.size() > best->name.size())) best = &m;
    if (!best || sorts.size() < best->args.size()) return out;
    for (size_t i = 0; i < best->args.size(); ++i) {
        size_t k = 0;
        while (k < params.size() && params[k].name != best->args[i]) ++k;
        if (k == params.size() || params[k].sort != sorts[i]) return {};
        out.params.push_back(k);
    }
    return out;
}

std::vector<std::string> Slice::object_param_names(const std::string& object) const {
    std::vector<std::string> out;
    if (object.empty()) return out;
    std::string prefix;
    size_t start = 0;
    for (;;) {
        size_t dot = object.find('.', start);
        prefix = object.substr(0, dot);
        if (auto it = p.object_index.find(prefix); it != p.object_index.end())
            for (const std::string& n : p.objects[it->second].param_names) out.push_back(n);
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return out;
}

std::vector<ir::SortId> Slice::object_param_sorts(const std::string& object) const {
    std::vector<ir::SortId> out;
    if (object.empty()) return out;
    size_t start = 0;
    for (;;) {
        size_t dot = object.find('.', start);
        std::string prefix = object.substr(0, dot);
        if (auto it = p.object_index.find(prefix); it != p.object_index.end())
            for (ir::SortId s : p.objects[it->second].param_sorts) out.push_back(s);
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return out;
}

std::optional<CheckKind> Slice::compiled_check(ir::AssertStmt::Kind k, const CheckSite& site) const {
    using K = ir::AssertStmt::Kind;
    if (test) {
        // The environment's duties reject generated inputs; everything else is checked.
        bool env = (site.api && (site.place == CodePlace::Before || (site.place == CodePlace::Body && k != K::Assert))) ||
                   (site.imported && site.place == CodePlace::After) || k == K::Assume;
        return env ? CheckKind::Assume : CheckKind::Assert;
    }
    if (k == K::Ensure) return std::nullopt; // a proved guarantee
    switch (site.place) {
    case CodePlace::Body:
        return k == K::Assert ? CheckKind::Assert : CheckKind::Assume;
    case CodePlace::Before:
        // A precondition: the environment's duty when it calls, proved at every
        // call site inside the program.
        if (site.api && !site.imported) return CheckKind::Assume;
        return std::nullopt;
    case CodePlace::After:
        return std::nullopt; // postconditions are proved
    case CodePlace::Init:
        return k == K::Assume ? CheckKind::Assume : CheckKind::Assert;
    }
    return std::nullopt;
}

bool Slice::reads_ghost_state(TermId t) const {
    std::set<SymbolId> syms;
    ir::add_symbols(p.terms, t, syms);
    for (SymbolId s : syms)
        if ((!whole() && ghost_state[s]) || (s < abstract_state.size() && abstract_state[s])) return true;
    return false;
}

std::optional<Slice> make_slice(const ir::Program& program, const std::string& isolate, bool test,
                                Diagnostics& diags) {
    return Slicer(program, diags).run(isolate, test);
}

} // namespace ivy::codegen

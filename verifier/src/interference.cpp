#include "verifier/src/interference.h"

#include "ir/walk.h"
#include "support/diagnostic.h"
#include "verifier/src/code_units.h"

#include <map>
#include <optional>
#include <set>

namespace ivy::verifier {
namespace {

using Kind = CodeUnit::Kind;
using ir::SymbolId;

class Interference {
public:
    Interference(const ir::Program& p, const IsolateView& v) : p_(p), v_(v) {
        for (ir::ActionId a : v_.exports) reach_action(a);
        for (const CodeUnit& u : units_)
            if (u.kind == Kind::Initializer && present(u)) reach_code(u);
        referenced_facts();
        follow_definitions();
    }

    std::string first_error() {
        for (const CodeUnit& caller : kept_) {
            std::string error;
            ir::for_each_stmt(code(caller), [&](const ir::Stmt& s) {
                const auto* c = std::get_if<ir::CallStmt>(&s.node);
                if (!error.empty() || !c) return;
                for (const CodeUnit& callee : entered_by(c->callee))
                    if (std::set<SymbolId> m = visible_mods(callee); !m.empty()) {
                        error = report(unit_location(p_, caller), "Call out to " + unit_name(p_, callee), m);
                        return;
                    }
            });
            if (!error.empty()) return error;
        }
        return external_error();
    }

private:
    bool present(const CodeUnit& u) const { return unit_present(p_, v_, u); }

    // The code a unit runs in this isolate: a present `implement` is applied to the
    // declaration it implements.
    const ir::Block& code(const CodeUnit& u) const {
        const ir::Action* a = u.kind == Kind::Declaration ? &p_.actions[u.action] : nullptr;
        if (a && !a->implementation_name.empty() && present({Kind::Implementation, u.action, 0})) return a->body;
        return unit_code(p_, u);
    }

    // The units a call to `a` runs: the declaration, then its mixins.
    std::vector<CodeUnit> entered_by(ir::ActionId a) const {
        std::vector<CodeUnit> out{{Kind::Declaration, a, 0}};
        for (const CodeUnit& m : mixins_of(p_, a)) out.push_back(m);
        return out;
    }

    // The isolate's code reachable from its exports and initializers: what it
    // references is what abstracted code must not change.
    void reach_action(ir::ActionId a) {
        if (!reached_.insert(a).second) return;
        for (const CodeUnit& u : entered_by(a))
            if (u.kind != Kind::Implementation && present(u)) reach_code(u);
    }

    void reach_code(const CodeUnit& u) {
        kept_.push_back(u);
        ir::for_each_stmt(code(u), [&](const ir::Stmt& s) {
            ir::for_each_term(s, [&](ir::TermId t) { ir::add_symbols(p_.terms, t, referenced_); });
            if (const auto* c = std::get_if<ir::CallStmt>(&s.node)) reach_action(c->callee);
        });
    }

    void referenced_facts() {
        for (const std::vector<const ir::Fact*>* facts : {&v_.axioms, &v_.invariants, &v_.assumptions})
            for (const ir::Fact* f : *facts) ir::add_symbols(p_.terms, f->formula, referenced_);
        for (const IsolateView::Property& prop : v_.properties) ir::add_symbols(p_.terms, prop.fact->formula, referenced_);
    }

    // A referenced defined symbol references what its definition does.
    void follow_definitions() {
        for (bool grew = true; grew;) {
            grew = false;
            for (const ir::Definition& d : p_.definitions) {
                if (d.native || !referenced_.count(d.symbol)) continue;
                const size_t before = referenced_.size();
                ir::add_symbols(p_.terms, d.body, referenced_);
                grew = grew || referenced_.size() != before;
            }
        }
    }

    // What an abstracted unit (with the abstracted code it calls, and its abstracted
    // monitors) may assign among the referenced symbols; empty for present units.
    std::set<SymbolId> visible_mods(const CodeUnit& u) {
        if (present(u)) return {};
        if (auto it = mods_.find(u); it != mods_.end()) return it->second;
        mods_[u]; // empty while being computed, in case calls go round
        std::set<SymbolId> found;
        auto assigned = [&](ir::TermId lhs) {
            std::optional<SymbolId> s = ir::assigned_symbol(p_, lhs);
            if (s && p_.symbols[*s].kind == ir::Symbol::Kind::State && referenced_.count(*s)) found.insert(*s);
        };
        ir::for_each_stmt(code(u), [&](const ir::Stmt& s) {
            if (const auto* a = std::get_if<ir::AssignStmt>(&s.node)) assigned(a->lhs);
            if (const auto* h = std::get_if<ir::HavocStmt>(&s.node)) assigned(h->lhs);
            if (const auto* c = std::get_if<ir::CallStmt>(&s.node)) {
                for (ir::TermId r : c->results) assigned(r);
                std::set<SymbolId> callee = visible_mods({Kind::Declaration, c->callee, 0});
                found.insert(callee.begin(), callee.end());
            }
        });
        if (u.kind == Kind::Declaration)
            for (const CodeUnit& m : mixins_of(p_, u.action))
                if (m.kind != Kind::Implementation) {
                    std::set<SymbolId> monitor = visible_mods(m);
                    found.insert(monitor.begin(), monitor.end());
                }
        mods_[u] = found;
        return found;
    }

    // The environment calls exports and runs initializers: abstracted ones must not
    // change what the isolate references (for initializers: what its own read).
    std::string external_error() {
        for (ir::ActionId a = 0; a < p_.actions.size(); ++a) {
            if (!p_.actions[a].exported) continue;
            for (const CodeUnit& u : entered_by(a))
                if (std::set<SymbolId> m = visible_mods(u); !m.empty())
                    return report({}, "External call to " + unit_name(p_, u), m);
        }
        std::set<SymbolId> read_by_initializers;
        for (const CodeUnit& u : kept_)
            if (u.kind == Kind::Initializer)
                ir::for_each_stmt(code(u), [&](const ir::Stmt& s) {
                    ir::for_each_term(s, [&](ir::TermId t) { ir::add_symbols(p_.terms, t, read_by_initializers); });
                });
        for (const CodeUnit& u : units_) {
            if (u.kind != Kind::Initializer) continue;
            std::set<SymbolId> m;
            for (SymbolId s : visible_mods(u))
                if (read_by_initializers.count(s)) m.insert(s);
            if (!m.empty()) return report({}, "External call to " + unit_name(p_, u), m);
        }
        return {};
    }

    // The error line, then one `referenced here` line per fact or code unit that
    // mentions one of `mods`.
    std::string report(SourceLocation at, const std::string& what, const std::set<SymbolId>& mods) const {
        std::set<std::string> names;
        for (SymbolId s : mods) names.insert(p_.symbols[s].name);
        std::string list;
        for (const std::string& n : names) list += (list.empty() ? "" : ",") + n;
        std::string out = format(Diagnostic{Severity::Error, at, what + " may have visible effect on " + list}) + "\n";
        for (SourceLocation l : references(mods)) out += location_prefix(l) + "referenced here\n";
        return out;
    }

    std::vector<SourceLocation> references(const std::set<SymbolId>& mods) const {
        auto mentions = [&](ir::TermId t) {
            std::set<SymbolId> used;
            ir::add_symbols(p_.terms, t, used);
            for (SymbolId s : used)
                if (mods.count(s)) return true;
            return false;
        };
        std::map<std::pair<FileId, unsigned>, SourceLocation> lines; // sorted, one per line
        auto add = [&](SourceLocation l) { lines.emplace(std::make_pair(l.file, l.line), l); };
        for (const std::vector<const ir::Fact*>* facts : {&v_.axioms, &v_.invariants})
            for (const ir::Fact* f : *facts)
                if (mentions(f->formula)) add(f->origin.loc);
        for (const IsolateView::Property& prop : v_.properties)
            if (mentions(prop.fact->formula)) add(prop.fact->origin.loc);
        for (const ir::Definition* d : v_.definitions)
            if (!d->native && (mods.count(d->symbol) || mentions(d->body))) add(d->origin.loc);
        for (const CodeUnit& u : kept_) {
            bool uses = false;
            ir::for_each_stmt(code(u), [&](const ir::Stmt& s) {
                ir::for_each_term(s, [&](ir::TermId t) { uses = uses || mentions(t); });
            });
            if (uses) add(unit_location(p_, u));
        }
        std::vector<SourceLocation> out;
        for (const auto& [key, loc] : lines) out.push_back(loc);
        return out;
    }

    const ir::Program& p_;
    const IsolateView& v_;
    const std::vector<CodeUnit> units_ = all_code_units(p_);
    std::set<ir::ActionId> reached_;
    std::vector<CodeUnit> kept_;       // present code reachable in the isolate
    std::set<SymbolId> referenced_;    // symbols the isolate looks at
    std::map<CodeUnit, std::set<SymbolId>> mods_;
};

} // namespace

std::string interference_errors(const ir::Program& p, const IsolateView& v) {
    return Interference(p, v).first_error();
}

} // namespace ivy::verifier

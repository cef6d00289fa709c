#include "verifier/src/coverage.h"

#include "ir/walk.h"
#include "support/diagnostic.h"
#include "verifier/src/code_units.h"

#include <optional>
#include <set>

namespace ivy::verifier {
namespace {

using Kind = CodeUnit::Kind;
using AssertKind = ir::AssertStmt::Kind;

// The first assertion of `code` (a `require` when `requires_only`); assumptions are
// not assertions.
std::optional<SourceLocation> first_assertion(const ir::Block& code, bool requires_only) {
    std::optional<SourceLocation> found;
    ir::for_each_stmt(code, [&](const ir::Stmt& s) {
        const auto* a = std::get_if<ir::AssertStmt>(&s.node);
        if (found || !a || a->kind == AssertKind::Assume) return;
        if (!requires_only || a->kind == AssertKind::Require) found = s.loc;
    });
    return found;
}

// Where `code` calls action `callee` first.
SourceLocation first_call(const ir::Block& code, ir::ActionId callee) {
    std::optional<SourceLocation> found;
    ir::for_each_stmt(code, [&](const ir::Stmt& s) {
        const auto* c = std::get_if<ir::CallStmt>(&s.node);
        if (!found && c && c->callee == callee) found = s.loc;
    });
    return found.value_or(SourceLocation{});
}

// One assertion left unchecked: in `unit`, reached from `caller` (or the environment).
struct Gap {
    std::optional<CodeUnit> caller;
    CodeUnit unit;
    bool requires_only;
};

class Coverage {
public:
    Coverage(const ir::Program& p, const std::map<std::string, IsolateView>& views) : p_(p) {
        for (const auto& [name, view] : views) {
            std::set<std::string> verified;
            for (const CodeUnit& u : units_)
                if (unit_verified(p_, view, u)) verified.insert(unit_name(p_, u));
            checked_.insert(verified.begin(), verified.end());
            for (const CodeUnit& u : units_)
                if (unit_present(p_, view, u)) contexts_[unit_name(p_, u)].insert(verified.begin(), verified.end());
            for (const IsolateView::Property& prop : view.properties)
                if (prop.checked) proved_.insert(prop.fact);
        }
    }

    std::string report() {
        for (const CodeUnit& caller : units_)
            ir::for_each_stmt(unit_code(p_, caller), [&](const ir::Stmt& s) {
                if (const auto* c = std::get_if<ir::CallStmt>(&s.node)) call(caller, c->callee);
            });
        for (ir::ActionId a = 0; a < p_.actions.size(); ++a)
            if (p_.actions[a].exported) environment_call(a);

        // A `require` in a `before` monitor is both a requirement and an assertion
        // the caller answers for: one report is enough.
        std::string out;
        std::set<std::string> seen;
        for (const Gap& g : gaps_)
            if (std::string text = describe(g); seen.insert(text).second) out += text;
        std::set<std::string> reported;
        for (const ir::Fact& f : p_.facts)
            if (f.kind == ir::Fact::Kind::Property && !f.label.empty() && !proved_.count(&f) &&
                reported.insert(f.label).second)
                out += line(f.origin.loc, "property " + f.label + " not checked");
        if (!out.empty()) out += "error: Some assertions are not checked\n";
        return out;
    }

private:
    bool checked(const CodeUnit& u) const { return checked_.count(unit_name(p_, u)) > 0; }
    bool checked_from(const CodeUnit& u, const std::string& verifier) const {
        auto it = contexts_.find(unit_name(p_, u));
        return it != contexts_.end() && it->second.count(verifier) > 0;
    }
    bool asserts(const CodeUnit& u) const { return first_assertion(unit_code(p_, u), false).has_value(); }
    bool has_requires(const CodeUnit& u) const { return first_assertion(unit_code(p_, u), true).has_value(); }

    // `caller` calls `callee`: the callee's assertions must be checked somewhere, its
    // requirements where the caller is verified, and each monitor's assertions where
    // whoever answers for them (the caller for a `before`, the callee's code for an
    // `after`) is verified.
    void call(const CodeUnit& caller, ir::ActionId callee) {
        const CodeUnit decl{Kind::Declaration, callee, 0};
        const std::string caller_name = unit_name(p_, caller);
        if (asserts(decl) && !checked(decl)) gaps_.push_back({caller, decl, false});
        if (has_requires(decl) && !checked_from(decl, caller_name)) gaps_.push_back({caller, decl, true});
        for (const CodeUnit& m : mixins_of(p_, callee)) {
            if (has_requires(m) && !checked_from(m, caller_name)) gaps_.push_back({caller, m, true});
            if (m.kind == Kind::Implementation || !asserts(m)) continue;
            const std::string responsible = m.kind == Kind::Before ? caller_name : body_name(callee);
            if (!checked_from(m, responsible)) gaps_.push_back({caller, m, false});
        }
    }

    // The environment calls exported `a`: its own assertions and those of its
    // implementation and `after` monitors must be checked with `a` verified.
    void environment_call(ir::ActionId a) {
        const CodeUnit decl{Kind::Declaration, a, 0};
        if (asserts(decl) && !checked(decl)) gaps_.push_back({std::nullopt, decl, false});
        for (const CodeUnit& m : mixins_of(p_, a))
            if (m.kind != Kind::Before && asserts(m) && !checked_from(m, p_.actions[a].name))
                gaps_.push_back({std::nullopt, m, false});
    }

    std::string body_name(ir::ActionId a) const {
        const ir::Action& action = p_.actions[a];
        return action.implementation_name.empty() ? action.name : action.implementation_name;
    }

    static std::string line(SourceLocation loc, const std::string& message) {
        return format(Diagnostic{Severity::Error, loc, message}) + "\n";
    }

    std::string describe(const Gap& g) const {
        const ir::Action& action = p_.actions[g.unit.action];
        std::string out =
            line(first_assertion(unit_code(p_, g.unit), g.requires_only).value_or(SourceLocation{}),
                 "assertion is not checked");
        if (g.unit.kind != Kind::Declaration) out += line(action.origin.loc, "...in action " + action.name);
        if (!g.caller) return out + line({}, "...when called from the environment");
        return out + line(first_call(unit_code(p_, *g.caller), g.unit.action),
                          "...when called from " + unit_name(p_, *g.caller));
    }

    const ir::Program& p_;
    const std::vector<CodeUnit> units_ = all_code_units(p_);
    std::set<std::string> checked_;                            // units verified in some isolate
    std::map<std::string, std::set<std::string>> contexts_;    // unit -> units verified where it is present
    std::set<const ir::Fact*> proved_;
    std::vector<Gap> gaps_;
};

} // namespace

std::string coverage_errors(const ir::Program& p, const std::map<std::string, IsolateView>& views) {
    return Coverage(p, views).report();
}

} // namespace ivy::verifier

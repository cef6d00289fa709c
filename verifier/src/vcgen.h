// Verification conditions: what running an action or the initializers means, as
// formulas over versions of the state (docs/verification.md 3).
//
// Statements become plain SSA: every assignment makes a new version of its symbol,
// defined from the previous one and guarded by the path condition
// (`x@2 = ite(g, e, x@1)`), so both branches of an `if` extend one chain of versions
// and no merge is needed. Calls are inlined as the isolate sees the callee: verified
// or present actions with their bodies, opaque ones with only their present
// monitors. Each assertion is checked or assumed by who is responsible for it
// (docs/verification.md 2.4).
#pragma once

#include "verifier/src/isolation.h"
#include "verifier/src/workspace.h"
#include "support/diagnostic.h"

#include <unordered_map>

namespace ivy::verifier {

// The current version of each symbol that has changed; absent ones are unchanged.
using Versions = std::unordered_map<ir::SymbolId, ir::SymbolId>;

// One statement as a counterexample trace shows it.
struct TraceStep {
    SourceLocation loc;
    int depth = 0;          // call nesting
    std::string text;       // the statement, or `call x := a` for a call's opening
    ir::TermId guard = 0;   // true when the step ran
    Versions before, after; // the versions around it
    bool call_open = false, call_close = false;
    std::optional<ir::TermId> failure; // a checked assertion: true when it fails here
};

// A checked assertion that can fail, and under which condition.
struct Failure {
    SourceLocation loc;
    ir::TermId condition; // the path reaches it and the assertion is false
};

struct Transition {
    std::vector<ir::TermId> defs;  // true of every run: version definitions, assumptions
    std::vector<SourceLocation> def_locs; // the statement each comes from
    std::vector<Failure> failures; // guarantee mode: the assertions at the target that can fail
    Versions post;                 // the versions at the end
    std::vector<TraceStep> trace;
};

// An assertion met while running an external action: checked here (a guarantee) or
// assumed (docs/verification.md 6, the assumption and guarantee sections).
struct Site {
    SourceLocation loc;
    ir::ActionId action;   // the action whose body or monitor holds it
    ir::ActionId root;     // the external action it was reached from
    bool checked = false;
};

// What a walk over an external action found: its assertions and who calls whom.
struct Sites {
    std::vector<Site> sites;
    std::map<ir::ActionId, std::set<ir::ActionId>> callers; // callee -> calling actions
};

class VcBuilder {
public:
    VcBuilder(Workspace& ws, const IsolateView& view, const std::map<std::string, IsolateView>& views,
              Diagnostics& diags);

    // Running external action `a`: checked assertions are not assumed (their failure
    // is the business of guarantee checks) unless `target` names a line, in which
    // case that line's assertions become the failures and all others are assumed.
    Transition action(ir::ActionId a, std::optional<SourceLocation> target = std::nullopt);
    // Running the present initializers in order from an arbitrary state.
    Transition initializers(std::optional<SourceLocation> target = std::nullopt);

    // The assertions reachable from external action `a` (or the initializers).
    Sites sites(ir::ActionId a);
    Sites initializer_sites();

    // A formula about the state, over the given versions.
    ir::TermId in_state(ir::TermId formula, const Versions& v);
    // Definitions kept as axioms (those the builder does not unfold).
    std::vector<ir::TermId> definition_axioms();

    // The exports that are verified here (docs/verification.md 2.6, exp(I)).
    const std::set<ir::ActionId>& verified_exports() const { return exp_; }

    // Record the statements run, for counterexample traces.
    void set_trace(bool on) { trace_enabled_ = on; }

private:
    enum class Part { Body, Before, After, Init };
    struct Context {
        ir::ActionId action = 0;  // whose code this is
        Part part = Part::Body;
        bool code_verified = false;    // the code being walked is verified in the isolate
        bool caller_verified = false;  // the code that called `action` is
        bool callee_verified = false;  // `action` itself is
        bool monitor_verified = false; // the monitor being walked is
        bool imported = false;         // `action` is implemented by the environment
        const Versions* old = nullptr; // for `old`
        int depth = 0;
    };
    enum class Verdict { Check, Assume };

    void reset(std::optional<SourceLocation> target);
    Transition finish();
    void block(const ir::Block& b, Context& ctx);
    void stmt(const ir::Stmt& s, Context& ctx);
    void assertion(const ir::AssertStmt& a, SourceLocation loc, Context& ctx);
    Verdict verdict(ir::AssertStmt::Kind kind, const Context& ctx) const;
    void call(ir::ActionId callee, const std::vector<ir::TermId>& args, const std::vector<ir::TermId>& results,
              Context& caller, SourceLocation at, const std::string& text);
    void run_action(ir::ActionId a, bool caller_verified, int depth, SourceLocation at);
    void assign(ir::TermId lhs, ir::TermId value, bool havoc, SourceLocation at);
    void havoc_symbol(ir::SymbolId s);
    void assume(ir::TermId formula);
    void define(ir::TermId formula) {
        defs_.push_back(formula);
        def_locs_.push_back(here_);
    }
    void loop(const ir::WhileStmt& w, SourceLocation loc, Context& ctx);
    void assume_borrowed_after(ir::ActionId callee);
    ir::TermId eval(ir::TermId t, const Versions* old);
    ir::TermId guard_literal(ir::TermId condition);
    void modified(const ir::Block& b, std::set<ir::SymbolId>& out, std::set<ir::ActionId>& seen);
    // `text` replaces the statement's printout (for statements the checker makes up).
    void record(const ir::Stmt& s, const Context& ctx, const Versions& before,
                std::optional<ir::TermId> failure = std::nullopt, const std::string& text = "");
    // Checks an assertion and, when tracing, records it as a step of its own.
    void checked_step(const ir::Stmt& s, Context& ctx, const std::string& text = "");
    // `assert φ` for a loop's `decreases`, where φ may use the checker's own symbols.
    void rank_check(ir::TermId formula, SourceLocation loc, Context& ctx);
    std::string statement_text(const ir::Stmt& s) const;

    Workspace& ws_;
    const ir::Program& p_;
    const IsolateView& view_;
    const std::map<std::string, IsolateView>& views_;
    Diagnostics& diags_;
    std::set<ir::SymbolId> mutable_;
    std::map<ir::SymbolId, const ir::Definition*> unfolded_;
    std::set<ir::ActionId> exp_;
    std::map<ir::ActionId, std::vector<const ir::Fact*>> borrowed_after_; // Layer rule

    // The run being built.
    Versions cur_;
    std::vector<ir::TermId> defs_;
    std::vector<SourceLocation> def_locs_;
    SourceLocation here_; // the statement being translated
    std::vector<Failure> failures_;
    std::vector<TraceStep> trace_;
    ir::TermId guard_ = 0;
    ir::TermId ok_ = 0;
    std::optional<SourceLocation> target_;
    std::vector<ir::ActionId> stack_;
    Sites* sites_ = nullptr; // when collecting sites
    ir::ActionId root_ = 0;
    unsigned counter_ = 0;
    // Symbols that stand for terms: an initializer's object parameters (variables),
    // `some` witnesses while their condition is quantified.
    std::map<ir::SymbolId, ir::TermId> bindings_;
    bool trace_enabled_ = false;
};

} // namespace ivy::verifier

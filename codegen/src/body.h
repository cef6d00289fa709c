// Terms and statements of one function as C++: expressions (with quantifiers as
// loops over finite or bounded domains), assignments to state (containers,
// stripped arguments, every point at once), calls, `if some`, loops and the
// assertions that survive as run-time checks.
#pragma once

#include "codegen/src/gen.h"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ivy::codegen {

class BodyEmitter {
public:
    explicit BodyEmitter(Gen& gen) : g_(gen) {}

    // ---- the function's scope
    void bind_variable(ir::SymbolId s, std::string cpp) { vars_[s] = std::move(cpp); }
    void bind_stripped(ir::SymbolId formal, std::size_t param) { stripped_[formal] = param; }
    // Where the statements sit (which assertions stay) and whether the environment
    // calls this action.
    void set_site(CheckSite site) { site_ = site; }
    // Treats logical variable `v` as the extract parameter `param` (an assignment
    // `f(N) := e` to a stripped `f` updates this process's point only).
    void bind_self_var(ir::VarId v, std::size_t param) { self_vars_[v] = param; }
    // A logical variable with a C++ value (a definition's parameter).
    void bind_logical(ir::VarId v, std::string cpp) { bound_[v] = std::move(cpp); }

    // Declares a snapshot for every `old t` in `blocks`; returns the declarations,
    // to be emitted at the function's entry.
    std::string old_snapshots(const std::vector<const ir::Block*>& blocks, int indent);

    // ---- emission
    std::optional<std::string> expr(ir::TermId t);
    // Emits `b` at `indent` spaces into `out`; false after an error.
    bool block(const ir::Block& b, int indent, std::string& out);
    // Emits an assignment of the C++ expression `value` to the lvalue term `lhs`.
    bool assign_cpp(ir::TermId lhs, const std::string& value, int indent, std::string& out);

    void set_location(SourceLocation loc) { loc_ = loc; }
    // `ivy_assert(formula, "file: line N")` at the current location (free variables
    // universally quantified); a formula that cannot be compiled is skipped with a
    // warning.
    bool check_formula(CheckKind kind, ir::TermId formula, int indent, std::string& out);

private:
    struct Domain {
        std::string lo, hi; // half-open, as long long expressions
        std::string value;  // the variable's value from the counter `__iN`
        std::string counter;
    };

    // ---- expressions
    std::optional<std::string> app(ir::TermId t);
    std::optional<std::string> state_read(ir::SymbolId s, std::span<const ir::TermId> args);
    std::optional<std::vector<std::string>> kept_args(ir::SymbolId s, std::span<const ir::TermId> args,
                                                       const Strip& strip, const std::string& what);
    bool is_self(ir::TermId t, std::size_t param) const;
    std::optional<std::string> definition_call(ir::SymbolId s, std::span<const ir::TermId> args);
    bool definition_compiles(std::size_t index);
    std::optional<std::string> quantifier(ir::TermId t);
    // `forall`/`exists` over the variable terms `vars` as an immediately invoked lambda.
    std::optional<std::string> quantified(const std::vector<ir::TermId>& vars, ir::TermId body, bool exists);
    // The values `target` (a variable, or a local used as a witness) ranges over: all
    // of a finite sort, or the bounds the conjuncts of `body` give it.
    std::optional<Domain> domain(ir::TermId target, ir::SortId sort, ir::TermId body, bool exists,
                                 const std::string& name);
    enum class Bound { Lower, Upper };
    std::optional<std::string> bound_of(ir::TermId conj, ir::TermId target, Bound side);
    bool contains(ir::TermId t, ir::TermId target) const;
    bool mentions(ir::TermId t, ir::VarId v) const;
    std::optional<ir::TermId> find_term(ir::TermId t, const std::function<bool(ir::TermId)>& pred) const;
    bool mentions_symbol(ir::TermId t, ir::SymbolId s) const;
    std::vector<ir::VarId> free_vars(ir::TermId t) const;

    // ---- statements
    bool stmt(const ir::Stmt& s, int indent, std::string& out);
    bool assign(const ir::AssignStmt& a, int indent, std::string& out);
    bool assign_fields(const ir::AssignStmt& a, int indent, std::string& out);
    bool assign_points(ir::SymbolId s, ir::TermId lhs, std::optional<ir::TermId> rhs, const std::string& rhs_cpp,
                       int indent, std::string& out);
    std::optional<std::string> lvalue(ir::TermId t);
    bool call(const ir::CallStmt& c, int indent, std::string& out);
    int open_domain_loops(const std::vector<ir::VarId>& vars, int in, std::string& out);
    bool if_stmt(const ir::IfStmt& s, int indent, std::string& out);
    bool branches(const std::string& cond, const ir::IfStmt& s, int indent, std::string& out);
    bool some_stmt(const ir::IfStmt& s, int indent, std::string& out);
    bool check(const ir::AssertStmt& a, int indent, std::string& out);
    bool writes_erased(ir::TermId lhs) const;

    std::string fresh(const std::string& stem) { return "__" + stem + std::to_string(counter_++); }
    void error(const std::string& message);

    Gen& g_;
    std::map<ir::SymbolId, std::string> vars_;      // formals and locals
    std::map<ir::SymbolId, std::size_t> stripped_;  // stripped formals
    std::map<ir::VarId, std::string> bound_;        // variables bound by loops
    std::map<ir::VarId, std::size_t> self_vars_;
    std::map<ir::TermId, std::string> olds_;
    std::map<ir::SymbolId, std::string> snapshot_;  // state read from a copy (simultaneous assignment)
    CheckSite site_;
    SourceLocation loc_;
    int counter_ = 0;
    bool failed_ = false;
    std::optional<std::string>* capture_ = nullptr; // errors taken as a value (checks)
};

// Spaces.
inline std::string pad(int n) { return std::string(static_cast<size_t>(n), ' '); }

} // namespace ivy::codegen

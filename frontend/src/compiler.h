// Elaboration, phase B: flat declarations (flatten.h) to a Program (ir/program.h).
//
// Internal to the frontend. The work is split by kind over compile_decls.cpp
// (sorts, symbols, facts, isolates), compile_exprs.cpp (name resolution and sort
// inference) and compile_actions.cpp (statements, actions, monitors, initializers).
#pragma once

#include "frontend/src/flatten.h"
#include "ir/program.h"
#include "support/diagnostic.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ivy::frontend {

// Sorts being inferred within one unit (a formula or a statement): union-find over
// slots, some of which are known sorts.
class Unifier {
public:
    using Slot = std::uint32_t;
    Slot fresh();
    Slot known(ir::SortId sort);
    // Makes `a` and `b` the same sort; false when they are two different known sorts.
    bool unify(Slot a, Slot b);
    std::optional<ir::SortId> sort(Slot s);

private:
    Slot find(Slot s);
    std::vector<Slot> parent_;
    std::vector<std::optional<ir::SortId>> sort_;
};

// An expression with its names resolved and its sorts still being inferred.
struct TNode {
    enum class Kind {
        Var, Sym, Numeral, Builtin, True, False, Not, And, Or, Implies, Iff, Eq, Ite, Forall,
        Exists, Old,
    };
    Kind kind = Kind::True;
    Unifier::Slot slot = 0;
    ir::SymbolId symbol = 0; // Sym
    std::string name;        // Var: its name; Numeral: its text; Builtin: `<`, `+`, `-`, `*`, `/`
    std::vector<TNode> kids;
    std::vector<std::pair<std::string, Unifier::Slot>> binders; // Forall, Exists
    SourceLocation loc;
};

// A lowercase name bound in the current scope: an action's formal or local, a `some`
// witness, or (in formulas inside parameterised objects) an object parameter, which
// stands for a universally quantified variable.
struct LocalName {
    std::optional<ir::SymbolId> symbol; // a Formal or Local
    std::string var;                    // otherwise: the variable (`V0`)
    ir::SortId sort = ir::kBoolSort;
};

// An action call met inside an expression, lifted before its statement.
struct HoistedCall {
    ir::ActionId action = 0;
    std::vector<TNode> args;
    ir::SymbolId result = 0; // the Local holding the call's value
    SourceLocation loc;
};

// Everything one unit needs while it is being compiled.
struct Unit {
    Unifier unifier;
    std::vector<std::map<std::string, Unifier::Slot>> bound_vars; // quantifiers, innermost last
    std::map<std::string, Unifier::Slot> free_vars;
    std::vector<HoistedCall> calls;
    bool allow_calls = false; // only in statements
    bool allow_old = false;   // only in actions
    bool failed = false;      // an error was reported; the unit is dropped
    // For a call statement: the outermost chain's action call is captured here
    // (with any number of results) instead of being lifted.
    bool capture_call = false;
    std::optional<HoistedCall> captured;
    // For the left side of an assignment: missing trailing arguments of the
    // outermost symbol become fresh variables.
    bool lhs_fill = false;
    // The variables written in the unit's text, which invented ones must avoid.
    std::set<std::string> written_vars;
};

// A definition's sides as far as they are compiled.
struct DefinedSide {
    const ast::DefnLhs& lhs;
    const ast::Name& sort; // the written sort of a numeral or function (may be empty)
    std::string name;      // the defined name, qualified
    std::vector<TNode> params;
    std::optional<TNode> body; // an expression right side
    bool native = false;       // a native right side
};

// A numeral or string literal (`8`, `"abc"`), as a name.
bool is_literal(const std::string& name);
// Every logical variable written in `e` (free or bound).
void written_variables(const ast::Expr& e, std::set<std::string>& out);
// Every logical variable written in `d`: in its formulas, terms and statements and as
// parameters of what it defines.
std::set<std::string> written_variables(const ast::Decl& d);
// `PREFIX<n>` for the smallest n from `next` on that is not `taken`; `next` moves past it.
std::string fresh_variable(const std::string& prefix, std::size_t& next, const std::set<std::string>& taken);
// The variables free in `n` (those a quantifier inside binds do not count).
void free_variables(const TNode& n, std::set<std::string>& out, std::set<std::string> bound = {});

// The names in scope: innermost frame last.
struct NameScope {
    std::vector<std::map<std::string, LocalName>> frames{1};
    std::vector<std::string> object_params; // the context's object parameter names, in order

    const LocalName* find(const std::string& name) const;
    void bind(const std::string& name, LocalName value) { frames.back()[name] = std::move(value); }
};

// The action (or initializer) whose body is being compiled.
struct BodyContext {
    std::optional<ir::ActionId> action;
    std::vector<ir::SymbolId>* locals = nullptr; // where new Locals are recorded
    std::uint32_t temporaries = 0;               // for `loc:N` result locals
    ir::Origin origin;
};

class Compiler {
public:
    Compiler(FlatProgram flat, Diagnostics& diags);
    ir::Program run();

    // ---- compile_decls.cpp
    void collect_objects();
    void collect_sorts();
    void collect_aliases();
    void collect_symbols();
    void collect_interpretations();
    void collect_definitions_and_facts();
    // `definition f(X,Y) = e`; `relation r(X) = e`; `derived f(X) = e`.
    void define(const FlatDecl& d, const std::optional<ast::Label>& label, const ast::DefnLhs& lhs,
                const ast::Name& sort, const ast::DefnRhs& rhs);
    // The left side's parameters: variables (X) free in `unit`, constants (x, a
    // macro's) bound in `scope`.
    std::vector<TNode> definition_params(const ast::DefnLhs& lhs, NameScope& scope, Unit& unit);
    // The symbol defined: declared already, an operator or numeral of a sort, or (a
    // function whose sort its definition gives) declared here, then `declared_here`.
    std::optional<ir::SymbolId> defined_symbol(const FlatDecl& d, const DefinedSide& side, Unit& unit,
                                               bool& declared_here);
    bool definition_fits(const ir::Symbol& sym, const DefinedSide& side, std::size_t implicit,
                         const std::vector<std::string>& implicit_vars, const NameScope& scope, Unit& unit);
    bool definition_body(ir::Definition& def, const DefinedSide& side, const ast::DefnRhs& rhs,
                         const NameScope& scope, Unit& unit);
    bool defines_its_variables(const TNode& body, const ast::DefnLhs& lhs, const std::vector<std::string>& implicit,
                               const NameScope& scope, const std::string& name);
    void collect_isolates_and_exports();

    std::optional<ir::SortId> resolve_sort(const ast::Name& name);
    ir::SortId sort_or_error(const ast::Name& name, SourceLocation at);
    ir::SymbolId add_symbol(ir::Symbol symbol, bool indexed);
    std::vector<std::string> expand_alias(std::vector<std::string> parts) const;
    // Native text starting at `at`, its back-quoted names resolved.
    ir::NativeCode native_code(const std::string& text, const NameScope* scope, SourceLocation at);
    // One back-quoted name (`type`: written `%`name``, asking for a C++ type) at `at`.
    ir::NativeCode::Piece native_name(const std::string& written, bool type, const NameScope* scope,
                                      SourceLocation at);
    ir::Origin origin(const FlatDecl& d) const;
    // The object parameters of a declaration as the scope of a formula: each one a
    // universally quantified variable `V0`, `V1`, ..., skipping the names the
    // declaration itself writes so that no written variable is captured.
    NameScope formula_scope(const FlatDecl& d);

    // Reports an error. Inside a module instance it is followed by an `instantiated
    // here` error at each instance line around the declaration being compiled,
    // innermost first (docs/verification.md 6).
    void error(SourceLocation at, const std::string& message);

    // While it lives, errors are inside the declaration (or object) being compiled,
    // which was instantiated at `lines` (innermost first), for `error`.
    class Compiling {
    public:
        Compiling(Compiler& c, const std::vector<SourceLocation>& lines) : c_(c), saved_(c.instantiated_at_) {
            c.instantiated_at_ = &lines;
        }
        Compiling(Compiler& c, const FlatDecl& d) : Compiling(c, d.instantiated_at) {}
        ~Compiling() { c_.instantiated_at_ = saved_; }
        Compiling(const Compiling&) = delete;
        Compiling& operator=(const Compiling&) = delete;

    private:
        Compiler& c_;
        const std::vector<SourceLocation>* saved_;
    };

    // ---- compile_exprs.cpp
    // A formula or term of `e`, or nothing after an error. Free variables are allowed
    // (and universally quantified by the caller's convention).
    std::optional<TNode> expr(const ast::Expr& e, const NameScope& scope, Unit& unit,
                              BodyContext* body);
    // Lowers a unit's typed tree to a term; reports variables whose sort stays unknown.
    std::optional<ir::TermId> lower(const TNode& node, Unit& unit);
    bool unify(Unit& unit, Unifier::Slot a, Unifier::Slot b, SourceLocation at, const std::string& what);
    bool expect_sort(Unit& unit, const TNode& node, ir::SortId sort, const std::string& what);
    ir::SymbolId builtin_symbol(const std::string& name, ir::SortId sort);
    ir::SymbolId numeral_symbol(const std::string& text, ir::SortId sort);
    // A declaration's formula (an axiom, property, invariant, definition): bool sort,
    // lowered, no action calls and no `old`.
    std::optional<ir::TermId> formula(const ast::Expr& e, const NameScope& scope);
    std::string sort_name(ir::SortId s) const { return program_.sorts[s].name; }
    std::string describe(const TNode& node) const;

    // ---- compile_actions.cpp
    void collect_action_signatures();
    void compile_action_bodies();

    // ---- shared state
    FlatProgram flat_;
    Diagnostics& diags_;
    ir::Program program_;
    std::map<std::string, std::vector<std::string>> aliases_; // qualified alias -> target parts
    std::map<std::pair<std::string, ir::SortId>, ir::SymbolId> builtins_;
    std::map<std::string, SourceLocation> first_declared_; // for `redefining` messages
    // Symbols with a definition. By id, not name: `<` and numerals are one symbol per sort.
    std::set<ir::SymbolId> defined_symbols_;
    const std::vector<SourceLocation>* instantiated_at_ = nullptr; // see Compiling

private:
    // compile_exprs.cpp helpers
    struct Part {
        std::string name;
        std::vector<const ast::Expr*> args;
        SourceLocation loc;
    };
    std::optional<TNode> chain(const ast::Expr& e, const NameScope& scope, Unit& unit,
                               BodyContext* body);
    // `implicit`: how many leading `args` are object parameters passed implicitly
    // (messages count only the arguments to write).
    std::optional<TNode> apply_symbol(ir::SymbolId sym, std::vector<TNode> args, std::size_t implicit,
                                      Unit& unit, SourceLocation at);
    std::optional<TNode> call_in_expr(ir::ActionId action, std::vector<TNode> args, std::size_t implicit,
                                      Unit& unit, BodyContext* body, SourceLocation at);
    bool call_arguments(const ir::Action& a, const std::vector<TNode>& args, std::size_t implicit, Unit& unit,
                        SourceLocation at);
    std::optional<TNode> member(TNode base, const std::string& field, std::vector<TNode>& rest,
                                bool last, const NameScope& scope, Unit& unit, BodyContext* body,
                                SourceLocation at);
    std::optional<TNode> builtin(const std::string& op, std::vector<TNode> kids, Unit& unit,
                                 SourceLocation at);
};

} // namespace ivy::frontend

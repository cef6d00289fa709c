// Program: a typed, flattened Ivy program. What elaboration produces and what the
// checker (verifier/) and the extractor (codegen/) consume; nothing downstream sees
// the AST.
//
// Everything is plain data indexed by small integer ids. Names are fully qualified
// (`localstate.myhist`, `net.proc.sock`): modules are instantiated, objects flattened,
// aliases expanded, dot sugar resolved, overloads and sorts inferred. Parameters of
// enclosing objects (`object server(self:node)`) have become leading parameters of
// the symbols and actions declared inside, and `object_params` records how many.
// Monitors stay beside the action they monitor, in declaration order (which is also
// their execution order, see Action), because the checker treats their assertions
// differently from the body's. Every declaration,
// formula and statement keeps its source location.
#pragma once

#include "ir/term.h"
#include "support/source_location.h"

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace ivy::ir {

using ActionId = std::uint32_t;

// How a declaration was tagged by the section around it (docs/verification.md 2.2).
enum class Visibility { Public, Spec, Impl, Private };

// Where a declaration comes from: its object (`""` for the top level) and section.
struct Origin {
    std::string object;
    Visibility visibility = Visibility::Public;
    SourceLocation loc;
};

// ------------------------------------------------------------------ sorts

struct Sort {
    enum class Kind { Bool, Uninterpreted, Enum };
    std::string name;
    Kind kind = Kind::Uninterpreted;
    std::vector<SymbolId> values; // Enum: the constants, in order
    std::vector<SymbolId> fields; // destructors declared on this sort (a struct's fields first)
    bool is_struct = false;       // declared `type t = struct {...}`
    bool finite = false;
    Origin origin;
};

// `interpret t -> int` and the like. Which isolates see it depends on its origin.
struct Interpretation {
    enum class Theory { Int, Nat, BitVector, Range, String, Real, Native };
    std::string label; // qualified, usually automatic (`index.impl.interp12`)
    SortId sort = kBoolSort;
    Theory theory = Theory::Int;
    unsigned width = 0;           // BitVector
    std::optional<TermId> lo, hi; // Range
    std::string native;           // Native: the C++ type, back-quoted names resolved
    Origin origin;
};

// ------------------------------------------------------------------ symbols

struct Symbol {
    enum class Kind {
        State,      // relation, function, individual, var: mutable if assigned
        Destructor, // a struct field or `destructor` declaration
        EnumValue,  // a constant of an enumerated sort
        Numeral,    // a numeral or string literal of a sort: `0:idx`, `"abc":s`
        Builtin,    // `<`, `+`, `-`, `*`, `/` at one sort
        Parameter,  // an Ivy `parameter`: an immutable individual, extraction input
        Formal,     // an action's parameter or result
        Local,      // a `var`, `local` or `some` variable of an action
    };
    std::string name;
    Kind kind = Kind::State;
    std::vector<SortId> domain;
    SortId range = kBoolSort;
    std::size_t object_params = 0; // leading domain positions from enclosing objects
    std::optional<ActionId> action; // Formal, Local: the action declaring it
    Origin origin;

    bool is_relation() const { return range == kBoolSort; }
};

// `definition f(X,Y) = e`: for all X, Y, f(X,Y) = e. A macro (`definition g(x:t) = e`)
// has constant parameters and is only unfolded on ground terms.
struct Definition {
    std::string label;
    SymbolId symbol = 0;
    std::vector<TermId> params; // Var terms; for a macro, App terms of Formal-like constants
    TermId body = 0;            // unused when `native` is set
    bool macro = false;
    std::optional<std::string> native; // right side `<<< ... >>>`: meaning for extraction only
    Origin origin;
};

// ------------------------------------------------------------------ facts

// Axioms are assumed; properties are proved in their isolate and assumed elsewhere;
// conjectures (and invariants) form the inductive invariant of their isolate.
struct Fact {
    enum class Kind { Axiom, Property, Conjecture };
    Kind kind = Kind::Conjecture;
    std::string label;      // qualified: `client.hi_max`, `term.spec.prop414`
    bool automatic_label = false;
    bool explicit_ = false; // used only where named
    TermId formula = 0;     // free variables are universally quantified
    Origin origin;
};

// ------------------------------------------------------------------ native code

// C++ text with the Ivy names written in back-quotes resolved to what they name.
struct NativeCode {
    struct Piece {
        enum class Kind { Text, Sort, Symbol, Action, Object, Type }; // Type: `%`-quoted action
        Kind kind = Kind::Text;
        std::string text; // Text: the C++ text; otherwise the qualified Ivy name
    };
    std::vector<Piece> pieces;
};

// A top-level `<<< tag ... >>>` block.
struct NativeBlock {
    std::string tag; // header, impl, member, init, inline, encode
    NativeCode code;
    Origin origin;
};

// ------------------------------------------------------------------ statements

struct Stmt;
using Block = std::vector<Stmt>;

// `lhs := rhs`. The left side is a symbol applied to terms; logical variables among
// them update every matching point at once (`r(X,c) := e(X)`); a destructor at the
// head updates one field of a struct value (`m.f := v`).
struct AssignStmt {
    TermId lhs = 0;
    TermId rhs = 0;
};

// `lhs := *`: an arbitrary new value.
struct HavocStmt {
    TermId lhs = 0;
};

// `var x : t`: the local comes into scope with an arbitrary value.
struct DeclareStmt {
    SymbolId local = 0;
};

// `call r1, r2 := a(e1, e2)`. Results are assignable terms (usually locals).
struct CallStmt {
    ActionId callee = 0;
    std::vector<TermId> args;
    std::vector<TermId> results;
};

struct IfStmt {
    TermId cond = 0;                // with witnesses: the condition they satisfy
    std::vector<SymbolId> witnesses; // `if some x:t. p(x)`: Locals bound in `then_body`
    std::optional<TermId> extremum;  // `minimizing e` / `maximizing e`
    bool maximizing = false;
    Block then_body;
    Block else_body;
};

struct WhileStmt {
    TermId cond = 0;
    std::vector<Fact> invariants; // Kind::Conjecture, labelled and located
    std::optional<TermId> decreases;
    Block body;
};

// require / ensure / assert / assume.
struct AssertStmt {
    enum class Kind { Require, Ensure, Assert, Assume };
    Kind kind = Kind::Assert;
    std::string label; // empty when none was written
    TermId formula = 0;
};

struct NativeStmt {
    NativeCode code;
};

struct Stmt {
    SourceLocation loc;
    std::variant<AssignStmt, HavocStmt, DeclareStmt, CallStmt, IfStmt, WhileStmt, AssertStmt,
                 NativeStmt>
        node;
};

// ------------------------------------------------------------------ actions

// A `before` or `after` monitor (an `around` is one of each), kept apart from the body.
struct Monitor {
    enum class Kind { Before, After };
    Kind kind = Kind::Before;
    std::string name; // the hidden action Ivy names it by, for messages
    Block body;
    Origin origin;
};

struct Action {
    std::string name;
    std::vector<SymbolId> params;  // Formals; an in/out parameter is in both lists
    std::vector<SymbolId> results; // Formals
    std::size_t object_params = 0; // leading params from enclosing objects
    std::vector<SymbolId> locals;  // every Local of the body and monitors

    // The implementation: the declaration's own body, or an `implement`'s.
    enum class BodyKind { None, Block, Native };
    BodyKind body_kind = BodyKind::None;
    Block body;
    NativeCode native_body;
    std::optional<Origin> implementation; // where the body was written, if anywhere
    // The hidden name of the `implement` mixer that gave the body (`gen.next[implement5]`);
    // empty when the declaration itself has the body. Visibility follows this name.
    std::string implementation_name;

    // Monitors in declaration order over the flattened program, which is the order
    // they run in: befores[0], befores[1], ..., the body, afters[0], afters[1], ...
    // (docs/ivy-language.md 3.9). Ivy agrees: its mixin list holds the befores
    // reversed only because it applies each one by prepending it to the action built
    // so far (ivy_isolate.py get_mixin_order, ivy_actions.py apply_mixin).
    std::vector<Monitor> befores;
    std::vector<Monitor> afters;

    bool exported = false;
    bool imported = false;
    Origin origin; // the declaration
};

// An `after init` block, run once for each value of its object parameters.
struct Initializer {
    std::string name; // `client.init[after6]`
    std::size_t object_params = 0;
    std::vector<SymbolId> params; // Formals for the object parameters
    std::vector<SymbolId> locals; // every Local of the body
    Block body;
    Origin origin;
};

// ------------------------------------------------------------------ structure

struct Object {
    std::string name;                 // qualified; "" is the root object `this`
    std::vector<SortId> param_sorts;  // of `object o(p:t)`: its own parameters only
    std::vector<std::string> param_names;
    Origin origin;
};

// An `isolate` or `extract` declaration.
struct Isolate {
    struct Member {
        std::string name;              // object, action, sort, label ...
        std::vector<std::string> args; // `system(n)`: the isolate parameters passed
        SourceLocation loc;
    };
    std::string name;
    bool trusted = false;
    bool extract = false;
    std::vector<Member> verified; // `isolate I = O1, O2` (or the isolate's own object)
    std::vector<Member> with;
    std::vector<std::string> param_names;
    std::vector<SortId> param_sorts;
    Origin origin;
};

struct Attribute {
    std::string name;  // qualified: `node.iter.test`, `iso.complete`
    std::string value;
    Origin origin;
};

// ------------------------------------------------------------------ the program

struct Program {
    TermTable terms;
    std::vector<Sort> sorts; // sorts[kBoolSort] is bool
    std::vector<Symbol> symbols;
    std::vector<Definition> definitions;
    std::vector<Interpretation> interpretations;
    std::vector<Fact> facts; // axioms, properties and conjectures in declaration order
    std::vector<Action> actions;
    std::vector<Initializer> initializers; // declaration order
    std::vector<Object> objects;           // objects[0] is the root
    std::vector<Isolate> isolates;         // declaration order
    std::vector<Attribute> attributes;
    std::vector<NativeBlock> natives;

    // Lookup by qualified name.
    std::map<std::string, SortId> sort_index;
    std::map<std::string, SymbolId> symbol_index; // user symbols (not numerals or builtins)
    std::map<std::string, ActionId> action_index;
    std::map<std::string, std::size_t> object_index;

    std::optional<SortId> find_sort(const std::string& name) const;
    std::optional<SymbolId> find_symbol(const std::string& name) const;
    std::optional<ActionId> find_action(const std::string& name) const;

    // The name a sort, symbol or action prints as.
    const std::string& sort_name(SortId s) const { return sorts[s].name; }
};

} // namespace ivy::ir

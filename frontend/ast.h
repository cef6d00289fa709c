// The abstract syntax of Ivy 1.7: what the parser produces and elaboration consumes.
//
// Plain, copyable data (module instantiation copies and rewrites bodies) with a source
// location on every node. The tree records what was written, not what it means:
// `a.b(x).c` stays a chain of member accesses, names are not resolved, sugar is kept.
// Two spellings of the same construct (`f()` and `f`, `else s` and `else { s }`) give
// the same tree, so printing a tree as Ivy text and parsing it again gives it back.
#pragma once

#include "support/source_location.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace ivy::frontend::ast {

using ivy::SourceLocation;

// A possibly dotted name as written: `node.iter.t`, `bv[16]`, `this`. The components
// are kept apart because module parameters substitute, and prefixes attach, at the
// first one (and a subscript such as `foo[a.b]` may itself contain dots).
struct Name {
    std::vector<std::string> parts;
    SourceLocation loc;

    std::string str() const; // the parts joined by '.'
    bool empty() const { return parts.empty(); }
};

// `[name]` before a formula or statement. Elaboration gives unlabelled formulas Ivy's
// automatic labels (`prop17`, `asrt4`) and marks them so.
struct Label {
    std::string name;
    SourceLocation loc;
    bool automatic = false;
};

// Native C++ text between `<<<` and `>>>` (the quotes themselves excluded).
struct Native {
    std::string text;
    SourceLocation loc;
};

// ------------------------------------------------------------------ expressions

enum class ExprKind {
    App,      // name(args): a symbol, numeral, string or action call; `f()` is `f`
    Var,      // X: a logical variable
    Bool,     // true, false (in `name`)
    Member,   // base.name(args): args[0] is the base, the rest the arguments
    Old,      // old e: args[0] is an App or a Member chain over one
    Not,      // ~e
    Binary,   // args[0] op args[1]
    Ite,      // args[0] if args[1] else args[2]
    Ascribe,  // args[0] : sort
    Quant,    // forall/exists binders. args[0]
    Temporal, // globally/eventually args[0]
    Isa,      // args[0] isa sort
};

enum class BinaryOp {
    Times, Div, Plus, Minus,          // arithmetic
    Neq, Eq, Lt, Le, Gt, Ge, Pto,     // relations
    And, Or, Implies, Iff,            // connectives
};

enum class Quantifier { Forall, Exists };
enum class TemporalOp { Globally, Eventually };

// `X`, `X:t` (a quantified or defined variable), or `x:t` (a macro parameter).
struct Binder {
    std::string name;
    Name sort; // empty when not written
    SourceLocation loc;
};

struct Expr {
    ExprKind kind = ExprKind::App;
    SourceLocation loc;
    std::string name;   // App, Var, Bool, Member: the name
    Name sort;          // Ascribe, Isa
    BinaryOp op = BinaryOp::Eq;
    Quantifier quant = Quantifier::Forall;
    TemporalOp temporal = TemporalOp::Globally;
    std::vector<Expr> args;
    std::vector<Binder> binders; // Quant

    // Set by elaboration on the head App of a name once the object declaring it is
    // known: how many parameters of the enclosing objects the reference passes
    // implicitly (inside `object server(self:node)`, `is_leader` is
    // `server.is_leader(self)`).
    bool bound = false;
    std::uint32_t object_args = 0;
};

// ------------------------------------------------------------------ proofs (rare)

enum class ProofKind {
    Apply, Assume, Instantiate, Showgoals, Defergoal, Spoil, Unfold, Forget, Tactic,
    Property, Let, If, Group,
};

struct DefnLhs;

struct ProofStep {
    ProofKind kind = ProofKind::Group;
    SourceLocation loc;
    std::vector<Name> targets;                                // apply/assume/spoil/unfold/forget, tactic name
    std::vector<std::pair<std::string, std::string>> renaming; // apply foo<X/Y>
    std::vector<Expr> exprs;                                   // with-matches, let, if condition, property
    std::vector<std::optional<Label>> expr_labels;             // tactic ... with invariant [l] e
    std::optional<Label> label;                                // property step
    bool temporal = false;
    std::vector<DefnLhs> named;                                // property ... named f(X) (0 or 1)
    std::vector<ProofStep> steps;                              // group; if-then; property proof
    std::vector<ProofStep> else_steps;                         // if-else
};

// ------------------------------------------------------------------ statements

struct Stmt;
using Block = std::vector<Stmt>;

// `x:t` as an action, object or `local` parameter.
struct Param {
    std::string name;
    Name sort;
    bool receiver = false; // `^x:t` [legacy]
    SourceLocation loc;
};

enum class AssertKind { Require, Ensure, Assert, Assume };

struct AssertStmt {
    AssertKind kind = AssertKind::Assert;
    std::optional<Label> label;
    Expr formula;
    std::vector<ProofStep> proof; // 0 or 1 step
};

// `call a(x)`, `call r1, r2 := a(x)`: callee and results are App/Member chains.
struct CallStmt {
    std::vector<Expr> results;
    Expr callee;
};

struct VarStmt {
    std::string name;
    Name sort; // empty when inferred
    std::optional<Expr> init;
};

// `lhs := rhs`; several targets for the tuple form `(a, b) := f(x)`.
struct AssignStmt {
    std::vector<Expr> targets;
    Expr value;
};

// `lhs := *`
struct HavocStmt {
    Expr target;
};

// An action call used as a statement, without `call`.
struct ExprStmt {
    Expr expr;
};

struct BlockStmt {
    Block body;
};

// The test of `if` and `while`: a formula, `some x:t. p(x)` binding witnesses,
// optionally `minimizing e` / `maximizing e`, or `*` (a nondeterministic choice).
struct Condition {
    enum class Kind { Formula, Some, Star };
    Kind kind = Kind::Formula;
    std::vector<Param> witnesses;  // Some
    bool witnesses_in_parens = false; // `some (x:t) p` rather than `some x:t. p`
    std::optional<Expr> formula;   // Formula, Some
    std::optional<Expr> extremum;  // Some, with minimizing/maximizing
    bool maximizing = false;
};

struct IfStmt {
    Condition cond;
    Block then_body;
    bool has_else = false;
    Block else_body; // `else s` is stored as `else { s }`
};

struct LoopInvariant {
    std::optional<Label> label;
    Expr formula;
};

struct WhileStmt {
    Condition cond;
    std::vector<LoopInvariant> invariants;
    std::optional<Expr> decreases;
    Block body;
};

struct LocalStmt {
    std::vector<Param> params;
    Block body;
};

struct Stmt {
    SourceLocation loc;
    std::variant<AssertStmt, CallStmt, VarStmt, AssignStmt, HavocStmt, ExprStmt, BlockStmt,
                 IfStmt, WhileStmt, LocalStmt>
        node;
};

// The body of an action or monitor.
struct ActionBody {
    enum class Kind { None, Block, Native, Crash }; // Crash: `= *`
    Kind kind = Kind::None;
    Block block;
    Native native;
};

// ------------------------------------------------------------------ declarations

struct Decl;

// `f(X:t, Y)`, `(X < Y)`, `0`: the left side of a definition or symbol declaration.
struct DefnLhs {
    Name name;           // for the infix form, the operator (`<`, `-`)
    bool infix = false;
    std::vector<Binder> args;
    SourceLocation loc;

    // Set by elaboration as on Expr: how many parameters of the enclosing objects the
    // defined name takes implicitly (`definition alive = …` inside `server(self)`
    // defines `server.alive(self)`; `definition server.alive(N) = …` outside takes none).
    bool bound = false;
    std::uint32_t object_args = 0;
};

// The right side of a definition.
struct DefnRhs {
    enum class Kind { Expr, Native, Some };
    Kind kind = Kind::Expr;
    std::optional<Expr> expr;        // Expr; Some: the condition
    Native native;                   // Native
    std::vector<Binder> binders;     // Some
    std::optional<Expr> some_value;  // Some: `in e`
    std::optional<Expr> some_default; // Some: `else d`
};

struct Defn {
    std::optional<Label> label; // automatic `def` label of a `derived` definition
    DefnLhs lhs;
    Name sort; // empty when not written
    DefnRhs rhs;
    SourceLocation loc;
};

// `f(X:t) : u = e` in a relation or function declaration.
struct SymDef {
    std::optional<Label> label; // automatic `def` label when defined
    DefnLhs lhs;
    Name sort;
    std::optional<DefnRhs> rhs;
};

// `name(X:t, Y:u) : sort` or `(X + Y) : sort` in individual/var/destructor/parameter
// declarations and struct fields.
struct TypedTerm {
    Name name;          // for the infix form, the operator
    bool infix = false;
    std::vector<Binder> args;
    Name sort;
    SourceLocation loc;
};

struct IncludeDecl {
    std::string name;
};

struct TypeDecl {
    enum class Kind { Uninterpreted, Enum, Range, Struct };
    Name name; // `this` for `type this`
    bool finite = false;
    bool ghost = false;
    Kind kind = Kind::Uninterpreted;
    std::vector<Name> values;        // Enum; Range: {lo, hi}
    std::vector<TypedTerm> fields;   // Struct
};

struct AliasDecl {
    std::string name;
    Expr target; // a call atom
};

// One side of `interpret`: a sort or symbol name, native text, or an operator.
struct InterpretOperand {
    enum class Kind { Name, Native, Operator };
    Kind kind = Kind::Name;
    Name name;   // Name; Operator: the operator text
    Native native;
};

struct InterpretDecl {
    enum class Kind { Operand, Range, Enum };
    std::optional<Label> label; // automatic `interp` label
    InterpretOperand lhs;
    Kind kind = Kind::Operand;
    InterpretOperand rhs;          // Operand
    std::vector<Expr> range;       // Range: {lo, hi}
    std::vector<Name> values;      // Enum
};

struct SymbolDecl {
    bool relation = true; // `relation` or `function`
    std::vector<SymDef> items;
};

struct StateDecl {
    enum class Kind { Individual, Var, Destructor };
    Kind kind = Kind::Individual;
    std::vector<TypedTerm> items;
};

struct ParameterDecl {
    TypedTerm term;
    std::optional<Name> default_value;
};

struct DerivedDecl {
    std::vector<Defn> defns;
};

struct DefinitionDecl {
    bool explicit_ = false;
    std::optional<Label> label;
    Defn defn;
    bool schema = false; // written `definition { ... }`
    std::vector<ProofStep> proof;
};

// A schema: declarations followed by a conclusion (`theorem`, `axiom {…}`).
struct SchemaItem {
    enum class Kind { Type, Relation, Function, Individual, Property, Axiom, Definition };
    Kind kind = Kind::Property;
    SourceLocation loc;
    Name name;                    // Type
    std::vector<SymDef> symbols;  // Relation, Function
    std::vector<TypedTerm> terms; // Individual
    std::optional<Label> label;   // Property, Axiom
    std::optional<Expr> formula;  // Property, Axiom
    std::vector<Defn> defns;      // Definition (one)
};

struct Schema {
    std::vector<SchemaItem> items;
    SourceLocation loc;
};

// axiom / property / conjecture / invariant.
struct FormulaDecl {
    enum class Kind { Axiom, Property, Conjecture, Invariant };
    Kind kind = Kind::Conjecture;
    bool explicit_ = false;
    bool temporal = false;
    std::optional<Label> label;
    std::optional<Expr> formula;
    std::optional<Schema> schema;   // axiom { ... }
    std::vector<DefnLhs> named;     // property ... named f(X) (0 or 1)
    std::vector<Name> with;         // invariant ... with a, b
    std::vector<ProofStep> proof;
};

struct TheoremDecl {
    std::vector<DefnLhs> name;      // `theorem f = ...` (0 or 1)
    std::optional<Label> label;     // `theorem [l] { ... }`
    std::optional<Schema> schema;
    std::optional<Expr> formula;
    std::vector<ProofStep> proof;
};

struct ModuleDecl {
    enum class Kind { Module, Object, Isolate };
    Kind kind = Kind::Module;
    std::string name;
    std::vector<std::string> params;
    std::vector<Expr> with;
    std::vector<Decl> body;
};

// An argument of a module instantiation: a name (sort, object, action, numeral,
// `this`, `true`), an operator, or a typed parameter `X:t` / `x:t`.
struct ModuleArg {
    Name value;
    Name sort;
    SourceLocation loc;
};

struct ModuleRef {
    Name name;
    std::vector<ModuleArg> args;
    SourceLocation loc;
};

struct Instance {
    std::optional<ModuleRef> name; // absent for an unnamed `instantiate m(..)`
    ModuleRef module;
};

struct InstanceDecl {
    enum class Kind { Instance, Instantiate, Autoinstance };
    Kind kind = Kind::Instance;
    std::vector<Instance> items;
};

struct ObjectDecl {
    std::string name;
    std::vector<Param> params;
    bool continuation = false; // `object o = { ... more }`
    std::vector<Decl> body;
};

// `isolate` and `extract`: a body or a list of members, and a `with` list.
struct IsolateDecl {
    bool extract = false;
    bool trusted = false;
    std::string name;
    std::vector<Param> params;
    bool has_body = false;
    std::vector<Decl> body;
    std::vector<Expr> members; // call atoms
    std::vector<Expr> with;    // call atoms
};

struct SectionDecl {
    enum class Kind { Specification, Implementation, Private };
    Kind kind = Kind::Specification;
    std::vector<Decl> body;
};

struct ActionDecl {
    enum class Dir { None, Export, Import };
    Dir dir = Dir::None;
    bool method = false;
    std::string name;
    std::vector<Param> params;
    std::vector<Param> results;
    ActionBody body;
};

// before / after / after init / around / implement.
struct MonitorDecl {
    enum class Kind { Before, After, AfterInit, Around, Implement };
    Kind kind = Kind::Before;
    Name target; // empty for `after init`
    std::vector<Param> params;
    std::vector<Param> results;
    ActionBody body;  // Around: the part before `...`
    Block after_part; // Around: the part after `...`

    // Ivy numbers every monitor from its global label counter and names the hidden
    // action after it: `next[after2]`, `init[after1]`. An `around` takes two numbers.
    std::uint32_t number = 0;
    std::uint32_t after_number = 0; // Around: the after part's number
    // The hidden action names built from them and the target as written, then
    // qualified like any declared name (set by elaboration).
    std::string hidden_name;
    std::string after_hidden_name; // Around
};

struct ExportDecl {
    bool import = false;
    Expr target; // a call atom
};

struct DelegateDecl {
    std::vector<Expr> actions;
    std::optional<Expr> delegate_to;
};

struct AttributeDecl {
    Expr name;  // a call atom
    Expr value; // a call atom, or an App `true` / `false`
};

struct NativeDecl {
    std::optional<Label> label; // automatic `native` label
    Native native;
};

struct MixinDecl {
    Expr mixin;
    bool before = true;
    Expr target;
};

struct Decl {
    SourceLocation loc;
    std::variant<IncludeDecl, TypeDecl, AliasDecl, InterpretDecl, SymbolDecl, StateDecl,
                 ParameterDecl, DerivedDecl, DefinitionDecl, FormulaDecl, TheoremDecl,
                 ModuleDecl, InstanceDecl, ObjectDecl, IsolateDecl, SectionDecl, ActionDecl,
                 MonitorDecl, ExportDecl, DelegateDecl, AttributeDecl, NativeDecl, MixinDecl>
        node;
};

// One parsed file.
struct File {
    FileId file = kNoFile;
    std::string version; // from the `#lang ivyX.Y` header; empty for a bare `#lang ivy`
    std::vector<Decl> decls;
};

} // namespace ivy::frontend::ast

// Compile mode: which part of a Program becomes C++ (docs/extraction-and-runtime.md
// 1.2, 1.5, 1.11).
//
// Given an isolate or `extract` (or nothing: the whole program), decide
//  * which objects are present: the listed members and everything under them;
//    actions elsewhere are ghost code, and calls to them become no-ops;
//  * what is stripped: `extract x(n:node) = obj(n)` removes the leading `node`
//    argument of every symbol and action under `obj`, which then refer to the one
//    node the process is (a constructor argument);
//  * which actions become methods (reachable from the exported ones, native code
//    and initializers), which are the environment's API (exported, explicitly or
//    implicitly) and which monitors stay;
//  * which assertions become run-time checks, and which state symbols are members:
//    those the kept code reads, and those it writes unless they are specification
//    state (whose updates are then erased, as Ivy erases assignments to
//    unreferenced symbols).
#pragma once

#include "ir/program.h"
#include "support/diagnostic.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ivy::codegen {

// A parameter of the extract: a constructor argument and a member of the class.
struct ExtractParam {
    std::string name;
    ir::SortId sort = ir::kBoolSort;
};

// The extract parameters that a declaration's leading arguments stand for (empty:
// nothing stripped).
struct Strip {
    std::vector<std::size_t> params;
    std::size_t count() const { return params.size(); }
};

// Where an assertion sits, which decides whether it survives compilation.
enum class CodePlace { Body, Before, After, Init };
enum class CheckKind { Assert, Assume };

struct CheckSite {
    CodePlace place = CodePlace::Body;
    bool api = false;      // in an action the environment calls
    bool imported = false; // in a monitor of an action the environment implements
};

struct ActionPlan {
    bool present = false;  // declared in a present object
    bool compiled = false; // becomes a method
    bool api = false;      // callable by the environment (exported, or implicitly)
    bool implicit = false; // implicitly exported: called from code outside the extract
    bool native_ref = false; // named in kept native code
    bool callback = false;   // target=test: a callback of native code, driven by the tester
    Strip strip;
    std::vector<bool> befores_kept, afters_kept;
};

struct Slice {
    explicit Slice(const ir::Program& program) : p(program) {}

    const ir::Program& p;
    const ir::Isolate* isolate = nullptr; // null: the whole program
    bool test = false;                    // target=test: specifications are checked too
    std::vector<ExtractParam> params;

    std::vector<ActionPlan> actions;
    std::vector<Strip> symbol_strip;
    std::vector<bool> member;      // state symbols held by the class, parameters it takes
    std::vector<bool> ghost_state; // state of objects outside the extract
    std::vector<bool> init_kept;
    std::vector<Strip> init_strip;
    std::vector<bool> native_kept;
    std::vector<Strip> native_strip;
    std::map<ir::SymbolId, std::size_t> definition_of; // defined symbol -> definitions index
    std::vector<std::size_t> invariants;                // target=test: facts checked after each call
    std::vector<std::size_t> axioms;                    // target=test: facts the initial state must meet
    std::vector<ir::SymbolId> constants;                // target=test: state no code assigns (generated)

    bool whole() const { return isolate == nullptr; }
    bool present(const std::string& name) const;
    // The strip of a declaration named `name` whose leading argument sorts are `sorts`.
    Strip strip_for(const std::string& name, const std::vector<ir::SortId>& sorts) const;
    // The object parameters (names, outermost first) in scope in object `object`.
    std::vector<std::string> object_param_names(const std::string& object) const;
    std::vector<ir::SortId> object_param_sorts(const std::string& object) const;

    // Whether an assertion of kind `k` at `site` becomes a run-time check, and of
    // which kind (docs/extraction-and-runtime.md 1.11). Outside tests, only what the
    // proofs assume of the environment and what implementation code asserts; in
    // tests, every specification (guarantees checked, assumptions used to reject
    // generated inputs).
    std::optional<CheckKind> compiled_check(ir::AssertStmt::Kind k, const CheckSite& site) const;
    // An assertion that reads state outside the extract is about ghost code, and one
    // that reads abstract state (a relation or function that no code assigns and
    // nothing defines, constrained only by properties) has nothing to check against
    // at run time: both are dropped.
    bool reads_ghost_state(ir::TermId t) const;
    std::vector<bool> abstract_state;
};

// Builds the slice for `isolate` ("" for the whole program). Errors: an unknown
// isolate, an extract argument that is not a parameter, an action without an
// implementation that the extracted code needs.
std::optional<Slice> make_slice(const ir::Program& program, const std::string& isolate, bool test,
                                Diagnostics& diags);

// Is `s` specification state (declared in a `specification` section or an object
// named `spec`)?
bool is_spec_symbol(const ir::Symbol& s);

} // namespace ivy::codegen

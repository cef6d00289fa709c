// Counterexamples: what a failed check's model means, in Ivy's style
// (docs/verification.md 5.1).
//
// The model is first shrunk (each uninterpreted sort given the fewest elements that
// still fail), its elements numbered 0, 1, ... per sort, then shown as the state
// before, the action with its arguments, every statement on the path the model
// takes with what it changed, and the state after.
#pragma once

#include "verifier/src/vcgen.h"
#include "verifier/src/z3_encoder.h"

#include <string>

namespace ivy::verifier {

struct CtiRequest {
    std::string title;                       // what failed, for the first line
    std::string call;                        // "call client.step", or "" for initialization
    std::vector<ir::SymbolId> root_params;   // the external action's parameters, shown first
    const Transition* transition = nullptr;  // its statements and versions
    std::vector<ir::SymbolId> state;         // the state symbols to show, before and after
    std::vector<std::pair<std::string, ir::TermId>> witnesses; // `_X` for a broken formula's X
    bool shrink = true;
    double timeout_s = 0;                    // the solver's timeout per query (0 = none), restored after shrinking
};

// Explains the model of `solver`, which has just answered sat (shrinking it first).
std::string explain(z3::solver& solver, Encoder& encoder, const Workspace& ws, const CtiRequest& request);
// Explains one model as it is.
std::string describe(const z3::model& m, Encoder& encoder, const Workspace& ws, const CtiRequest& request);

} // namespace ivy::verifier

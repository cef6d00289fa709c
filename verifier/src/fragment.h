// Decidability: every verification condition must be in the fragment Z3 decides
// (docs/verification.md 4): after skolemisation, no term built from a universally
// quantified variable may flow back into a position that variable is instantiated
// at, and interpreted symbols may only meet universal variables in arithmetic
// comparisons.
//
// Definitions of the form `forall X. f(X) = e` (the program's definitions and the
// verification conditions' state versions) are unfolded first, so the analysis sees
// the formulas the solver really instantiates.
#pragma once

#include "verifier/src/workspace.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ivy::verifier {

struct LocatedFormula {
    ir::TermId formula;
    SourceLocation loc;
};

struct FragmentInput {
    std::vector<LocatedFormula> asserted; // every formula given to the solver, goals already negated
    // Whether a sort has integer arithmetic here (int, nat, range); such sorts'
    // universal variables may appear in arithmetic comparisons.
    std::function<bool(ir::SortId)> arithmetic;
    // Whether a sort is finite or interpreted by a decidable theory (bit-vectors,
    // enumerations, bool, strings): its variables never cause trouble.
    std::function<bool(ir::SortId)> harmless;
};

// Ivy's message when the formulas leave the fragment, nothing when they are in it.
std::optional<std::string> check_fragment(Workspace& ws, const FragmentInput& input);

} // namespace ivy::verifier

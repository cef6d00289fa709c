// Checking a Program: `ivy check` (docs/verification.md).
//
// Every isolate (or one) is sliced, its verification conditions are generated, each
// is checked to be in the decidable fragment and then discharged with Z3, in
// parallel, and the results are printed in Ivy's format.
#pragma once

#include "ir/program.h"
#include "support/diagnostic.h"

#include <ostream>
#include <string>

namespace ivy::verifier {

struct CheckOptions {
    std::string isolate;      // check only this one ("" = all, after the coverage check)
    unsigned jobs = 0;        // solver threads; 0 = one per core
    double timeout_s = 0;     // per verification condition; 0 = none
    bool trace = false;       // print the first failure's counterexample trace, exit 0 (Ivy's trace=true)
    bool diagnose = false;    // print a counterexample for every failure
    bool shrink = true;       // shrink counterexamples to the fewest elements per sort
    bool complete_fo = false; // skip the fragment check (complete=fo)
    bool coverage = true;
    bool interference = true;
    bool macro_finder = true;
    unsigned seed = 0;
    bool show_vcs = false;    // print each query before solving it
    bool times = false;       // print each condition's solver time after its verdict
};

struct CheckSummary {
    int failed = 0;       // checks that did not pass
    bool aborted = false; // the run stopped at an error (fragment, coverage, bad isolate)
    std::size_t queries = 0;   // conditions solved
    double solver_seconds = 0; // time inside Z3's check, summed over threads
};

// Checks `p`, writing Ivy's report to `out` and a live progress line to `progress`
// when it is not null (a terminal). Errors that stop the run go to `diags`.
CheckSummary check(const ir::Program& p, const CheckOptions& options, std::ostream& out, std::ostream* progress,
                   Diagnostics& diags);

} // namespace ivy::verifier

// Discharging verification conditions with Z3, on several threads.
//
// A job is one Z3 context: a background asserted once, then goals each checked
// between push and pop, as Ivy does with its incremental solver. Jobs are
// independent, so they run in parallel; the workspace they read is frozen by then.
#pragma once

#include "verifier/src/z3_encoder.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ivy::verifier {

// Skipped: not solved, because the run stopped at an earlier failure.
enum class Outcome { Pass, Fail, Unknown, Skipped };

struct Goal {
    std::optional<ir::TermId> negated; // sat means the check fails; none: nothing to check
    std::vector<ir::TermId> add_after; // asserted for the following goals (properties)
    bool wants_counterexample = false;
    Outcome outcome = Outcome::Skipped;
    std::string counterexample;
    double seconds = 0; // in Z3's check, the retry included
};

struct Job {
    const IsolateView* view = nullptr;
    std::vector<ir::TermId> background;
    std::vector<Goal> goals;
    // Writes the counterexample of a failed goal; the solver has just answered sat.
    std::function<std::string(z3::solver&, Encoder&, size_t goal)> explain;
};

struct SolveOptions {
    unsigned threads = 1;
    double timeout_s = 0;
    unsigned seed = 0;
    bool macro_finder = true;
    std::ostream* show_vcs = nullptr; // print each query (SMT-LIB) before solving it
    bool stop_at_failure = false;     // start no job after a goal fails (trace=true)
};

// Solves jobs on `threads` threads, each with its own Z3 context, kept from one
// batch of jobs (one isolate) to the next.
class SolverPool {
public:
    explicit SolverPool(const SolveOptions& options);
    ~SolverPool();
    SolverPool(const SolverPool&) = delete;
    SolverPool& operator=(const SolverPool&) = delete;

    // Solves every job, starting them in `order` (indices into `jobs`); `done(n)`
    // is called after each goal with the count so far. With stop_at_failure,
    // once a goal fails the jobs not yet started and the rest of the failing
    // job stay Skipped; every job before it in `order` is solved in full.
    void solve(const Workspace& ws, std::vector<Job>& jobs, const std::vector<size_t>& order,
               const std::function<void(size_t)>& done);

    struct Context;

private:
    SolveOptions options_;
    std::vector<std::unique_ptr<Context>> contexts_;
};

} // namespace ivy::verifier

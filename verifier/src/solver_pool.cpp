#include "verifier/src/solver_pool.h"

#include <atomic>
#include <mutex>
#include <thread>

namespace ivy::verifier {
namespace {

void solve_job_or_throw(const Workspace& ws, Job& job, const SolveOptions& options, std::mutex& io,
                        const std::function<void()>& goal_done) {
    z3::context ctx;
    z3::solver solver(ctx);
    z3::params params(ctx);
    params.set("smt.macro_finder", options.macro_finder);
    params.set("random_seed", options.seed);
    if (options.timeout_s > 0)
        params.set("timeout", static_cast<unsigned>(options.timeout_s * 1000));
    solver.set(params);

    Encoder encoder(ctx, ws, *job.view);
    auto assert_all = [&](const std::vector<ir::TermId>& formulas) {
        for (ir::TermId f : formulas) solver.add(encoder.encode(f));
        for (const z3::expr& side : encoder.take_side_conditions()) solver.add(side);
    };
    assert_all(job.background);

    for (size_t i = 0; i < job.goals.size(); ++i) {
        Goal& g = job.goals[i];
        if (g.negated) {
            solver.push();
            assert_all({*g.negated});
            if (options.show_vcs) {
                std::lock_guard lock(io);
                *options.show_vcs << "\n; query\n" << solver.to_smt2() << "\n";
            }
            z3::check_result r = solver.check();
            g.outcome = r == z3::unsat ? Outcome::Pass : r == z3::sat ? Outcome::Fail : Outcome::Unknown;
            if (r == z3::sat && g.wants_counterexample && job.explain) g.counterexample = job.explain(solver, encoder, i);
            solver.pop();
            goal_done();
        }
        assert_all(g.add_after);
    }
}

// Z3 reports internal trouble by exceptions: the job's remaining goals count as
// unknown, with the solver's message, and the other jobs go on.
void solve_job(const Workspace& ws, Job& job, const SolveOptions& options, std::mutex& io,
               const std::function<void()>& goal_done) {
    try {
        solve_job_or_throw(ws, job, options, io, goal_done);
    } catch (const z3::exception& e) {
        for (Goal& g : job.goals)
            if (g.negated && g.outcome == Outcome::Pass && g.counterexample.empty()) {
                g.outcome = Outcome::Unknown;
                g.counterexample = std::string("the solver failed: ") + e.msg() + "\n";
            }
    }
}

} // namespace

void solve_all(const Workspace& ws, std::vector<Job>& jobs, const SolveOptions& options,
               const std::function<void(size_t)>& done) {
    std::atomic<size_t> next{0}, finished{0};
    std::mutex io;
    auto goal_done = [&] {
        size_t n = ++finished;
        std::lock_guard lock(io);
        done(n);
    };
    auto worker = [&] {
        for (size_t i = next++; i < jobs.size(); i = next++) solve_job(ws, jobs[i], options, io, goal_done);
    };
    unsigned threads = std::max(1u, std::min<unsigned>(options.threads, static_cast<unsigned>(jobs.size())));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (std::thread& t : pool) t.join();
}

} // namespace ivy::verifier

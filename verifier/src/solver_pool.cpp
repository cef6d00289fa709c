#include "verifier/src/solver_pool.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>

namespace ivy::verifier {

// One Z3 context per thread, reused by all its jobs: creating and destroying a
// context costs more than solving most of Ivy's queries.
struct SolverPool::Context {
    z3::context ctx;
    std::optional<z3::solver> solver; // each job runs in a push/pop scope of its own
    std::optional<Encoder> encoder;
    const Workspace* ws = nullptr;
    const IsolateView* view = nullptr;

    Encoder& encoder_for(const Workspace& w, const IsolateView& v) {
        if (!encoder || ws != &w || view != &v) {
            encoder.emplace(ctx, w, v);
            ws = &w;
            view = &v;
        }
        encoder->reset();
        return *encoder;
    }

    z3::solver& solver_with(const SolveOptions& options) {
        if (!solver) {
            solver.emplace(ctx);
            z3::params params(ctx);
            params.set("smt.macro_finder", options.macro_finder);
            params.set("random_seed", options.seed);
            if (options.timeout_s > 0) params.set("timeout", static_cast<unsigned>(options.timeout_s * 1000));
            solver->set(params);
        }
        return *solver;
    }
};

namespace {

using Context = SolverPool::Context;

// An inconclusive answer from the incremental solver is often luck: Z3's search
// depends on its seed and on what earlier goals left in the solver. So a goal
// that times out is tried once more in a fresh solver with another seed and
// twice the time before it is reported unknown.
z3::check_result retry_fresh(Context& thread, const SolveOptions& options, const z3::expr_vector& asserted,
                             std::optional<z3::solver>& fresh) {
    fresh.emplace(thread.ctx);
    z3::params params(thread.ctx);
    params.set("smt.macro_finder", options.macro_finder);
    params.set("random_seed", options.seed + 1);
    params.set("timeout", static_cast<unsigned>(options.timeout_s * 2000));
    fresh->set(params);
    for (const z3::expr& e : asserted) fresh->add(e);
    return fresh->check();
}

void solve_job_or_throw(const Workspace& ws, Job& job, Context& thread, const SolveOptions& options,
                        std::mutex& io, const std::function<void()>& goal_done) {
    z3::solver& solver = thread.solver_with(options);
    solver.push();
    Encoder& encoder = thread.encoder_for(ws, *job.view);
    z3::expr_vector asserted(thread.ctx); // what the job has asserted so far, for a retry
    auto assert_all = [&](const std::vector<ir::TermId>& formulas) {
        auto add = [&](const z3::expr& e) {
            solver.add(e);
            asserted.push_back(e);
        };
        for (ir::TermId f : formulas) add(encoder.encode(f));
        for (const z3::expr& side : encoder.take_side_conditions()) add(side);
    };
    assert_all(job.background);

    for (size_t i = 0; i < job.goals.size(); ++i) {
        Goal& g = job.goals[i];
        if (g.negated) {
            const unsigned kept = asserted.size();
            solver.push();
            assert_all({*g.negated});
            if (options.show_vcs) {
                std::lock_guard lock(io);
                *options.show_vcs << "\n; query\n" << solver.to_smt2() << "\n";
            }
            const auto start = std::chrono::steady_clock::now();
            z3::check_result r = solver.check();
            std::optional<z3::solver> fresh;
            if (r == z3::unknown && options.timeout_s > 0) r = retry_fresh(thread, options, asserted, fresh);
            job.solver_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            g.outcome = r == z3::unsat ? Outcome::Pass : r == z3::sat ? Outcome::Fail : Outcome::Unknown;
            if (r == z3::sat && g.wants_counterexample && job.explain)
                g.counterexample = job.explain(fresh ? *fresh : solver, encoder, i);
            solver.pop();
            asserted.resize(kept);
            goal_done();
        }
        assert_all(g.add_after);
    }
    solver.pop();
}

// Z3 reports internal trouble by exceptions: the job's remaining goals count as
// unknown, with the solver's message, and the other jobs go on.
void solve_job(const Workspace& ws, Job& job, Context& thread, const SolveOptions& options, std::mutex& io,
               const std::function<void()>& goal_done) {
    try {
        solve_job_or_throw(ws, job, thread, options, io, goal_done);
    } catch (const z3::exception& e) {
        thread.solver.reset(); // its scopes are unbalanced now
        for (Goal& g : job.goals)
            if (g.negated && g.outcome == Outcome::Pass && g.counterexample.empty()) {
                g.outcome = Outcome::Unknown;
                g.counterexample = std::string("the solver failed: ") + e.msg() + "\n";
            }
    }
}

} // namespace

SolverPool::SolverPool(const SolveOptions& options) : options_(options) {
    for (unsigned t = 0; t < std::max(1u, options.threads); ++t) contexts_.push_back(std::make_unique<Context>());
}

SolverPool::~SolverPool() = default;

void SolverPool::solve(const Workspace& ws, std::vector<Job>& jobs, const std::function<void(size_t)>& done) {
    std::atomic<size_t> next{0}, finished{0};
    std::mutex io;
    auto goal_done = [&] {
        size_t n = ++finished;
        std::lock_guard lock(io);
        done(n);
    };
    auto worker = [&](Context& context) {
        for (size_t i = next++; i < jobs.size(); i = next++) solve_job(ws, jobs[i], context, options_, io, goal_done);
    };
    const size_t threads = std::max<size_t>(1, std::min(contexts_.size(), jobs.size()));
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker, std::ref(*contexts_[t]));
    worker(*contexts_[0]);
    for (std::thread& t : pool) t.join();
}

} // namespace ivy::verifier

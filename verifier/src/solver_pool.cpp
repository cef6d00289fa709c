#include "verifier/src/solver_pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>

namespace ivy::verifier {
namespace {

// A solver for `ctx` with the run's options, a seed and a time limit (0: none).
z3::solver make_solver(z3::context& ctx, const SolveOptions& options, unsigned seed, double timeout_s) {
    z3::solver solver(ctx);
    z3::params params(ctx);
    params.set("smt.macro_finder", options.macro_finder);
    params.set("random_seed", seed);
    if (timeout_s > 0) params.set("timeout", static_cast<unsigned>(timeout_s * 1000));
    solver.set(params);
    return solver;
}

} // namespace

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

    // The incremental solver; each check sets its own time limit.
    z3::solver& solver_with(const SolveOptions& options) {
        if (!solver) solver.emplace(make_solver(ctx, options, options.seed, 0));
        return *solver;
    }
};

namespace {

using Context = SolverPool::Context;

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// a := min(a, v), atomically.
void lower_to(std::atomic<size_t>& a, size_t v) {
    size_t current = a;
    while (v < current && !a.compare_exchange_weak(current, v)) {
    }
}

bool timed_out(const z3::solver& solver) {
    const std::string why = solver.reason_unknown();
    return why.find("timeout") != std::string::npos || why.find("canceled") != std::string::npos;
}

// Z3's time on one of these queries depends heavily on its random seed and on
// what earlier goals left in the incremental solver: a condition that takes a
// minute in one run often takes a second with another seed. So a goal gets a
// short first attempt in the job's incremental solver (enough for most), then
// fresh solvers with new seeds and doubling time limits, until the condition's
// timeout is spent: restarts cut the heavy tail, and a goal that needs time
// still gets it.
constexpr double kFirstAttemptSeconds = 2;
constexpr double kFirstRestartSeconds = 4;

z3::check_result solve_with_restarts(Context& thread, z3::solver& solver, const SolveOptions& options,
                                     const z3::expr_vector& asserted, std::optional<z3::solver>& fresh) {
    if (options.timeout_s <= 0) return solver.check();
    const auto start = std::chrono::steady_clock::now();
    double limit = std::min(kFirstAttemptSeconds, options.timeout_s);
    solver.set("timeout", static_cast<unsigned>(limit * 1000));
    z3::check_result r = solver.check();
    for (unsigned seed = options.seed + 1; r == z3::unknown && timed_out(fresh ? *fresh : solver); ++seed) {
        const double left = options.timeout_s - seconds_since(start);
        if (left <= 0.05) break;
        limit = std::min(fresh ? 2 * limit : kFirstRestartSeconds, left);
        fresh.emplace(make_solver(thread.ctx, options, seed, limit));
        for (const z3::expr& e : asserted) fresh->add(e);
        r = fresh->check();
    }
    return r;
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
            std::optional<z3::solver> fresh; // the last restart's solver, which holds the model
            z3::check_result r = solve_with_restarts(thread, solver, options, asserted, fresh);
            g.seconds = seconds_since(start);
            g.outcome = r == z3::unsat ? Outcome::Pass : r == z3::sat ? Outcome::Fail : Outcome::Unknown;
            if (r == z3::sat && g.wants_counterexample && job.explain)
                g.counterexample = job.explain(fresh ? *fresh : solver, encoder, i);
            solver.pop();
            asserted.resize(kept);
            goal_done();
            if (g.outcome != Outcome::Pass && options.stop_at_failure) break; // the rest stay Skipped
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
            if (g.negated && g.outcome == Outcome::Skipped) {
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

void SolverPool::solve(const Workspace& ws, std::vector<Job>& jobs, const std::vector<size_t>& order,
                       const std::function<void(size_t)>& done) {
    std::atomic<size_t> next{0}, finished{0};
    // The first position in `order` whose job failed (stop_at_failure): the
    // jobs after it are not started, those before it all run in full.
    std::atomic<size_t> first_failure{order.size()};
    std::mutex io;
    auto goal_done = [&] {
        size_t n = ++finished;
        std::lock_guard lock(io);
        done(n);
    };
    auto failed = [](const Job& job) {
        return std::any_of(job.goals.begin(), job.goals.end(),
                           [](const Goal& g) { return g.negated && g.outcome != Outcome::Pass; });
    };
    auto worker = [&](Context& context) {
        for (size_t i = next++; i < order.size() && i < first_failure; i = next++) {
            Job& job = jobs[order[i]];
            solve_job(ws, job, context, options_, io, goal_done);
            if (options_.stop_at_failure && failed(job)) lower_to(first_failure, i);
        }
    };
    const size_t threads = std::max<size_t>(1, std::min(contexts_.size(), jobs.size()));
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker, std::ref(*contexts_[t]));
    worker(*contexts_[0]);
    for (std::thread& t : pool) t.join();
}

} // namespace ivy::verifier

// The randomised tester of programs extracted with `ivy to_cpp target=test`.
//
// Each step calls one action the environment may call (an exported action, or a
// callback of the runtime such as a message receipt or a tick) with random
// arguments. The generated class checks every specification: a violated
// assumption of the environment (a precondition of the action called, a promise
// of an imported action) throws Rejected, and the step is retried with other
// arguments from a snapshot of the state taken before it; a violated guarantee
// (an assertion, a postcondition, an invariant) throws CheckFailed, and the test
// ends printing the trace of calls that led there and `assertion_failed(...)`.
// Output follows Ivy's tester: `> call(args)`, `= result`, `< import(args)`,
// ending in `test_completed`.
#pragma once

#include "runtime/extracted/repl.h"
#include "runtime/extracted/support.h"

#include <functional>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace ivy::extracted {

struct Rejected {};

struct CheckFailed {
    std::string where;
};

class Random {
public:
    explicit Random(std::uint64_t seed) : rng_(seed) {}

    // Uniform in [0, n); 0 when n <= 0.
    long long below(long long n) {
        if (n <= 0) return 0;
        return std::uniform_int_distribution<long long>(0, n - 1)(rng_);
    }
    // Uniform in [lo, hi].
    long long between(long long lo, long long hi) { return lo + below(hi - lo + 1); }
    bool coin() { return below(2) == 1; }

    // How many values of an unbounded sort a test draws from: few, so that values
    // repeat and the program's relations fill up.
    long long domain = 4;

private:
    std::mt19937_64 rng_;
};

struct TestOptions {
    long iters = 100;
    long runs = 1;
    std::uint64_t seed = 1;
    long attempts = 100; // tries per step before giving up on that action
};

// `iters=N runs=N seed=N domain=N attempts=N` (the defaults come from to_cpp's
// test_iters/test_runs); false with a message on a bad value.
inline bool apply_test_options(CommandLine& cl, TestOptions& o, Random& r, std::string& error) {
    auto number = [&](const char* name, long long min, auto& out) {
        auto it = cl.options.find(name);
        if (it == cl.options.end()) return true;
        char* end = nullptr;
        long long v = std::strtoll(it->second.c_str(), &end, 10);
        if (it->second.empty() || *end != '\0' || v < min) {
            error = std::string("bad value for ") + name + ": " + it->second;
            return false;
        }
        out = static_cast<std::remove_reference_t<decltype(out)>>(v);
        cl.options.erase(it);
        return true;
    };
    return number("iters", 0, o.iters) && number("runs", 1, o.runs) && number("seed", 0, o.seed) &&
           number("domain", 1, r.domain) && number("attempts", 1, o.attempts);
}

// One step of a test: generates arguments, prints the call to `out`, calls.
using TestStep = std::function<void(Random&, std::ostream& out)>;

// Runs `iters` steps on `object` (which must have save/load and the hooks the
// generated test class has); returns false after a failed check (reported on
// `out`). Steps whose every attempt is rejected are skipped.
template <class Object>
bool run_steps(Object& object, const std::vector<std::pair<std::string, TestStep>>& steps, Random& rng,
               const TestOptions& options, std::ostream& out) {
    if (steps.empty()) return true;
    for (long i = 0; i < options.iters; ++i) {
        const TestStep& step = steps[static_cast<size_t>(rng.below(static_cast<long long>(steps.size())))].second;
        for (long attempt = 0; attempt < options.attempts; ++attempt) {
            std::string before = object.save();
            std::ostringstream trace;
            object.__out = &trace;
            try {
                step(rng, trace);
                object.__check_invariants();
                out << trace.str();
                break;
            } catch (const Rejected&) {
                object.load(before); // the environment may not do that: try other inputs
            } catch (const CheckFailed& f) {
                out << trace.str() << "assertion_failed(\"" << f.where << "\")" << std::endl;
                return false;
            }
        }
    }
    return true;
}

} // namespace ivy::extracted

// Small helpers shared by the benchmarks.
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>

namespace ivy::bench {

// The fastest of `runs` timings of `work`, in seconds.
inline double best_seconds(int runs, const std::function<void()>& work) {
    double best = 1e9;
    for (int i = 0; i < runs; ++i) {
        auto start = std::chrono::steady_clock::now();
        work();
        std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
        best = std::min(best, elapsed.count());
    }
    return best;
}

} // namespace ivy::bench

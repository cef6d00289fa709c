// Extraction benchmarks, each against a baseline measured in the same run.
//
//  1. `to_cpp` time on the largest spec in the repository (the Raft-style spec,
//     extract `test`): elaboration + extraction, against elaboration alone.
//  2. The cost of one call of a generated exported action (bench/specs/call_bench.ivy,
//     extracted at build time), against a hand-written class doing the same work:
//     a counter per slot in a fixed table, and per key in a hash map.
#include "bench/bench_util.h"
#include "bench/codegen_bench_baseline.h"
#include "call_bench.h"
#include "codegen/to_cpp.h"
#include "frontend/elaborate.h"

#include <algorithm>
#include <cstdio>
#include <functional>

namespace {

using ivy::bench::HandWritten;

// Keeps the compiler from seeing through the object (calls stay virtual).
template <class T> T* opaque(T* p) {
    asm volatile("" : "+r"(p));
    return p;
}

double ns_per_call(long calls, const std::function<long(long)>& run) {
    long sink = 0;
    double s = ivy::bench::best_seconds(5, [&] { sink += run(calls); });
    if (sink == 42) std::printf(" ");
    return s * 1e9 / static_cast<double>(calls);
}

// `to_cpp` of the Raft-style spec's isolate `test` as a REPL program; false if it
// failed. Counts the lines it wrote.
bool extract(const ivy::ir::Program& program, const std::string& spec, size_t& header_lines, size_t& source_lines) {
    ivy::codegen::ToCppOptions options;
    options.isolate = "test";
    options.target = ivy::codegen::Target::Repl;
    options.source_path = spec;
    ivy::Diagnostics diags;
    auto files = ivy::codegen::to_cpp(program, options, diags);
    if (!files) return false;
    header_lines = static_cast<size_t>(std::count(files->header.begin(), files->header.end(), '\n'));
    source_lines = static_cast<size_t>(std::count(files->source.begin(), files->source.end(), '\n'));
    return true;
}

// 1. to_cpp on the largest spec: elaboration + extraction against elaboration
// alone, and extraction alone from one elaborated program.
bool bench_to_cpp() {
    const std::string spec = std::string(IVY_SOURCE_ROOT) + "/tests/specs/parse/raft_style.ivy";
    ivy::frontend::ElaborateOptions eo;
    eo.library_dirs.push_back(std::string(IVY_STDLIB_DIR) + "/1.7");
    auto elaborate = [&] {
        ivy::Diagnostics diags;
        return ivy::frontend::elaborate_file(spec, eo, diags);
    };
    bool ok = true;
    size_t header_lines = 0, source_lines = 0;
    double elaboration = ivy::bench::best_seconds(5, [&] { ok = elaborate().has_value() && ok; });
    double both = ivy::bench::best_seconds(5, [&] {
        auto program = elaborate();
        ok = program && extract(*program, spec, header_lines, source_lines) && ok;
    });
    auto program = elaborate();
    double alone = ivy::bench::best_seconds(20, [&] {
        ok = program && extract(*program, spec, header_lines, source_lines) && ok;
    });
    std::printf("to_cpp benchmark: tests/specs/parse/raft_style.ivy, isolate=test target=repl (best of 5)\n");
    std::printf("  elaborate only (baseline)  %8.2f ms\n", elaboration * 1e3);
    std::printf("  elaborate + to_cpp         %8.2f ms  = %.2f x elaboration (%zu + %zu lines of C++)\n",
                both * 1e3, both / elaboration, header_lines, source_lines);
    std::printf("  to_cpp alone               %8.2f ms  = %.2f x elaboration\n", alone * 1e3, alone / elaboration);
    return ok;
}

// 2. Calls of generated exported actions against the hand-written class.
void bench_calls() {
    constexpr long kCalls = 20'000'000;
    call_bench generated;
    generated.__init();
    HandWritten hand;
    call_bench* g = opaque(&generated);
    HandWritten* h = opaque(&hand);
    double hand_scalar = ns_per_call(kCalls, [&](long n) {
        long s = 0;
        for (long i = 0; i < n; ++i) s += h->bump(static_cast<int>(i & 1));
        return s;
    });
    double gen_scalar = ns_per_call(kCalls, [&](long n) {
        long s = 0;
        for (long i = 0; i < n; ++i) s += g->ext__tbl__bump(static_cast<int>(i & 1));
        return s;
    });
    double hand_dense = ns_per_call(kCalls, [&](long n) {
        long s = 0;
        for (long i = 0; i < n; ++i) s += h->bump_dense(static_cast<int>(i & 7));
        return s;
    });
    double gen_dense = ns_per_call(kCalls, [&](long n) {
        long s = 0;
        for (long i = 0; i < n; ++i) s += g->ext__tbl__bump_dense(static_cast<call_bench::slot>(i & 7));
        return s;
    });
    constexpr long kKeys = 1024;
    double hand_sparse = ns_per_call(kCalls / 4, [&](long n) {
        long s = 0;
        for (long i = 0; i < n; ++i) s += h->bump_sparse(static_cast<int>(i % kKeys));
        return s;
    });
    double gen_sparse = ns_per_call(kCalls / 4, [&](long n) {
        long s = 0;
        for (long i = 0; i < n; ++i) s += g->ext__tbl__bump_sparse(static_cast<int>(i % kKeys));
        return s;
    });
    std::printf("action call benchmark: bench/specs/call_bench.ivy (best of 5)\n");
    std::printf("  scalar:            hand-written %6.2f ns/call, generated %6.2f ns/call = %.2f x\n", hand_scalar,
                gen_scalar, gen_scalar / hand_scalar);
    std::printf("  table (8 slots):   hand-written %6.2f ns/call, generated %6.2f ns/call = %.2f x\n", hand_dense,
                gen_dense, gen_dense / hand_dense);
    std::printf("  hash map (%ld keys): hand-written %6.2f ns/call, generated %6.2f ns/call = %.2f x\n", kKeys,
                hand_sparse, gen_sparse, gen_sparse / hand_sparse);
}

} // namespace

int main() {
    if (!bench_to_cpp()) {
        std::printf("error: extraction failed\n");
        return 1;
    }
    bench_calls();
    return 0;
}

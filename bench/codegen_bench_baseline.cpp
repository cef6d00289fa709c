#include "bench/codegen_bench_baseline.h"

#include <cstddef>

namespace ivy::bench {

HandWritten::~HandWritten() = default;

int HandWritten::bump(int d) { return total_ += d; }

int HandWritten::bump_dense(int s) {
    if (s < 0 || s >= 8) return 0;
    return ++dense_[static_cast<std::size_t>(s)];
}

int HandWritten::bump_sparse(int k) { return ++sparse_[k]; }

} // namespace ivy::bench

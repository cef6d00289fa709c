// The baseline of the action-call benchmark: what a programmer would write by hand
// for bench/specs/call_bench.ivy. Defined in its own translation unit, as the
// generated class is, so that neither call is inlined into the benchmark loop.
#pragma once

#include <array>
#include <unordered_map>

namespace ivy::bench {

class HandWritten {
public:
    virtual ~HandWritten();
    virtual int bump(int d);
    virtual int bump_dense(int s);
    virtual int bump_sparse(int k);

private:
    int total_ = 0;
    std::array<int, 8> dense_{};
    std::unordered_map<int, int> sparse_;
};

} // namespace ivy::bench

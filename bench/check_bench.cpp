// Checking speed: every spec in the repository that verifies (examples/, specs/,
// tests/specs/good/), checked with one solver thread (the baseline) and with two,
// with the share of the time spent inside Z3.
//
// Target (issue 4): on the Raft spec, at most a fifth of the time Ivy needs for the
// same job on this machine. Ivy is not installed here; the PLDI'18 artifact reports
// 2-3 minutes for its Raft and Multi-Paxos proofs.
#include "bench/bench_util.h"
#include "frontend/elaborate.h"
#include "verifier/check.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Timing {
    double seconds = 0;
    ivy::verifier::CheckSummary summary;
};

// specs/drafts holds proofs in progress, too slow to check yet.
bool is_draft(const fs::path& path) {
    return path.parent_path().filename() == "drafts";
}

// Specs to time: those that elaborate and verify (bad specs are not the job).
std::vector<fs::path> specs(const fs::path& root) {
    std::vector<fs::path> out;
    for (const char* dir : {"examples", "specs", "tests/specs/good"}) {
        if (!fs::exists(root / dir)) continue;
        for (const fs::directory_entry& e : fs::recursive_directory_iterator(root / dir))
            if (e.path().extension() == ".ivy" && !is_draft(e.path())) out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

Timing check(const ivy::ir::Program& program, unsigned jobs) {
    ivy::verifier::CheckOptions options;
    options.jobs = jobs;
    Timing t;
    t.seconds = ivy::bench::best_seconds(1, [&] {
        std::ostringstream out;
        ivy::Diagnostics diags;
        t.summary = ivy::verifier::check(program, options, out, nullptr, diags);
    });
    return t;
}

} // namespace

int main(int argc, char** argv) {
    const fs::path root = argc > 1 ? fs::path(argv[1]) : fs::path(IVY_SOURCE_ROOT);
    ivy::frontend::ElaborateOptions elaborate;
    elaborate.library_dirs.push_back(std::string(IVY_STDLIB_DIR) + "/1.7");

    std::printf("checking benchmark: every verifying spec under %s\n", root.c_str());
    std::printf("  %-44s %7s %9s %9s %7s %8s\n", "spec", "queries", "jobs=1 s", "jobs=2 s", "speedup", "in Z3");
    double total1 = 0, total2 = 0, z3 = 0;
    size_t checked = 0;
    for (const fs::path& path : specs(root)) {
        ivy::Diagnostics diags;
        std::optional<ivy::ir::Program> program = ivy::frontend::elaborate_file(path.string(), elaborate, diags);
        if (!program) continue;
        Timing one = check(*program, 1);
        if (one.summary.failed || one.summary.aborted) continue; // not a verifying spec
        Timing two = check(*program, 2);
        total1 += one.seconds;
        total2 += two.seconds;
        z3 += one.summary.solver_seconds;
        ++checked;
        std::printf("  %-44s %7zu %9.3f %9.3f %6.2fx %7.0f%%\n", fs::relative(path, root).c_str(), one.summary.queries,
                    one.seconds, two.seconds, one.seconds / two.seconds,
                    100 * one.summary.solver_seconds / one.seconds);
    }
    if (checked == 0) {
        std::printf("error: no verifying spec found\n");
        return 1;
    }
    std::printf("  %-44s %7s %9.3f %9.3f %6.2fx %7.0f%%\n", "total", "", total1, total2, total1 / total2,
                100 * z3 / total1);
    return 0;
}

// Elaboration speed: a generated 20,000-line spec, from text to a typed Program.
//
// Baseline, measured in the same run: parsing the same text alone. Target (issue 3):
// parsing plus elaboration under 1 s on this machine.
#include "bench/bench_util.h"
#include "bench/spec_generator.h"
#include "frontend/elaborate.h"
#include "frontend/parser.h"

#include <cstdio>

int main() {
    constexpr int kLines = 20000;
    constexpr int kRuns = 3;
    const std::string text = ivy::bench::generate_spec(kLines);

    bool parsed = true, elaborated = true;
    size_t symbols = 0, actions = 0;
    double parse = ivy::bench::best_seconds(kRuns, [&] {
        ivy::Diagnostics diags;
        parsed = ivy::frontend::parse_text(text, ivy::intern_file("generated.ivy"), diags).has_value() && parsed;
    });
    double elaborate = ivy::bench::best_seconds(kRuns, [&] {
        ivy::Diagnostics diags;
        auto program = ivy::frontend::elaborate_text(text, "generated.ivy", {}, diags);
        elaborated = program.has_value() && elaborated;
        if (program) {
            symbols = program->symbols.size();
            actions = program->actions.size();
        }
    });

    std::printf("elaboration benchmark: generated spec, %d lines, %zu symbols, %zu actions (best of %d runs)\n",
                kLines, symbols, actions, kRuns);
    std::printf("  parse only (baseline)   %7.3f s\n", parse);
    std::printf("  parse and elaborate     %7.3f s  = %.1f x parsing\n", elaborate, elaborate / parse);
    std::printf("  target: under 1 s ... %s\n", elaborate < 1.0 ? "met" : "MISSED");
    if (!parsed || !elaborated) {
        std::printf("error: the generated spec did not %s\n", parsed ? "elaborate" : "parse");
        return 1;
    }
    return 0;
}

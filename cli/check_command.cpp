// `ivy check [options] FILE`: Ivy's ivy_check.
#include "cli/commands.h"
#include "frontend/elaborate.h"
#include "verifier/check.h"

#include <cstdio>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace ivy::cli {
namespace {

// A number option, or nothing with a message when it is not one.
std::optional<double> number(const Invocation& inv, const std::string& name) {
    const std::string& text = inv.option(name);
    char* end = nullptr;
    double value = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || value < 0) {
        std::printf("error: bad parameter value: %s=%s\n", name.c_str(), text.c_str());
        return std::nullopt;
    }
    return value;
}

} // namespace

int run_check(const Invocation& inv) {
    verifier::CheckOptions options;
    options.isolate = inv.option("isolate");
    options.trace = inv.flag("trace");
    options.diagnose = inv.flag("diagnose");
    options.shrink = inv.flag("shrink");
    options.coverage = inv.flag("coverage");
    options.interference = inv.flag("interference");
    options.macro_finder = inv.flag("macro_finder");
    options.show_vcs = inv.flag("show_vcs");
    options.times = inv.flag("times");
    for (const std::string& part : [&] {
             std::vector<std::string> parts;
             std::stringstream ss(inv.option("complete"));
             for (std::string p; std::getline(ss, p, ',');) parts.push_back(p);
             return parts;
         }()) {
        if (part == "fo") options.complete_fo = true;
        else if (part != "epr" && part != "qf") {
            std::printf("error: bad parameter value: complete=%s\n", inv.option("complete").c_str());
            return kExitBadInput;
        }
    }
    std::optional<double> jobs = number(inv, "jobs"), timeout = number(inv, "timeout"), seed = number(inv, "seed");
    if (!jobs || !timeout || !seed) return kExitBadInput;
    options.jobs = static_cast<unsigned>(*jobs);
    options.timeout_s = *timeout;
    options.seed = static_cast<unsigned>(*seed);

    Diagnostics diags;
    std::optional<ir::Program> program = frontend::elaborate_file(inv.files[0], standard_elaborate_options(), diags);
    print_diagnostics(diags);
    if (!program) return kExitBadInput;

    Diagnostics check_diags;
    std::ostream* progress = isatty(STDERR_FILENO) ? &std::cerr : nullptr;
    verifier::CheckSummary summary = verifier::check(*program, options, std::cout, progress, check_diags);
    std::cout.flush();
    print_diagnostics(check_diags);
    if (check_diags.has_errors()) return kExitBadInput;
    if (summary.aborted) return kExitFailed;
    if (options.trace && summary.failed) return kExitOk; // Ivy: trace=true ends with exit 0
    return summary.failed ? kExitFailed : kExitOk;
}

} // namespace ivy::cli

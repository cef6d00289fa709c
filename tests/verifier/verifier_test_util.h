// Helpers for the checker's tests: elaborate a spec given as text and check it,
// keeping what `ivy check` would print.
#pragma once

#include "frontend/elaborate.h"
#include "verifier/check.h"
#include "tests/source_files.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace ivy::verifier::testing {

struct CheckRun {
    bool elaborated = false;
    std::string output;      // the report
    std::string errors;      // diagnostics from elaboration and checking, one per line
    CheckSummary summary;

    bool contains(const std::string& text) const { return output.find(text) != std::string::npos; }
    // The report's lines from the one containing `first` to the end (or "").
    std::string from(const std::string& first) const {
        size_t at = output.find(first);
        if (at == std::string::npos) return "";
        return output.substr(output.rfind('\n', at) + 1);
    }
    std::string last_line() const {
        std::string text = output;
        while (!text.empty() && text.back() == '\n') text.pop_back();
        return text.substr(text.rfind('\n') + 1);
    }
};

// Checks `spec` (a whole file, `#lang` line included) named `name`, with one solver
// thread unless the options say otherwise.
inline CheckRun run_check(const std::string& spec, CheckOptions options = {}, const std::string& name = "t.ivy") {
    CheckRun run;
    frontend::ElaborateOptions elaborate;
    elaborate.library_dirs.push_back(std::string(IVY_STDLIB_DIR) + "/1.7");
    Diagnostics diags;
    std::optional<ir::Program> program = frontend::elaborate_text(spec, name, elaborate, diags);
    if (program) {
        run.elaborated = true;
        if (options.jobs == 0) options.jobs = 1;
        std::ostringstream out;
        run.summary = check(*program, options, out, nullptr, diags);
        run.output = out.str();
    }
    for (const Diagnostic& d : diags.all()) run.errors += format(d) + "\n";
    return run;
}

using ivy::testing::source_file;

// `spec` without the declaration starting at the line containing `first`, and the
// more indented lines continuing it (how the tests remove one invariant).
inline std::string without(const std::string& spec, const std::string& first) {
    size_t start = spec.find(first);
    if (start == std::string::npos) return spec;
    start = spec.rfind('\n', start) + 1;
    const size_t indent = spec.find_first_not_of(' ', start) - start;
    size_t end = spec.find('\n', start) + 1;
    while (end < spec.size()) {
        size_t next = spec.find('\n', end);
        std::string line = spec.substr(end, next - end);
        size_t text = line.find_first_not_of(' ');
        if (text == std::string::npos || text <= indent) break;
        end = next + 1;
    }
    return spec.substr(0, start) + spec.substr(end);
}

// The 1-based number of the line of `spec` containing `marker` (0 if none).
inline unsigned line_of(const std::string& spec, const std::string& marker) {
    size_t at = spec.find(marker);
    if (at == std::string::npos) return 0;
    unsigned line = 1;
    for (size_t i = 0; i < at; ++i) line += spec[i] == '\n';
    return line;
}

} // namespace ivy::verifier::testing

// Elaboration: parsed files to a Program (ir/program.h).
//
// Reads the main file and what it includes, numbers unlabelled formulas as Ivy does,
// instantiates modules, flattens objects, resolves names and infers sorts. Errors
// (unknown names, sort mismatches, wrong arities, duplicate declarations, bad
// includes, bad isolate members) name the file and line.
#pragma once

#include "ir/program.h"
#include "support/diagnostic.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ivy::frontend {

struct ElaborateOptions {
    // Searched, in order, after the including file's folder and the working
    // directory: the standard library for the program's language version.
    std::vector<std::string> library_dirs;
};

std::optional<ir::Program> elaborate_file(const std::string& path, const ElaborateOptions& options,
                                          Diagnostics& diags);

// The same for a main file given as text; `name` is how messages name it.
std::optional<ir::Program> elaborate_text(std::string_view text, const std::string& name,
                                          const ElaborateOptions& options, Diagnostics& diags);

} // namespace ivy::frontend

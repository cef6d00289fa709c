// `include`: reading a program's files and splicing them into one declaration list.
#pragma once

#include "frontend/ast.h"
#include "support/diagnostic.h"

#include <optional>
#include <string>
#include <vector>

namespace ivy::frontend {

// The declarations of the file at `main_path` with every included file's declarations
// spliced in place of its first `include`, in Ivy's parse order. `include foo` looks
// for `foo.ivy` in the including file's folder, then the working directory, then each
// of `library_dirs`. A file is included once; a missing file, an include cycle or a
// `#lang` version different from the main file's is an error naming the include line.
std::optional<std::vector<ast::Decl>> load_program(const std::string& main_path,
                                                   const std::vector<std::string>& library_dirs,
                                                   Diagnostics& diags);

// The same, for a main file given as text (tests, `ivy` reading a spec from memory).
std::optional<std::vector<ast::Decl>> load_program_text(std::string_view text,
                                                        const std::string& display_name,
                                                        const std::vector<std::string>& library_dirs,
                                                        Diagnostics& diags);

} // namespace ivy::frontend

// Parsing Ivy 1.7 text into the AST (frontend/ast.h).
//
// The parser reports the first syntax error of a file and stops, as Ivy does:
// `FILE: line N: error: syntax error at column C: unexpected X, expected Y`.
// It never crashes, aborts or hangs on bad input (invalid UTF-8, unclosed quotes,
// absurd nesting, truncated files); such input gets a diagnostic too.
#pragma once

#include "frontend/ast.h"
#include "support/diagnostic.h"

#include <optional>
#include <string>
#include <string_view>

namespace ivy::frontend {

// Parses a whole file's text. `file` names it in locations and messages.
// Returns nothing, with at least one error in `diags`, when the text is not Ivy.
std::optional<ast::File> parse_text(std::string_view text, FileId file, Diagnostics& diags);

// Reads and parses the file at `path`; messages name it as `path` is written.
std::optional<ast::File> parse_file(const std::string& path, Diagnostics& diags);

// Parses one expression (no `#lang` header), for tests and interactive use.
std::optional<ast::Expr> parse_expression(std::string_view text, FileId file, Diagnostics& diags);

} // namespace ivy::frontend

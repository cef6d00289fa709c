// Printing the AST: as indented S-expressions (`ivy parse`), and expressions as Ivy
// text with the fewest parentheses that keep the tree (the parser's round-trip test).
#pragma once

#include "frontend/ast.h"

#include <string>

namespace ivy::frontend {

struct SexprOptions {
    bool locations = false; // append `@LINE:COL` to every node
    int width = 100;        // a node that fits on one line is printed on one
};

std::string to_sexpr(const ast::File& file, const SexprOptions& options = {});
std::string to_sexpr(const ast::Expr& expr, const SexprOptions& options = {});

// Ivy text that parses back to the same tree (locations aside).
std::string to_ivy(const ast::Expr& expr);

// One line per file for humans: how many declarations of each kind, statements and
// expressions it contains.
std::string summarize(const ast::File& file);

} // namespace ivy::frontend

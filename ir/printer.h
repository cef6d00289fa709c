// Programs as Ivy-like text: what `ivy show` prints, and how the checker writes
// formulas and statements in its reports.
#pragma once

#include "ir/program.h"

#include <string>

namespace ivy::ir {

// A term in Ivy syntax, parenthesised only where needed.
std::string to_string(const Program& p, TermId t);
// The same for terms and symbols that extend a Program's (a checker's workspace).
// `compact` is Ivy's own style in its reports: `f(a,b)`, binders without sorts.
std::string to_string(const TermTable& terms, const std::vector<Symbol>& symbols, const std::vector<Sort>& sorts,
                      TermId t, bool compact = false);

// Statements, one per line, indented by `indent` spaces.
std::string to_string(const Program& p, const Block& b, int indent);

struct ShowOptions {
    std::string isolate; // when set, only what belongs to this isolate's objects
};

// The whole flattened program: sorts, interpretations, symbols, definitions, facts
// (with labels and lines), actions with their monitors merged in order,
// initializers and the isolate table.
std::string show(const Program& p, const ShowOptions& options = {});

} // namespace ivy::ir

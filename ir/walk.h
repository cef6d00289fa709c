// Walking the statement IR: every statement of a block (nested ones included), the
// terms a statement holds, and the symbols a term mentions. Analyses that only need
// "which calls / assignments / symbols are in here" use these instead of their own
// recursion over `if` and `while`.
#pragma once

#include "ir/program.h"

#include <functional>
#include <optional>
#include <set>

namespace ivy::ir {

// Calls `f` on every statement of `b` in order, descending into `if` and `while`
// bodies after the statement that holds them.
void for_each_stmt(const Block& b, const std::function<void(const Stmt&)>& f);

// Calls `f` on every term a statement holds directly (not those of nested blocks):
// both sides of assignments, call arguments and results, conditions, loop
// invariants and measures, asserted formulas.
void for_each_term(const Stmt& s, const std::function<void(TermId)>& f);

// Adds every symbol `t` applies (constants included) to `out`.
void add_symbols(const TermTable& terms, TermId t, std::set<SymbolId>& out);

// The symbol an assignment to `lhs` changes: its head symbol, or for a field update
// (`m.f := v`, a destructor at the head) the symbol holding the struct.
std::optional<SymbolId> assigned_symbol(const Program& p, TermId lhs);

} // namespace ivy::ir

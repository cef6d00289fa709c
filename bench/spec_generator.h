// Synthetic Ivy specs of a chosen size for the benchmarks: the constructs of the
// PLDI'18 protocols (objects with state and actions, struct messages, relational
// updates, loops with invariants, conjectures with quantifiers) repeated with
// fresh names.
#pragma once

#include <string>

namespace ivy::bench {

// A `#lang ivy1.7` spec of about `lines` lines that parses.
std::string generate_spec(int lines);

} // namespace ivy::bench

// The interference check (docs/verification.md 2.8). An isolate abstracts away the
// code it does not see; that is sound only if such code cannot change anything the
// isolate looks at. A call from the isolate's code to abstracted code that assigns a
// symbol the isolate references, or an export of such code, is an error.
#pragma once

#include "verifier/src/isolation.h"

#include <string>

namespace ivy::verifier {

// Ivy's error for the first interference found in isolate `v` (`Call out to A may
// have visible effect on S` or `External call to A ...`, then the lines referencing
// S), or "" when there is none.
std::string interference_errors(const ir::Program& p, const IsolateView& v);

} // namespace ivy::verifier

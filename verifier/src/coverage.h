// The coverage check (docs/verification.md 2.9): when the program is split into
// isolates, every assertion must be checked in one of them, in every context it can
// be reached from, and every property must be proved in one of them. Otherwise the
// isolates together prove nothing about it.
#pragma once

#include "verifier/src/isolation.h"

#include <map>
#include <string>

namespace ivy::verifier {

// Ivy's report of what is not checked (empty when everything is): per assertion
// `assertion is not checked` with the action and the caller, per property
// `property P not checked`.
std::string coverage_errors(const ir::Program& p, const std::map<std::string, IsolateView>& views);

} // namespace ivy::verifier

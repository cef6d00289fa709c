// Code units: the pieces of code Ivy's isolate analyses reason about, each with a
// name of its own. An action is a declaration plus mixins (its `implement`, its
// `before` and `after` monitors); initializers are units too. Whether a unit is
// present or verified in an isolate is judged by its own name, so an action may be
// declared in one object and implemented, or monitored, in another.
#pragma once

#include "verifier/src/isolation.h"

#include <string>
#include <tuple>
#include <vector>

namespace ivy::verifier {

struct CodeUnit {
    enum class Kind { Declaration, Implementation, Before, After, Initializer };
    Kind kind = Kind::Declaration;
    ir::ActionId action = 0; // Initializer: the initializer's index
    std::size_t monitor = 0; // Before, After: the monitor's index

    bool operator<(const CodeUnit& o) const {
        return std::tie(kind, action, monitor) < std::tie(o.kind, o.action, o.monitor);
    }
};

// Every unit of the program: per action its declaration, implementation and
// monitors, then the initializers.
std::vector<CodeUnit> all_code_units(const ir::Program& p);

// The mixins of action `a` in the order Ivy applies them: implementation, befores,
// afters.
std::vector<CodeUnit> mixins_of(const ir::Program& p, ir::ActionId a);

std::string unit_name(const ir::Program& p, const CodeUnit& u);
// Where the unit's code was written.
SourceLocation unit_location(const ir::Program& p, const CodeUnit& u);
// The unit's own code. A declaration that an `implement` gives a body has none.
const ir::Block& unit_code(const ir::Program& p, const CodeUnit& u);

bool unit_present(const ir::Program& p, const IsolateView& v, const CodeUnit& u);
bool unit_verified(const ir::Program& p, const IsolateView& v, const CodeUnit& u);

} // namespace ivy::verifier

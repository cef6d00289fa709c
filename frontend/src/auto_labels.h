// Ivy's automatic labels, given before modules are instantiated.
//
// Ivy names every unlabelled formula from one global counter in parse order:
// `axiom7`, `prop12`, `conj3`, `invar9`, `def4`, `interp2`, `native5`, `asrt6` (for
// require/ensure/assert/assume and loop invariants), and numbers every monitor too
// (`next[after2]`, `init[after1]`). The counter runs in the order the reference
// parser reduces productions: the numbered parts inside a construct before the
// construct itself. Module instances share the numbers of the module's text
// (`index.spec.prop414` and `term.spec.prop414`), so this runs once, over the text.
#pragma once

#include "frontend/ast.h"

#include <vector>

namespace ivy::frontend {

void assign_automatic_labels(std::vector<ast::Decl>& decls);

} // namespace ivy::frontend

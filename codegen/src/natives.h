// Native code (`<<< ... >>>`) as C++ text: back-quoted Ivy names replaced by the
// C++ names of what they denote (docs/extraction-and-runtime.md 1.8).
//
// Our meaning of a back-quoted action `a`: a callable taking a's Ivy parameters,
// returning its first result. Inside `object o(p:t)`, an action of `o` has o's
// parameters already supplied (as an unqualified call in Ivy code would), so the
// same module text works whether the extract strips `p` or not. A back-quoted
// object parameter (`self`) is its value: the extract's parameter when stripped,
// the loop variable of an `init` block run for each value otherwise.
#pragma once

#include "codegen/src/gen.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ivy::codegen {

struct NativeContext {
    std::map<std::string, std::string> locals; // Ivy name as written -> C++ expression
    std::string object;                        // the object the code sits in
    std::vector<std::string> object_values;    // its parameters' values, outermost first
    bool in_class = true;                      // false: `impl`, `header`, `inline` blocks
};

std::optional<std::string> native_text(Gen& g, const ir::NativeCode& code, const NativeContext& ctx,
                                       SourceLocation at);

} // namespace ivy::codegen

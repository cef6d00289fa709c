// The generated files: the class (NAME.h, NAME.cpp) and the drivers appended to
// NAME.cpp for the repl and test targets.
#pragma once

#include "codegen/src/gen.h"

#include <optional>
#include <string>
#include <vector>

namespace ivy::codegen {

// What the drivers need to know about the class.
struct ClassInfo {
    struct Arg {
        std::string name; // the Ivy name (usage messages)
        std::string type; // C++ type
    };
    std::vector<Arg> ctor_args;            // parameters, then the extract's parameters
    std::vector<ir::ActionId> api;         // actions the environment calls
    std::vector<ir::ActionId> imports;     // imported actions the class calls
};

struct ClassFiles {
    std::string header;
    std::string source;
    ClassInfo info;
};

std::optional<ClassFiles> emit_class(Gen& g);

// `class NAME_repl` (prints imported calls, exits on failed checks) and `main`.
std::string emit_repl(Gen& g, const ClassInfo& info);

// The randomised tester: `class NAME_test` and `main`.
std::string emit_test(Gen& g, const ClassInfo& info);

// The Ivy name an action prints under: without the leading `ext:`, as declared.
std::string ivy_action_name(const ir::Program& p, ir::ActionId a);

} // namespace ivy::codegen

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
        ir::SortId sort = 0;
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

// ---- pieces both drivers use (driver_emit.cpp)

// A nested type of the class, as written outside it.
std::string outside(const Gen& g, const std::string& type);

// `class NAME<suffix> : public NAME {` with the class's constructors, `members`,
// and overrides of ivy_assert and ivy_assume running the given statement (which
// may use `where`) when a check fails.
std::string driver_class_head(const Gen& g, const std::string& suffix, const std::string& members,
                              const std::string& on_failed_assert, const std::string& on_failed_assume);

// `    R imp__x(params) override {`: the head of a driver's imported action.
std::string import_override_head(Gen& g, ir::ActionId a);

// The parameters a call shows: the inputs, not the results passed by reference.
std::vector<std::string> shown_inputs(const Signature& sig);

// Statements printing `NAME(a,b)` (or `NAME` without arguments) and a newline on
// `stream`, as Ivy's REPL shows calls.
std::string print_call_text(const std::string& stream, const std::string& shown_name,
                            const std::vector<std::string>& args, int indent);

// Statements making `call` and printing its result as `= v`.
std::string print_result_text(const std::string& stream, const std::string& call, int indent);

// The start of a driver's `main` (after `std::string error;`): the command line's
// runtime options (and `more_options`, a `|| ...` condition setting `error`), then
// the constructor's arguments as positional parameters, in variables ctor_args.
struct CommandLineText {
    std::string code;
    std::vector<std::string> ctor_args;
};
CommandLineText command_line_text(const Gen& g, const ClassInfo& info, const std::string& usage_options,
                                  const std::string& more_options);

// The Ivy name an action prints under: without the leading `ext:`, as declared.
std::string ivy_action_name(const ir::Program& p, ir::ActionId a);

} // namespace ivy::codegen

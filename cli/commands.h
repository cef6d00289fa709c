// The `ivy` driver's commands. Each is a thin layer over a library: it reads its
// options, calls the component, prints the result and diagnostics, and returns the
// exit status.
#pragma once

#include "cli/command_line.h"
#include "frontend/elaborate.h"
#include "support/diagnostic.h"

#include <vector>

namespace ivy::cli {

// Exit statuses shared by every command (and by Ivy's own tools).
enum ExitStatus : int {
    kExitOk = 0,       // verified, extracted, parsed
    kExitFailed = 1,   // a check failed
    kExitBadInput = 2, // parse, type or usage error
};

struct Command {
    CommandSpec spec;
    int (*run)(const Invocation&);
};

// Every command, in the order `ivy --help` lists them.
const std::vector<Command>& all_commands();

// Prints diagnostics in Ivy's form, one per line, on standard output as Ivy does.
void print_diagnostics(const Diagnostics& diags);

// Where `include` looks after the program's own folder: the standard library of an
// installed `ivy` (PREFIX/share/ivy/include/1.7) or, from a build tree, the source's.
frontend::ElaborateOptions standard_elaborate_options();

// The commands (one file each).
int run_check(const Invocation& inv);
int run_parse(const Invocation& inv);
int run_show(const Invocation& inv);
int run_to_cpp(const Invocation& inv);

} // namespace ivy::cli

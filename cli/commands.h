// The `ivy` driver's commands. Each is a thin layer over a library: it reads its
// options, calls the component, prints the result and diagnostics, and returns the
// exit status.
#pragma once

#include "cli/command_line.h"
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

// The commands (one file each).
int run_parse(const Invocation& inv);

} // namespace ivy::cli

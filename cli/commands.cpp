#include "cli/commands.h"

#include <cstdio>

namespace ivy::cli {

const std::vector<Command>& all_commands() {
    static const std::vector<Command> commands = {
        {{"parse",
          "[locations=true] [summary=true] FILE...",
          "parse files and print their syntax trees",
          {{"locations", "false", {"false", "true"}, "print LINE:COL on every node"},
           {"summary", "false", {"false", "true"}, "print one line of counts per file"}},
          true},
         run_parse},
    };
    return commands;
}

void print_diagnostics(const Diagnostics& diags) {
    for (const Diagnostic& d : diags.all()) std::printf("%s\n", format(d).c_str());
    std::fflush(stdout);
}

} // namespace ivy::cli

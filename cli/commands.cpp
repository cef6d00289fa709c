#include "cli/commands.h"

#include <cstdio>
#include <filesystem>
#include <unistd.h>

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
        {{"show",
          "[isolate=NAME] FILE",
          "print the elaborated program: sorts, symbols, facts, actions, isolates",
          {{"isolate", "", {}, "show only what belongs to this isolate's objects"}}},
         run_show},
    };
    return commands;
}

void print_diagnostics(const Diagnostics& diags) {
    for (const Diagnostic& d : diags.all()) std::printf("%s\n", format(d).c_str());
    std::fflush(stdout);
}

} // namespace ivy::cli

namespace ivy::cli {

frontend::ElaborateOptions standard_elaborate_options() {
    namespace fs = std::filesystem;
    frontend::ElaborateOptions options;
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    fs::path installed = exe.parent_path().parent_path() / "share" / "ivy" / "include" / "1.7";
    if (!ec && fs::is_directory(installed, ec)) options.library_dirs.push_back(installed.string());
    options.library_dirs.push_back(std::string(IVY_STDLIB_DIR) + "/1.7");
    return options;
}

} // namespace ivy::cli

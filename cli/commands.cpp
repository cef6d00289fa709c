#include "cli/commands.h"

#include <cstdio>
#include <filesystem>
#include <unistd.h>

namespace ivy::cli {

const std::vector<Command>& all_commands() {
    static const std::vector<Command> commands = {
        {{"check",
          "[isolate=NAME] [trace=true] [diagnose=true] [jobs=N] [timeout=S] FILE",
          "verify every isolate (or one) and print Ivy's report",
          {{"isolate", "", {}, "check only this isolate"},
           {"trace", "false", {"false", "true"}, "stop at the first failure and print its trace"},
           {"diagnose", "false", {"false", "true"}, "print a counterexample for every failure"},
           {"shrink", "true", {"true", "false"}, "shrink counterexamples to the fewest elements per sort"},
           {"jobs", "0", {}, "solver threads (0: one per core)"},
           {"timeout", "60", {}, "seconds per verification condition, over restarts with new seeds (0: none)"},
           {"complete", "epr", {}, "fragment: epr (checked), qf, or fo (not checked)"},
           {"coverage", "true", {"true", "false"}, "check that every assertion is checked somewhere"},
           {"interference", "true", {"true", "false"}, "check for interfering calls between isolates"},
           {"macro_finder", "true", {"true", "false"}, "let Z3 unfold definitions"},
           {"seed", "0", {}, "Z3's random seed"},
           {"show_vcs", "false", {"false", "true"}, "print each query (SMT-LIB) before solving it"},
           {"times", "false", {"false", "true"}, "print each condition's solver time after its verdict"}}},
         run_check},
        {{"parse",
          "[locations=true] [summary=true] FILE...",
          "parse files and print their syntax trees",
          {{"locations", "false", {"false", "true"}, "print LINE:COL on every node"},
           {"summary", "false", {"false", "true"}, "print one line of counts per file"}},
          true},
         run_parse},
        {{"to_cpp",
          "[isolate=NAME] target=class|repl|test [classname=NAME] [build=true] [outdir=DIR] FILE",
          "extract C++: a class, a program with a REPL, or a randomised tester",
          {{"isolate", "", {}, "the isolate or extract to compile (default: the whole program)"},
           {"target", "repl", {"class", "repl", "test"}, "what to generate"},
           {"classname", "", {}, "name of the class and files (default: the file's name)"},
           {"build", "false", {"false", "true"}, "also compile (g++) the generated code"},
           {"outdir", "", {}, "where to write (default: ./build if it exists, else .)"},
           {"test_iters", "100", {}, "target=test: calls per run"},
           {"test_runs", "1", {}, "target=test: runs"}}},
         run_to_cpp},
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

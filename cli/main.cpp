// The `ivy` driver: `ivy COMMAND [key=value ...] FILE`.
//
// Installed (or linked) as `ivy_check` or `ivy_to_cpp` it behaves as `ivy check` or
// `ivy to_cpp`, Ivy's own command names, so existing scripts run unchanged.
#include "cli/commands.h"
#include "support/big_stack.h"

#include <algorithm>
#include <cstdio>
#include <string>

#ifndef IVY_VERSION
#define IVY_VERSION "unknown"
#endif

namespace {

using namespace ivy::cli;

void print_help() {
    std::printf("usage: ivy COMMAND [key=value ...] FILE\n\ncommands:\n");
    for (const Command& c : all_commands())
        std::printf("  %-10s %s\n", c.spec.name.c_str(), c.spec.summary.c_str());
    std::printf("\n`ivy COMMAND --help` lists a command's options. Installed as ivy_check or\n"
                "ivy_to_cpp, the program runs that command, as Ivy's tools of those names do.\n");
}

// The command a program name stands for: `ivy_check` -> `check`.
std::string command_for_program(std::string program) {
    program = program.substr(program.find_last_of('/') + 1);
    const std::string prefix = "ivy_";
    return program.rfind(prefix, 0) == 0 ? program.substr(prefix.size()) : std::string();
}

int run(std::vector<std::string> args, const std::string& program) {
    std::string name = command_for_program(program);
    if (name.empty()) {
        if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
            print_help();
            return args.empty() ? kExitBadInput : kExitOk;
        }
        if (args[0] == "--version") {
            std::printf("ivy %s (Ivy language 1.7)\n", IVY_VERSION);
            return kExitOk;
        }
        name = args[0];
        args.erase(args.begin());
    }
    const auto& commands = all_commands();
    auto it = std::find_if(commands.begin(), commands.end(),
                           [&](const Command& c) { return c.spec.name == name; });
    if (it == commands.end()) {
        std::printf("error: unknown command '%s' (try 'ivy --help')\n", name.c_str());
        return kExitBadInput;
    }
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
        std::printf("%s", usage_text(it->spec).c_str());
        return kExitOk;
    }
    std::string error;
    std::optional<Invocation> inv = parse_invocation(it->spec, args, error);
    if (!inv) {
        std::printf(error.rfind("usage:", 0) == 0 ? "%s" : "error: %s\n", error.c_str());
        return kExitBadInput;
    }
    return it->run(*inv);
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    int status = kExitBadInput;
    // Commands recurse over syntax trees; give them room (see support/big_stack.h).
    ivy::run_with_big_stack([&] { status = run(args, argv[0]); });
    return status;
}

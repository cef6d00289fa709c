// Ivy's command-line conventions: `ivy COMMAND [key=value ...] FILE`.
//
// Options are `key=value` words before the file, as in Ivy, so scripts written for
// `ivy_check` and `ivy_to_cpp` keep working. Each command declares the options it
// takes; anything else is an error in Ivy's words.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ivy::cli {

struct OptionSpec {
    std::string name;
    std::string default_value;
    std::vector<std::string> allowed; // empty: any value
    std::string help;
};

struct CommandSpec {
    std::string name;      // `check`, `to_cpp`, ...
    std::string usage;     // the arguments after the command name
    std::string summary;   // one line for `ivy --help`
    std::vector<OptionSpec> options;
    bool many_files = false;
};

// A command line checked against its command's spec.
struct Invocation {
    std::map<std::string, std::string> options; // every declared option, defaulted
    std::vector<std::string> files;

    const std::string& option(const std::string& name) const { return options.at(name); }
    bool flag(const std::string& name) const { return option(name) == "true"; }
};

// Parses `args` (the words after the command name). On error returns nothing and
// sets `error` to the message to print (without the `error: ` prefix), or to the
// usage text when the shape of the line is wrong.
std::optional<Invocation> parse_invocation(const CommandSpec& spec,
                                           const std::vector<std::string>& args,
                                           std::string& error);

// `usage: ivy COMMAND USAGE` followed by the options, one per line.
std::string usage_text(const CommandSpec& spec);

} // namespace ivy::cli

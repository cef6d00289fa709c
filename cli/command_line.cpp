#include "cli/command_line.h"

#include <algorithm>

namespace ivy::cli {

std::optional<Invocation> parse_invocation(const CommandSpec& spec,
                                           const std::vector<std::string>& args,
                                           std::string& error) {
    Invocation inv;
    for (const OptionSpec& o : spec.options) inv.options[o.name] = o.default_value;

    for (const std::string& arg : args) {
        size_t eq = arg.find('=');
        if (eq == std::string::npos || eq == 0) {
            inv.files.push_back(arg);
            continue;
        }
        if (!inv.files.empty()) { // Ivy: options must precede the file
            error = usage_text(spec);
            return std::nullopt;
        }
        std::string key = arg.substr(0, eq), value = arg.substr(eq + 1);
        auto spec_it = std::find_if(spec.options.begin(), spec.options.end(),
                                    [&](const OptionSpec& o) { return o.name == key; });
        if (spec_it == spec.options.end()) {
            error = "parameter " + key + " undefined";
            return std::nullopt;
        }
        const auto& allowed = spec_it->allowed;
        if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
            error = "bad parameter value: " + arg;
            return std::nullopt;
        }
        inv.options[key] = value;
    }
    if (inv.files.empty() || (inv.files.size() > 1 && !spec.many_files)) {
        error = usage_text(spec);
        return std::nullopt;
    }
    return inv;
}

std::string usage_text(const CommandSpec& spec) {
    std::string text = "usage: ivy " + spec.name + " " + spec.usage + "\n";
    if (!spec.options.empty()) text += "options:\n";
    for (const OptionSpec& o : spec.options) {
        std::string line = "  " + o.name + "=";
        line += o.allowed.empty() ? "VALUE" : o.allowed.front();
        for (size_t i = 1; i < o.allowed.size(); ++i) line += "|" + o.allowed[i];
        if (line.size() < 28) line.resize(28, ' ');
        else line += "  ";
        text += line + o.help + " (default: " + o.default_value + ")\n";
    }
    return text;
}

} // namespace ivy::cli

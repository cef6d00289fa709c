// The read-eval-print loop of programs extracted with `ivy to_cpp target=repl`.
//
// Standard input is read on a helper thread, one line per exported-action call
// (`name` or `name(arg,...)`); each line is handed to the event loop, which runs the
// call, so calls interleave with timers and network messages exactly as in a server.
// Output follows Ivy's REPL: `< imp(args)` for each call of an imported action,
// `= value` for a returned value, `? ` when an imported action needs a value from
// the user, and the prompt `> ` only when standard input is a terminal. Errors go
// to standard error. At the end of the input the program exits once the calls read
// so far have run; a program that exports nothing serves until it is killed.
#pragma once

#include "runtime/extracted/support.h"
#include "runtime/extracted/values.h"

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace ivy::extracted {

// Command-line arguments: Ivy parameters by position, then `name=value` options
// (`cluster=host:port,...`, `tick_ms=N`, `cluster_id=S`, and the program's own).
struct CommandLine {
    std::vector<Value> positional;
    std::map<std::string, std::string> options;
};

inline std::optional<CommandLine> parse_command_line(int argc, char** argv, std::string& error) {
    CommandLine out;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto eq = arg.find('=');
        if (eq != std::string::npos && eq > 0 && arg[0] != '"' && arg[0] != '[' && arg[0] != '{') {
            out.options[arg.substr(0, eq)] = arg.substr(eq + 1);
            continue;
        }
        ValueParser parser(arg);
        std::size_t pos = 0;
        auto v = parser.value(pos);
        parser.skip(pos);
        if (!v || pos != arg.size()) {
            error = "bad argument: " + arg;
            return std::nullopt;
        }
        out.positional.push_back(std::move(*v));
    }
    return out;
}

// Applies the runtime options every extracted program understands; false (with a
// message) on a bad value. Recognised options are removed from `cl`.
inline bool apply_runtime_options(CommandLine& cl, std::string& error) {
    if (auto it = cl.options.find("cluster"); it != cl.options.end()) {
        auto config = runtime::ListTcpConfig::parse(std::string_view(it->second), error);
        if (!config) return false;
        settings().cluster = std::make_shared<runtime::ListTcpConfig>(std::move(*config));
        cl.options.erase(it);
    }
    if (auto it = cl.options.find("tick_ms"); it != cl.options.end()) {
        char* end = nullptr;
        long ms = std::strtol(it->second.c_str(), &end, 10);
        if (it->second.empty() || *end != '\0' || ms <= 0) {
            error = "bad value for tick_ms: " + it->second;
            return false;
        }
        settings().tick = std::chrono::milliseconds(ms);
        cl.options.erase(it);
    }
    if (auto it = cl.options.find("cluster_id"); it != cl.options.end()) {
        settings().cluster_id = it->second;
        cl.options.erase(it);
    }
    return true;
}

class Repl {
public:
    // Runs one call: `args` are the parsed arguments (their number already checked).
    // Returns false with `error` set when an argument is not a value of its sort.
    using Call = std::function<bool(const std::vector<Value>& args, std::string& error)>;

    explicit Repl(runtime::Loop& loop) : loop_(loop), interactive_(isatty(STDIN_FILENO) != 0) {}

    void add(std::string name, std::size_t arity, Call call) {
        actions_[std::move(name)] = Entry{arity, std::move(call)};
    }

    bool has_actions() const { return !actions_.empty(); }

    // Serves: reads standard input (if anything is exported) until its end, running
    // each line on the loop; returns when the loop stops.
    int run() {
        if (has_actions()) {
            prompt();
            std::thread([this] { read_input(); }).detach();
        }
        loop_.run();
        std::cout.flush();
        return status_;
    }

    // The next input line, for an imported action that returns a value (`? ` prompt).
    // Blocks the loop until the line arrives; nothing at the end of the input.
    std::optional<std::string> next_line() {
        std::cout << "? ";
        std::cout.flush();
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return !lines_.empty() || eof_; });
        if (lines_.empty()) return std::nullopt;
        std::string line = std::move(lines_.front());
        lines_.pop_front();
        return line;
    }

    // Parses one value of type T from a line given to next_line().
    template <class T> static bool read_value(const std::string& line, T& v) {
        ValueParser parser(line);
        std::size_t pos = 0;
        auto value = parser.value(pos);
        parser.skip(pos);
        return value && pos == line.size() && parse(*value, v);
    }

private:
    struct Entry {
        std::size_t arity = 0;
        Call call;
    };

    void read_input() {
        std::string line;
        while (std::getline(std::cin, line)) {
            {
                std::lock_guard lock(mutex_);
                lines_.push_back(line);
            }
            ready_.notify_all();
            loop_.post([this] { process_one(); });
        }
        {
            std::lock_guard lock(mutex_);
            eof_ = true;
        }
        ready_.notify_all();
        // Runs after every line posted above: the program ends once they have run.
        loop_.post([this] { loop_.stop(); });
    }

    void process_one() {
        std::string line;
        {
            std::lock_guard lock(mutex_);
            if (lines_.empty()) return; // consumed by an imported action's `?` prompt
            line = std::move(lines_.front());
            lines_.pop_front();
        }
        ++line_number_;
        execute(line);
        prompt();
        std::cout.flush();
    }

    void prompt() {
        if (interactive_) {
            std::cout << "> ";
            std::cout.flush();
        }
    }

    void execute(const std::string& line) {
        std::size_t pos = 0;
        while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
        if (pos == line.size() || line[pos] == '#') return; // blank lines and comments
        std::size_t start = pos;
        while (pos < line.size() && ValueParser::name_char(line[pos]) && line[pos] != '-') ++pos;
        std::string name = line.substr(start, pos - start);
        std::vector<Value> args;
        ValueParser parser(line);
        parser.skip(pos);
        if (!name.empty() && pos < line.size() && line[pos] == '(') {
            ++pos;
            parser.skip(pos);
            if (pos < line.size() && line[pos] == ')') {
                ++pos;
            } else {
                for (;;) {
                    auto v = parser.value(pos);
                    if (!v) return syntax_error(pos);
                    args.push_back(std::move(*v));
                    parser.skip(pos);
                    if (pos < line.size() && line[pos] == ',') {
                        ++pos;
                        continue;
                    }
                    if (pos < line.size() && line[pos] == ')') {
                        ++pos;
                        break;
                    }
                    return syntax_error(pos);
                }
            }
        }
        parser.skip(pos);
        if (name.empty() || pos != line.size()) return syntax_error(pos);
        auto it = actions_.find(name);
        if (it == actions_.end()) {
            std::cerr << "undefined action: " << name << std::endl;
            return;
        }
        if (args.size() != it->second.arity) {
            std::cerr << "action " << name << " takes " << it->second.arity << " input parameters"
                      << std::endl;
            return;
        }
        std::string error;
        if (!it->second.call(args, error)) std::cerr << name << ": " << error << std::endl;
    }

    void syntax_error(std::size_t pos) {
        std::cerr << "line " << line_number_ << ":" << pos + 1 << ": syntax error" << std::endl;
    }

    runtime::Loop& loop_;
    bool interactive_;
    std::map<std::string, Entry> actions_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::string> lines_;
    bool eof_ = false;
    int line_number_ = 0;
    int status_ = 0;
};

// Prints a failed check in Ivy's REPL format and ends the program with status 1.
inline void repl_check_failed(const char* kind, const char* where) {
    std::cout << kind << "(\"" << where << "\")" << std::endl;
    std::cout.flush();
    std::fflush(stdout);
    std::_Exit(1);
}

} // namespace ivy::extracted

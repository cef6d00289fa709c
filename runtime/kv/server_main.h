// The kvserver program, as a library function so that test builds can run the same
// program with extra protocols (the test double in tests/kv) registered.
//
//   kvserver --protocol raft|multipaxos --node-id N --cluster h:p,h:p,...
//            [--client-port P] [--data-dir D] [--tick-ms T] [--log] [--help] [--version]
//
// Exit status: 0 after a clean stop (SIGINT/SIGTERM) or --help/--version; 1 when the
// node fails at run time (cannot bind, data directory damaged, disk error); 2 on a
// usage error, including a protocol whose adapter is not built into this binary.
#pragma once

#include "runtime/kv/consensus.h"
#include "runtime/kv/node.h"

#include <optional>
#include <string>
#include <vector>

namespace ivy::kv {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

// What the command line asks for.
struct CommandLine {
    enum class Action { Run, Help, Version, Error };
    Action action = Action::Error;
    std::string error; // Action::Error
    std::string protocol = "raft";
    int node_id = -1;
    std::vector<std::string> cluster; // host:port entries
    unsigned short client_port = 8000;
    std::optional<std::string> data_dir;
    unsigned tick_ms = 0; // 0: the protocol's default
    bool log = false;
};

CommandLine parse_command_line(int argc, const char* const* argv);

// The usage text (--help, and after a usage error).
std::string usage_text(const std::vector<Protocol>& protocols);

int kvserver_main(int argc, const char* const* argv, const std::vector<Protocol>& protocols);

} // namespace ivy::kv

#include "runtime/kv/server_main.h"

#include "kv_version.h" // generated at build time: the git commit
#include "runtime/shim/log.h"

#include <asio/signal_set.hpp>
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace ivy::kv {

namespace po = boost::program_options;

namespace {

po::options_description describe_options() {
    po::options_description d("Options");
    // clang-format off
    d.add_options()
        ("protocol", po::value<std::string>(), "replication protocol: raft or multipaxos (default raft)")
        ("node-id", po::value<int>(), "this node's index in --cluster (required)")
        ("cluster", po::value<std::string>(), "peer addresses host:port,host:port,... (required)")
        ("client-port", po::value<unsigned>(), "port for client connections, all interfaces (default 8000)")
        ("data-dir", po::value<std::string>(), "keep a write-ahead log and snapshots here (default: memory only)")
        ("tick-ms", po::value<unsigned>(), "protocol clock period in milliseconds (default: the protocol's)")
        ("log", "print server log lines")
        ("help", "print this help and exit")
        ("version", "print the version (git commit) and exit");
    // clang-format on
    return d;
}

std::vector<std::string> split_commas(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        auto comma = s.find(',', start);
        out.push_back(s.substr(start, comma == std::string::npos ? std::string::npos
                                                                 : comma - start));
        if (comma == std::string::npos) return out;
        start = comma + 1;
    }
}

CommandLine usage_error(std::string why) {
    CommandLine c;
    c.action = CommandLine::Action::Error;
    c.error = std::move(why);
    return c;
}

// Checks what Program_options cannot: required flags, ranges, the cluster list.
CommandLine validate(const po::variables_map& vm) {
    CommandLine c;
    if (vm.count("help")) {
        c.action = CommandLine::Action::Help;
        return c;
    }
    if (vm.count("version")) {
        c.action = CommandLine::Action::Version;
        return c;
    }
    if (!vm.count("node-id")) return usage_error("--node-id is required");
    if (!vm.count("cluster")) return usage_error("--cluster is required");
    if (vm.count("protocol")) c.protocol = vm["protocol"].as<std::string>();
    c.node_id = vm["node-id"].as<int>();
    c.cluster = split_commas(vm["cluster"].as<std::string>());
    for (const auto& entry : c.cluster)
        if (entry.empty()) return usage_error("--cluster has an empty entry");
    if (c.node_id < 0 || static_cast<std::size_t>(c.node_id) >= c.cluster.size())
        return usage_error("--node-id " + std::to_string(c.node_id) + " is not an index of the " +
                           std::to_string(c.cluster.size()) + " --cluster entries");
    if (vm.count("client-port")) {
        auto p = vm["client-port"].as<unsigned>();
        if (p > 65535) return usage_error("--client-port must be at most 65535");
        c.client_port = static_cast<unsigned short>(p);
    }
    if (vm.count("data-dir")) {
        c.data_dir = vm["data-dir"].as<std::string>();
        if (c.data_dir->empty()) return usage_error("--data-dir must not be empty");
    }
    if (vm.count("tick-ms")) {
        c.tick_ms = vm["tick-ms"].as<unsigned>();
        if (c.tick_ms == 0 || c.tick_ms > 60000)
            return usage_error("--tick-ms must be between 1 and 60000");
    }
    c.log = vm.count("log") > 0;
    c.action = CommandLine::Action::Run;
    return c;
}

const Protocol* find_protocol(const std::vector<Protocol>& protocols, const std::string& name) {
    for (const auto& p : protocols)
        if (p.name == name) return &p;
    return nullptr;
}

// The artifact's start-up lines (doc section 3.3), so its scripts and habits carry over.
void print_startup(const CommandLine& c, const Protocol& p, const std::string& cluster) {
    std::printf("kvserver options: --protocol %s --node-id %d --cluster %s --client-port %u%s%s "
                "--tick-ms %u%s\n",
                c.protocol.c_str(), c.node_id, cluster.c_str(), c.client_port,
                c.data_dir ? " --data-dir " : "", c.data_dir ? c.data_dir->c_str() : "",
                c.tick_ms, c.log ? " --log" : "");
    std::printf("Process ID: %d\n", static_cast<int>(::getpid()));
    // The artifact slept a random 0-3 s so node timers were out of phase; our clock
    // starts at a random phase instead.
    std::printf("Random sleep: 0 us\n");
    std::printf("Starting %s based server\n", p.display_name.c_str());
    std::fflush(stdout);
}

int run(const CommandLine& c, const Protocol& protocol) {
    if (c.log) runtime::set_log_level(runtime::LogLevel::Info);
    std::string error;
    auto cluster = runtime::ListTcpConfig::parse(c.cluster, error);
    if (!cluster) {
        std::fprintf(stderr, "kvserver: --cluster: %s\n", error.c_str());
        return kExitUsage;
    }
    CommandLine shown = c;
    if (!shown.tick_ms)
        shown.tick_ms = static_cast<unsigned>(
            std::chrono::duration_cast<std::chrono::milliseconds>(protocol.default_tick).count());
    std::string joined;
    for (const auto& e : c.cluster) joined += (joined.empty() ? "" : ",") + e;
    print_startup(shown, protocol, joined);

    runtime::Loop loop;
    NodeOptions o;
    o.node_id = c.node_id;
    o.cluster = std::make_shared<runtime::ListTcpConfig>(std::move(*cluster));
    o.client_port = c.client_port;
    o.data_dir = c.data_dir;
    o.tick = std::chrono::milliseconds(shown.tick_ms);
    if (c.log) o.stats_every = std::chrono::seconds(10);
    auto node = Node::create(loop, protocol, o, error);
    if (!node) {
        std::fprintf(stderr, "kvserver: %s\n", error.c_str());
        return kExitFailed;
    }
    if (c.data_dir)
        std::printf("Recovered from %s: snapshot at record %llu, %llu records replayed\n",
                    c.data_dir->c_str(),
                    static_cast<unsigned long long>(node->recovered().first_lsn),
                    static_cast<unsigned long long>(node->replica().stats().replayed));
    auto ep = runtime::endpoint_of(*o.cluster, c.node_id);
    std::printf("binding id: %d port: %lu\n", c.node_id, ep.port);
    std::fflush(stdout);
    if (auto st = node->start(); !st.ok()) {
        std::fprintf(stderr, "kvserver: %s\n", st.error.c_str());
        return kExitFailed;
    }
    std::printf("Serving clients on port %u\n", node->client_port());
    std::fflush(stdout);

    int status = kExitOk;
    asio::signal_set signals(loop.context(), SIGINT, SIGTERM);
    signals.async_wait([&](const asio::error_code& ec, int) {
        if (ec) return;
        runtime::log_info("node ", c.node_id, ": stopping on a signal");
        loop.stop();
    });
    node->on_fatal([&](const std::string&) {
        status = kExitFailed;
        loop.stop();
    });
    loop.run();
    node->stop();
    return status;
}

} // namespace

CommandLine parse_command_line(int argc, const char* const* argv) {
    po::variables_map vm;
    try {
        auto desc = describe_options(); // the parser keeps a pointer to it
        auto parsed = po::command_line_parser(argc, argv).options(desc).run();
        // Program_options keeps stray words as unnamed options; kvserver takes none.
        auto stray = po::collect_unrecognized(parsed.options, po::include_positional);
        if (!stray.empty()) return usage_error("unexpected argument '" + stray.front() + "'");
        po::store(parsed, vm);
        po::notify(vm);
    } catch (const po::error& e) {
        return usage_error(e.what());
    }
    return validate(vm);
}

std::string usage_text(const std::vector<Protocol>& protocols) {
    std::ostringstream out;
    out << "usage: kvserver [--protocol P] --node-id N --cluster host:port,host:port,... "
           "[--client-port P] [--data-dir DIR] [--tick-ms T] [--log]\n\n"
        << "A replicated key-value store (vard's client protocol) on a verified protocol.\n\n"
        << describe_options() << "\nProtocols:";
    for (const auto& p : protocols)
        out << " " << p.name << (p.make ? "" : " (adapter not built yet)");
    out << "\n";
    return out.str();
}

int kvserver_main(int argc, const char* const* argv, const std::vector<Protocol>& protocols) {
    CommandLine c = parse_command_line(argc, argv);
    switch (c.action) {
    case CommandLine::Action::Help:
        std::cout << usage_text(protocols);
        return kExitOk;
    case CommandLine::Action::Version:
        std::cout << "kvserver " << kKvVersion << "\n";
        return kExitOk;
    case CommandLine::Action::Error:
        std::cerr << "kvserver: " << c.error << "\n\n" << usage_text(protocols);
        return kExitUsage;
    case CommandLine::Action::Run:
        break;
    }
    const Protocol* p = find_protocol(protocols, c.protocol);
    if (!p) {
        std::cerr << "kvserver: unknown protocol '" << c.protocol << "'\n\n"
                  << usage_text(protocols);
        return kExitUsage;
    }
    if (!p->make) {
        std::cerr << "kvserver: the " << p->display_name
                  << " adapter is not built into this binary yet (the class extracted from the "
                     "verified spec is not wired to the server); cannot run --protocol "
                  << p->name << "\n";
        return kExitUsage;
    }
    return run(c, *p);
}

} // namespace ivy::kv

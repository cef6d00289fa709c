// A running key-value server node: a Replica wired to its sockets and clock, all on
// one event loop.
//
//   peers    runtime::TcpTransport (framed, hello-checked, bounded queues)
//   clients  ClientListener (the vard wire protocol)
//   clock    Loop::every(tick): fixed rate, random first phase
//   disk     with a data directory: WalStore recovered at create(), then a
//            GroupCommitLog writer thread whose progress is posted to the loop
//
// No lock anywhere: the adapter, the service and every socket are touched only by
// the loop thread; the log's writer thread touches only the files and posts back.
#pragma once

#include "runtime/kv/client_listener.h"
#include "runtime/kv/consensus.h"
#include "runtime/kv/fs.h"
#include "runtime/kv/replica.h"
#include "runtime/shim/event_loop.h"
#include "runtime/shim/net_config.h"
#include "runtime/shim/tcp_transport.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace ivy::kv {

struct NodeOptions {
    int node_id = 0;
    std::shared_ptr<runtime::ListTcpConfig> cluster; // peer addresses, node i = entry i
    unsigned short client_port = 8000;               // 0: any free port
    std::string client_address = "0.0.0.0";
    std::optional<std::string> data_dir; // durable mode when set
    runtime::Duration tick{0};           // zero: the protocol's default
    ServiceOptions service;
    ClientOptions clients;
    SnapshotPolicy snapshots;
    runtime::TcpOptions peers;
    std::shared_ptr<Fs> fs; // null: the real file system
    std::uint64_t seed = 0;
    runtime::Duration stats_every{0}; // zero: never log counters
};

class Node {
public:
    // Recovers the data directory (if any) and builds the replica; nothing listens
    // yet. Null with `error` set when the node cannot start.
    static std::unique_ptr<Node> create(runtime::Loop& loop, const Protocol& protocol,
                                        NodeOptions options, std::string& error);
    ~Node();
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;

    // Listens for peers and clients and starts the clock.
    runtime::Status start();
    // Stops listening, closes every connection and flushes the log. Idempotent.
    void stop();

    // Called (on the loop) when the node cannot go on, e.g. the disk failed.
    void on_fatal(std::function<void(const std::string&)> fn) { on_fatal_ = std::move(fn); }

    unsigned short client_port() const { return clients_ ? clients_->port() : 0; }
    unsigned short peer_port() const { return peers_ ? peers_->local_port() : 0; }
    const Replica& replica() const { return *replica_; }
    const ClientListener& clients() const { return *clients_; }
    const runtime::TcpTransport& peers() const { return *peers_; }
    const Recovered& recovered() const { return recovered_; }

private:
    Node(runtime::Loop& loop, const Protocol& protocol, NodeOptions options);
    std::string open_durable();
    void log_stats();

    runtime::Loop& loop_;
    Protocol protocol_;
    NodeOptions options_;
    std::unique_ptr<runtime::TcpTransport> peers_;
    std::unique_ptr<ClientListener> clients_;
    std::unique_ptr<Replica> replica_;
    Recovered recovered_;
    runtime::Timer ticker_;
    runtime::Timer stats_timer_;
    std::function<void(const std::string&)> on_fatal_;
    bool stopped_ = false;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

} // namespace ivy::kv

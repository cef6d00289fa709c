#include "runtime/kv/node.h"

#include "runtime/shim/log.h"

#include <utility>

namespace ivy::kv {

Node::Node(runtime::Loop& loop, const Protocol& protocol, NodeOptions options)
    : loop_(loop), protocol_(protocol), options_(std::move(options)) {}

std::unique_ptr<Node> Node::create(runtime::Loop& loop, const Protocol& protocol,
                                   NodeOptions options, std::string& error) {
    if (!protocol.make) {
        error = "the " + protocol.display_name + " adapter is not built into this binary";
        return nullptr;
    }
    if (!options.cluster || options.node_id < 0 ||
        static_cast<std::size_t>(options.node_id) >= options.cluster->size()) {
        error = "node id " + std::to_string(options.node_id) + " is not in the cluster";
        return nullptr;
    }
    if (options.tick == runtime::Duration::zero()) options.tick = protocol.default_tick;
    if (!options.fs) options.fs = posix_fs();
    std::unique_ptr<Node> node(new Node(loop, protocol, std::move(options)));
    NodeOptions& o = node->options_;
    Node* self = node.get();

    o.peers.cluster_id = "ivy-kv/" + protocol.name;
    o.peers.protocol_version = protocol.wire_version;
    node->peers_ = std::make_unique<runtime::TcpTransport>(loop, o.cluster, o.node_id, o.peers);
    node->clients_ = std::make_unique<ClientListener>(
        loop, o.clients, [self](ConnId c, Request r) { self->replica_->client_request(c, r); });

    ReplicaIo io;
    io.send = [self](int to, std::string m) { self->peers_->send(to, std::move(m)); };
    io.reply = [self](ConnId c, std::string body) { self->clients_->send(c, body); };
    io.post = [&loop](std::function<void()> fn) { loop.post(std::move(fn)); };
    ReplicaOptions ro;
    ro.config = {o.node_id, static_cast<int>(o.cluster->size())};
    ro.service = o.service;
    ro.snapshots = o.snapshots;
    ro.seed = o.seed;
    node->replica_ = std::make_unique<Replica>(protocol, ro, std::move(io));

    if (o.data_dir) {
        error = node->open_durable();
        if (!error.empty()) return nullptr;
    }
    return node;
}

// Recovers the directory, replays it into the replica, and starts the writer.
std::string Node::open_durable() {
    std::unique_ptr<WalStore> store;
    if (auto st = WalStore::open(options_.fs, *options_.data_dir, store, recovered_); !st.ok())
        return st.error;
    for (const auto& note : recovered_.notes)
        runtime::log_warn("node ", options_.node_id, ": recovery: ", note);
    std::weak_ptr<int> alive = alive_;
    GroupCommitLog::Callbacks cb;
    cb.on_durable = [this, alive](std::uint64_t next) {
        loop_.post([this, alive, next] {
            if (!alive.expired()) replica_->durable(next);
        });
    };
    cb.on_error = [this, alive](const std::string& why) {
        loop_.post([this, alive, why] {
            if (alive.expired()) return;
            runtime::log_error("node ", options_.node_id, ": write-ahead log failed: ", why);
            if (on_fatal_) on_fatal_("write-ahead log failed: " + why);
        });
    };
    auto log = std::make_unique<GroupCommitLog>(std::move(store), std::move(cb));
    auto st = replica_->start_durable(recovered_, std::move(log));
    recovered_.records.clear(); // replayed; only the counts matter from here on
    recovered_.records.shrink_to_fit();
    return st.error;
}

Node::~Node() {
    stop();
}

runtime::Status Node::start() {
    peers_->on_message([this](int from, std::string_view payload) {
        if (!replica_->peer_message(from, payload))
            throw runtime::DecodeError("the protocol could not decode a message");
    });
    if (auto st = peers_->listen(); !st.ok()) return st;
    if (auto st = clients_->listen(options_.client_port, options_.client_address); !st.ok())
        return st;
    ticker_ = loop_.every(options_.tick, [this] { replica_->tick(); }, runtime::Loop::Phase::Random);
    if (options_.stats_every > runtime::Duration::zero())
        stats_timer_ = loop_.every(options_.stats_every, [this] { log_stats(); });
    return {};
}

void Node::stop() {
    if (stopped_) return;
    stopped_ = true;
    ticker_.cancel();
    stats_timer_.cancel();
    if (clients_) clients_->shutdown();
    if (peers_) peers_->shutdown();
    if (replica_) replica_->close();
}

void Node::log_stats() {
    const auto& s = replica_->service().stats();
    const auto& c = clients_->stats();
    const auto& p = peers_->stats();
    runtime::log_info("node ", options_.node_id, ": leader=", replica_->is_leader() ? "yes" : "no",
                      " clients=", clients_->connections(), " requests=", s.requests,
                      " not_leader=", s.not_leader, " batches=", s.batches_proposed,
                      " applied=", s.requests_applied, " entries=", s.entries_applied,
                      " rejected_clients=", c.rejected, " peer_sent=", p.messages_sent,
                      " peer_received=", p.messages_received, " peer_dropped=", p.dropped(),
                      " held=", replica_->held_outputs());
}

} // namespace ivy::kv

#include "runtime/kv/raft_adapter.h"

#include "raft.h" // generated at build time from specs/raft.ivy (raft.cmake)
#include "runtime/shim/serialization.h"

#include <chrono>

namespace ivy::kv {

// The generated class with its imported actions bound to the environment. The
// class's own checks stay enabled: a failed one is a bug, reported and aborted.
class RaftAdapter::Node final : public raft {
public:
    Node(const ConsensusConfig& config, ConsensusEnv& env)
        : raft(config.cluster_size, config.node_id), env_(env) {}

    // The spec's three logical networks (votes, appends, replies) share the transport.
    void imp__vote_net__send(node dst, msg m) override { env_.send(dst, runtime::to_bytes(m)); }
    void imp__append_net__send(node dst, msg m) override { env_.send(dst, runtime::to_bytes(m)); }
    void imp__reply_net__send(node dst, msg m) override { env_.send(dst, runtime::to_bytes(m)); }

    void imp__commit(node, index ix, value v) override { env_.committed(ix, v); }

private:
    ConsensusEnv& env_;
};

RaftAdapter::RaftAdapter(const ConsensusConfig& config, ConsensusEnv& env)
    : node_(std::make_unique<Node>(config, env)) {
    node_->__init();
}

RaftAdapter::~RaftAdapter() = default;

ProposeResult RaftAdapter::propose(std::string value) {
    return node_->ext__system__propose(std::move(value)) ? ProposeResult::Accepted
                                                         : ProposeResult::NotLeader;
}

// A message must decode completely and name its sender: the spec trusts m_src
// (votes and acknowledgements are counted by it), the transport knows `from`.
bool RaftAdapter::receive(int from, std::string_view message) {
    auto decoded = runtime::try_from_bytes<raft::msg>(message);
    if (!decoded) return false;
    const raft::msg& m = *decoded.value;
    if (from < 0 || from >= node_->node__size || m.m_src != from) return false;
    switch (m.m_kind) {
    case raft::request_vote:
    case raft::grant_vote:
        node_->ext__vote_net__recv(m);
        return true;
    case raft::append:
        node_->ext__append_net__recv(m);
        return true;
    case raft::append_reply:
        node_->ext__reply_net__recv(m);
        return true;
    }
    return false; // an enumeration value the decoder let through
}

void RaftAdapter::tick() { node_->ext__system__tick(); }

bool RaftAdapter::is_leader() const { return node_->system__is_leader; }

std::optional<int> RaftAdapter::leader_hint() const {
    if (!node_->system__knows_leader) return std::nullopt;
    return node_->system__leader_of;
}

std::string RaftAdapter::save() const { return node_->save(); }

bool RaftAdapter::load(std::string_view state) {
    try {
        node_->load(state);
        return true;
    } catch (const runtime::DecodeError&) {
        return false;
    }
}

std::uint64_t RaftAdapter::term() const { return node_->system__cur_term; }
std::uint64_t RaftAdapter::log_length() const { return node_->replication__log_len; }
std::uint64_t RaftAdapter::commit_length() const { return node_->replication__commit_len; }

Protocol RaftAdapter::protocol() {
    Protocol p;
    p.name = "raft";
    p.display_name = "Raft";
    p.make = [](const ConsensusConfig& c, ConsensusEnv& env) -> std::unique_ptr<Consensus> {
        return std::make_unique<RaftAdapter>(c, env);
    };
    // Followers stand for election after 4 + node-id quiet ticks: with 25 ms
    // ticks a dead leader is replaced in well under half a second.
    p.default_tick = std::chrono::milliseconds(25);
    p.wire_version = 0x52414654; // "RAFT": the spec's msg encoding, version 1
    return p;
}

} // namespace ivy::kv

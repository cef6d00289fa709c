#include "runtime/kv/multipaxos_adapter.h"

#include "multi_paxos.h" // generated into the build tree by multipaxos.cmake
#include "runtime/shim/serialization.h"

#include <utility>

namespace ivy::kv {

class MultiPaxosAdapter::Node final : public multi_paxos {
public:
    Node(const ConsensusConfig& config, ConsensusEnv& env)
        : multi_paxos(config.cluster_size, config.node_id), env_(env) {}

    void imp__transmit(node, node dst, msg m) override {
        env_.send(dst, runtime::to_bytes(m));
    }

    void imp__decide(node, index ix, value v) override { env_.committed(ix, v); }

    // Undecided proposals of the window [commit, commit + chunk) go out again
    // (the spec sends only those older than a tick, and nothing unless leading).
    void retransmit_window() {
        const index from = system__commit;
        for (index i = from; i < from + kWindow && i < system__next_ix; ++i) ext__system__retransmit(i);
    }

    bool leads() const { return system__leading && system__active; }

    // The spec has one delivery action per message kind.
    void deliver(msg m) {
        switch (m.m_kind) {
        case one_a: ext__system__recv_1a(std::move(m)); break;
        case one_b: ext__system__recv_1b(std::move(m)); break;
        case two_a: ext__system__recv_2a(std::move(m)); break;
        case two_b: ext__system__recv_2b(std::move(m)); break;
        case beat: ext__system__recv_beat(std::move(m)); break;
        case learn_req: ext__system__recv_learn_req(std::move(m)); break;
        case learn: ext__system__recv_learn(std::move(m)); break;
        }
    }

private:
    static constexpr index kWindow = 64; // the spec's chunk bound (limits.full)

    ConsensusEnv& env_;
};

MultiPaxosAdapter::MultiPaxosAdapter(const ConsensusConfig& config, ConsensusEnv& env)
    : node_(std::make_unique<Node>(config, env)) {
    node_->__init();
    node_->__unlock();
}

MultiPaxosAdapter::~MultiPaxosAdapter() = default;

ProposeResult MultiPaxosAdapter::propose(std::string value) {
    return node_->ext__system__propose(std::move(value)) ? ProposeResult::Accepted
                                                         : ProposeResult::NotLeader;
}

bool MultiPaxosAdapter::receive(int from, std::string_view message) {
    if (from < 0 || from >= node_->node__size) return false;
    auto decoded = runtime::try_from_bytes<multi_paxos::msg>(message);
    if (!decoded) return false;
    multi_paxos::msg m = std::move(*decoded.value);
    m.m_src = from; // the transport knows who sent it; the bytes could lie
    const bool led = node_->leads();
    node_->deliver(std::move(m));
    if (!led && node_->leads()) node_->retransmit_window(); // phase 1 just ended
    return true;
}

void MultiPaxosAdapter::tick() {
    node_->retransmit_window();
    node_->ext__system__tick();
}

bool MultiPaxosAdapter::is_leader() const {
    return node_->leads();
}

// Round r belongs to node r mod N (the spec's `ballot`); round 0 has no leader.
std::optional<int> MultiPaxosAdapter::leader_hint() const {
    if (is_leader()) return node_->self;
    const auto round = node_->system__cur;
    if (round == 0 || node_->node__size <= 0) return std::nullopt;
    return static_cast<int>(round % static_cast<std::uint64_t>(node_->node__size));
}

std::string MultiPaxosAdapter::save() const {
    return node_->save();
}

bool MultiPaxosAdapter::load(std::string_view state) {
    try {
        node_->load(state);
        return true;
    } catch (const runtime::DecodeError&) {
        return false;
    }
}

std::uint64_t MultiPaxosAdapter::round() const {
    return node_->system__cur;
}

std::uint64_t MultiPaxosAdapter::commit_length() const {
    return node_->system__commit;
}

Protocol MultiPaxosAdapter::protocol() {
    Protocol p;
    p.name = "multipaxos";
    p.display_name = "Multi-Paxos";
    p.make = [](const ConsensusConfig& config, ConsensusEnv& env) -> std::unique_ptr<Consensus> {
        return std::make_unique<MultiPaxosAdapter>(config, env);
    };
    p.default_tick = std::chrono::milliseconds(20);
    p.wire_version = 1;
    return p;
}

} // namespace ivy::kv

// The Raft protocol adapter: ivy::kv::Consensus over the class extracted from the
// verified spec specs/raft.ivy (`ivy to_cpp target=class isolate=server_proc`,
// run by the build; see raft.cmake).
//
// The generated class is a deterministic state machine: its exported actions are
// propose(v) -> ok, tick() and recv(m) of the spec's three logical networks (votes,
// appends, append replies); its imported actions, the networks' send(dst, m) and
// commit(n, ix, v), are overridden here to call the ConsensusEnv. All networks share the server's
// transport: a message travels as the runtime's serialization of the spec's `msg`
// struct and is routed back by its kind. Anything that does not decode, or names a
// node other than the sender, is rejected without touching the protocol state.
//
// Timing: the leader refreshes every follower on each tick; a follower stands for
// election after 4 + node-id quiet ticks (deterministic, no env.choose), so with
// the default 25 ms tick a dead leader is replaced in about 100-200 ms.
#pragma once

#include "runtime/kv/consensus.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ivy::kv {

class RaftAdapter final : public Consensus {
public:
    RaftAdapter(const ConsensusConfig& config, ConsensusEnv& env);
    ~RaftAdapter() override;

    ProposeResult propose(std::string value) override;
    bool receive(int from, std::string_view message) override;
    void tick() override;
    bool is_leader() const override;
    std::optional<int> leader_hint() const override;
    std::string save() const override;
    bool load(std::string_view state) override;

    // For tests and logs.
    std::uint64_t term() const;
    std::uint64_t log_length() const;
    std::uint64_t commit_length() const;

    // The protocol entry of builtin_protocols().
    static Protocol protocol();

private:
    class Node; // the generated class with its imported actions bound to env
    std::unique_ptr<Node> node_;
};

} // namespace ivy::kv

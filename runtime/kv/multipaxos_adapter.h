// The Multi-Paxos protocol adapter: ivy::kv::Consensus over the class extracted from
// the verified spec specs/multi_paxos/multi_paxos.ivy (`ivy to_cpp target=class
// isolate=node_proc`, run by the build; see multipaxos.cmake).
//
// The generated class is a deterministic state machine: its exported actions are
// propose(v) -> ok, recv(m) and tick(); its imported actions transmit(src, dst, m)
// and decide(n, ix, v) are overridden here to call the ConsensusEnv. Messages travel
// as the runtime's serialization of the spec's `msg` struct; anything that does not
// decode is rejected without touching the protocol state, and the sender field is
// taken from the transport (a peer cannot speak for another).
#pragma once

#include "runtime/kv/consensus.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ivy::kv {

class MultiPaxosAdapter final : public Consensus {
public:
    MultiPaxosAdapter(const ConsensusConfig& config, ConsensusEnv& env);
    ~MultiPaxosAdapter() override;

    ProposeResult propose(std::string value) override;
    bool receive(int from, std::string_view message) override;
    void tick() override;
    bool is_leader() const override;
    std::optional<int> leader_hint() const override;
    std::string save() const override;
    bool load(std::string_view state) override;

    // For tests and logs.
    std::uint64_t round() const;         // the round this node has joined
    std::uint64_t commit_length() const; // instances decided and reported

    // The protocol entry of builtin_protocols().
    static Protocol protocol();

private:
    class Node; // the generated class with its imported actions bound to env
    std::unique_ptr<Node> node_;
};

} // namespace ivy::kv

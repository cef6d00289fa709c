#include "runtime/kv/consensus.h"
#include "runtime/kv/multipaxos_adapter.h"
#include "runtime/kv/raft_adapter.h"

namespace ivy::kv {

// The protocols kvserver names, each an adapter around a class extracted from a
// verified spec at build time (runtime/kv/README.md, "Writing a protocol adapter").
std::vector<Protocol> builtin_protocols() {
    return {RaftAdapter::protocol(), MultiPaxosAdapter::protocol()};
}

} // namespace ivy::kv

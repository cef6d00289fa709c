// The narrow interface between the key-value server and a replication protocol.
//
// A protocol adapter (Raft, Multi-Paxos: each wraps the class `ivy to_cpp
// target=class` extracted from a verified spec) implements `Consensus`; the server
// implements `ConsensusEnv`. The adapter is a deterministic state machine driven by
// three kinds of input, all on the server's one event-loop thread:
//
//   receive(from, bytes)   a message from a peer
//   tick()                 the clock advanced by one period (--tick-ms)
//   propose(value)         a client batch to replicate
//
// and it acts only through the environment:
//
//   env.send(to, bytes)           a message for a peer (may be lost: the specs allow it)
//   env.committed(index, value)   a log entry is decided
//   env.choose(bound)             any nondeterministic choice (e.g. a random back-off)
//
// The adapter owns no sockets, threads or timers. That is what makes durability
// possible without touching the verified protocol: the server writes each input to
// its write-ahead log before calling the adapter, holds every output until that
// record is on disk, and after a crash replays the same inputs (and the logged
// choices) into a fresh object restored from a snapshot (save/load), reproducing
// the same state. An adapter must therefore not read clocks, random devices or
// anything else outside these calls, and its construction must be deterministic
// and must not call the environment (recovery constructs it again, then replays).
//
// Contract for committed(): every index from 0 upwards is reported at least once,
// in increasing order. The server ignores indices it has already applied (Ivy's Raft
// reports the whole log again at a new leader's first commit) and buffers ones that
// arrive early, so repeats and reordering are tolerated but gaps stall the server.
// An empty value is a no-op. Any replica may report commits; a replica that never
// does (e.g. a Raft follower in the artifact's design) simply serves no reads until
// it leads and catches up.
#pragma once

#include "runtime/shim/event_loop.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ivy::kv {

// What the server offers the adapter. All calls happen inside a Consensus call.
class ConsensusEnv {
public:
    virtual ~ConsensusEnv() = default;

    // Queues `message` for node `to` (sending to oneself is allowed and goes
    // through the loop). Never blocks, never reenters the adapter.
    virtual void send(int to, std::string message) = 0;

    // Log entry `index` (0-based) is decided with `value`.
    virtual void committed(std::uint64_t index, std::string_view value) = 0;

    // A uniformly random number in [0, bound) (0 if bound is 0). Logged, and
    // replayed from the log during recovery.
    virtual std::uint64_t choose(std::uint64_t bound) = 0;
};

enum class ProposeResult { Accepted, NotLeader };

class Consensus {
public:
    virtual ~Consensus() = default;

    // Starts replicating `value` (an opaque string; the server never proposes an
    // empty one). NotLeader: this node cannot; nothing changed.
    virtual ProposeResult propose(std::string value) = 0;

    // A peer's message. Returns false when `message` does not decode (then nothing
    // changed, and the server drops the connection it came on).
    virtual bool receive(int from, std::string_view message) = 0;

    virtual void tick() = 0;

    // Would propose() accept now? Polled after every input; a change from true to
    // false makes the server answer pending requests with NotLeader.
    virtual bool is_leader() const = 0;

    // The node this one believes leads, if any (for logs and hints).
    virtual std::optional<int> leader_hint() const = 0;

    // The complete protocol state (codegen's save()/load() of the generated class,
    // plus whatever the adapter keeps beside it). load() returns false and changes
    // nothing when the bytes are malformed.
    virtual std::string save() const = 0;
    virtual bool load(std::string_view state) = 0;
};

struct ConsensusConfig {
    int node_id = 0;
    int cluster_size = 0;
};

// How the server builds an adapter. The object is constructed fully initialized
// (for a generated class: constructor, configuration, __init()), before any input.
using ConsensusFactory =
    std::function<std::unique_ptr<Consensus>(const ConsensusConfig&, ConsensusEnv&)>;

// One protocol the server can run.
struct Protocol {
    std::string name;         // --protocol value: "raft", "multipaxos"
    std::string display_name; // "Raft", "Multi-Paxos" (start-up line)
    ConsensusFactory make;
    runtime::Duration default_tick = std::chrono::milliseconds(50);
    std::uint64_t wire_version = 1; // peers must agree (checked in the transport hello)
};

// The protocols `kvserver --protocol` knows by name. A protocol whose adapter is not
// built into this binary is listed with an empty `make`, so the server can say so
// instead of calling it an unknown protocol.
std::vector<Protocol> builtin_protocols();

} // namespace ivy::kv

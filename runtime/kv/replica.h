// One replica of the key-value store without its sockets: the consensus adapter,
// the service (batching, state machine, reply routing) and, with --data-dir, the
// write-ahead log and the output gate.
//
// Inputs (each is logged before the adapter sees it):
//   peer_message(from, bytes), tick(), and the proposals the service makes
//   (client requests become proposals at flush time);
//   choices the adapter asks for (ConsensusEnv::choose) are logged as they happen.
// Outputs (peer messages, client replies) go through the gate: released at once in
// memory mode; in durable mode held until the log reports every record appended
// before them durable; dropped while replaying (to the protocol that is message
// loss, which its specification allows).
//
// Recovery (durable mode): load the snapshot into the adapter and the service,
// replay the records after it with outputs dropped and choices taken from the log,
// then continue live. Because the adapter is deterministic in its inputs, the state
// reached is the one the node had after its last durable record: a restarted node
// is indistinguishable from a slow one.
//
// Sockets live in Node (node.h); tests drive a Replica directly with a simulated
// network.
#pragma once

#include "runtime/kv/consensus.h"
#include "runtime/kv/group_commit.h"
#include "runtime/kv/service.h"
#include "runtime/kv/wal.h"
#include "runtime/shim/net_config.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace ivy::kv {

struct ReplicaIo {
    std::function<void(int to, std::string message)> send;
    std::function<void(ConnId conn, std::string body)> reply;
    std::function<void(std::function<void()>)> post; // run on the loop, after this turn
};

struct SnapshotPolicy {
    std::uint64_t every_records = 500000;
    std::uint64_t every_bytes = std::uint64_t{64} << 20;
};

struct ReplicaOptions {
    ConsensusConfig config;
    ServiceOptions service;
    SnapshotPolicy snapshots;
    std::uint64_t seed = 0; // choices and the batch origin; 0: from std::random_device
};

// The kinds of input records in the write-ahead log (first payload byte).
enum class InputKind : std::uint8_t { Message = 1, Tick = 2, Propose = 3, Choice = 4 };

struct ReplicaStats {
    std::uint64_t inputs_logged = 0;
    std::uint64_t outputs_held = 0;     // ever
    std::uint64_t outputs_released = 0; // after being held
    std::uint64_t outputs_dropped_in_replay = 0;
    std::uint64_t snapshots = 0;
    std::uint64_t replayed = 0;
    std::uint64_t malformed_messages = 0;
};

class Replica final : private ConsensusEnv {
public:
    // Builds the adapter through `protocol.make`.
    Replica(const Protocol& protocol, ReplicaOptions options, ReplicaIo io);
    ~Replica() override;
    Replica(const Replica&) = delete;
    Replica& operator=(const Replica&) = delete;

    // Durable mode: restores `recovered` and continues the log in `log` (whose next
    // LSN must follow the recovered records). Call once, before any input. An error
    // means the node must not start.
    runtime::Status start_durable(const Recovered& recovered, std::unique_ptr<GroupCommitLog> log);

    // ---- inputs (loop thread) ----
    // False if the adapter found the message malformed.
    bool peer_message(int from, std::string_view bytes);
    void tick();
    void client_request(ConnId conn, Request r);
    // The log is durable below `next_lsn` (posted by the owner from the writer).
    void durable(std::uint64_t next_lsn);

    // Flushes and closes the log (clean shutdown); held outputs are released.
    void close();

    // A snapshot now (tests; otherwise the policy decides).
    void take_snapshot();

    bool is_leader() const { return consensus_->is_leader(); }
    std::optional<int> leader_hint() const { return consensus_->leader_hint(); }
    const KvService& service() const { return service_; }
    const Consensus& consensus() const { return *consensus_; }
    const ReplicaStats& stats() const { return stats_; }
    std::size_t held_outputs() const { return held_.size(); }
    bool durable_mode() const { return log_ != nullptr; }
    std::uint64_t next_lsn() const { return log_ ? log_->next_lsn() : 0; }

    // The state a snapshot would hold: adapter and service.
    std::string snapshot_payload() const;

private:
    struct Held {
        std::uint64_t tag = 0; // released once the log is durable below it
        int to = -1;           // peer, or -1 for a client reply
        ConnId conn = 0;
        std::string bytes;
    };

    // ConsensusEnv
    void send(int to, std::string message) override;
    void committed(std::uint64_t index, std::string_view value) override;
    std::uint64_t choose(std::uint64_t bound) override;

    ProposeResult propose(std::string value);
    void log_input(InputKind kind, int from, std::string_view data);
    void output(int to, ConnId conn, std::string bytes);
    void after_input();
    void maybe_snapshot();
    void schedule_flush();
    runtime::Status restore_snapshot(std::string_view payload);
    runtime::Status replay(const Recovered& recovered);

    ServiceHooks service_hooks();

    ReplicaOptions options_;
    ReplicaIo io_;
    std::mt19937_64 rng_;
    KvService service_;
    std::unique_ptr<Consensus> consensus_;
    std::unique_ptr<GroupCommitLog> log_;
    std::deque<Held> held_;
    std::uint64_t durable_lsn_ = 0;
    ReplicaStats stats_;
    std::optional<int> last_hint_;

    // Replay state.
    bool replaying_ = false;
    const std::vector<std::string>* replay_records_ = nullptr;
    std::size_t replay_pos_ = 0;
    std::string replay_error_;

    std::uint64_t since_snapshot_records_ = 0;
    std::uint64_t since_snapshot_bytes_ = 0;

    // Guards callbacks posted to the loop against running after destruction.
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

// Encoding of one input record (exposed for tests and tools).
std::string encode_input(InputKind kind, int from, std::string_view data);

} // namespace ivy::kv

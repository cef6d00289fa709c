// The server's logic between client connections and consensus, with no sockets:
// batching, flow control, applying commits to the state machine, and routing each
// response to the connection waiting for it.
//
//   request(conn, req)      a parsed client request
//   flush()                 end of a loop turn: propose what has gathered
//   committed(index, value) from consensus, via the replica
//   leadership(is_leader)   after every consensus input
//   tick()                  expires batches that never commit
//
// Requests are answered only at commit, GETs included, so every answer reflects a
// prefix of the one log: reads are linearizable without leases or clocks (a
// deposed leader cannot commit, so it cannot answer a stale read).
//
// Flow control: at most `max_batches_in_flight` of this node's batches are proposed
// and not yet committed; requests arriving meanwhile wait in the next batch, so
// under load batches grow instead of the protocol's queues.
//
// Losing leadership answers every waiting request with NotLeader at once (instead
// of leaving clients to time out): the client retries elsewhere with the same SEQ,
// and if the old entry commits after all, dedup answers the retry from the cache.
#pragma once

#include "runtime/kv/batch.h"
#include "runtime/kv/consensus.h"
#include "runtime/kv/state_machine.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ivy::kv {

using ConnId = std::uint64_t;

struct ServiceOptions {
    std::size_t max_batches_in_flight = 4;
    std::size_t max_batch_requests = 4096;
    // Batches older than this many ticks are forgotten (their clients time out and
    // retry); only happens when entries are lost, e.g. a leader change we missed.
    std::uint64_t batch_expiry_ticks = 200;
    // Early commits buffered while an earlier index is missing.
    std::size_t max_buffered_commits = 1 << 20;
};

struct ServiceHooks {
    std::function<ProposeResult(std::string value)> propose;
    std::function<void(ConnId, std::string body)> reply;
    std::function<void()> schedule_flush; // call flush() once, after this turn
};

struct ServiceStats {
    std::uint64_t requests = 0;
    std::uint64_t not_leader = 0;
    std::uint64_t batches_proposed = 0;
    std::uint64_t entries_applied = 0;
    std::uint64_t requests_applied = 0;
    std::uint64_t duplicates = 0;
    std::uint64_t stale = 0;
    std::uint64_t undecodable_entries = 0;
    std::uint64_t expired_batches = 0;
};

class KvService {
public:
    KvService(std::uint64_t origin, ServiceHooks hooks, ServiceOptions options = {});

    void request(ConnId conn, Request r);
    void flush();
    void committed(std::uint64_t index, std::string_view value);
    void leadership(bool is_leader);
    void tick();

    // Requests waiting for an answer (proposed or gathering).
    std::size_t waiting() const { return waiting_count_; }
    std::size_t batches_in_flight() const { return in_flight_.size(); }
    std::uint64_t next_index() const { return next_index_; }
    const StateMachine& state() const { return state_; }
    const ServiceStats& stats() const { return stats_; }
    bool leader() const { return leader_; }

    // The replicated part (state machine, applied index, early commits), for
    // snapshots. Throws runtime::DecodeError from load on malformed bytes.
    void save(runtime::Writer& w) const;
    void load(runtime::Reader& r);

private:
    struct Key {
        std::uint32_t client;
        std::uint64_t seq;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const {
            return std::hash<std::uint64_t>()(k.seq * 0x9e3779b97f4a7c15ULL ^ k.client);
        }
    };
    struct InFlight {
        std::uint64_t proposed_tick = 0;
        std::vector<Key> keys;
    };

    Batch take_batch();
    bool propose(const Batch& b);
    void apply_entry(std::string_view value);
    void answer(const Request& r, const Applied& a);
    void fail_all_waiting();
    void not_leader(ConnId conn);
    void forget(const Key& k);

    std::uint64_t origin_;
    ServiceHooks hooks_;
    ServiceOptions options_;
    StateMachine state_;
    ServiceStats stats_;

    bool leader_ = false;
    bool flush_scheduled_ = false;
    std::vector<Request> gathering_; // not yet proposed
    std::uint64_t next_batch_ = 0;
    std::unordered_map<std::uint64_t, InFlight> in_flight_; // by batch number
    std::unordered_map<Key, std::vector<ConnId>, KeyHash> waiting_;
    std::size_t waiting_count_ = 0;
    std::uint64_t ticks_ = 0;

    std::uint64_t next_index_ = 0;
    std::map<std::uint64_t, std::string> early_; // committed ahead of next_index_
};

} // namespace ivy::kv

// The replicated state machine: vard's key-value store with per-client dedup.
//
// Every replica applies the same committed requests in the same order, so this class
// must be deterministic: no clocks, no randomness, no iteration over unordered
// containers that could leak into results (save() sorts).
//
// Dedup (vard's rule, which the artifact reproduces): each client id remembers the
// response to its latest request.
//   - a request with the same SEQ as the cached one is answered from the cache and
//     executes nothing (a client retrying after a lost reply or a leader change);
//   - a request with a lower SEQ is stale: dropped, no reply (the client has moved
//     on; answering could confuse it);
//   - a higher SEQ executes and replaces the cache entry.
//
// Semantics (section 4.2):
//   GET k      value = current, old = current
//   PUT k v    k := v; value = v, old = previous
//   DEL k      remove k; value = -, old = previous
//   CAS k e n  if current == e (e absent: k absent): k := n, value = n
//              else value = current; old = previous
//   CAD k e    if current == e: remove k, value = -; else value = current; old = previous
// (The artifact read CAS's arguments in the wrong order and compared pointers, so
// its CAS and CAD never succeeded; these compare strings.)
#pragma once

#include "runtime/kv/wire.h"
#include "runtime/shim/net_config.h"
#include "runtime/shim/serialization.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ivy::kv {

// An optional string in the replicated state and in logged batches: a presence
// flag, then the string (empty when absent).
void put_optional(runtime::Writer& w, const std::optional<std::string>& v);
std::optional<std::string> get_optional(runtime::Reader& r);

enum class Outcome { Executed, Duplicate, Stale };

struct Applied {
    Outcome outcome = Outcome::Executed;
    Response response; // meaningful unless Stale
};

class StateMachine {
public:
    Applied apply(const Request& r);

    std::optional<std::string> get(const std::string& key) const;
    std::size_t size() const { return data_.size(); }
    std::size_t clients() const { return clients_.size(); }

    // The whole state, canonical (equal states give equal bytes).
    void save(runtime::Writer& w) const;
    // Replaces the state; throws runtime::DecodeError on malformed input and then
    // leaves this object unchanged.
    void load(runtime::Reader& r);

    bool operator==(const StateMachine&) const = default;

private:
    Response execute(const Request& r);

    std::unordered_map<std::string, std::string> data_;
    std::unordered_map<std::uint32_t, Response> clients_; // latest response per client
};

} // namespace ivy::kv

// What the server proposes to consensus: a batch of client requests.
//
// The protocol treats log values as opaque strings; batching lives here, outside the
// verified core. The requests that arrive during one turn of the event loop (and
// while the proposal window is full) travel as one log entry, so one round of
// consensus serves many clients. Every replica applies a batch's requests in order.
//
// `origin` names the proposing server process (random per start) and `number`
// counts its batches, so the proposer recognises its own batches when they commit
// (flow control) even after a restart or a leader change.
//
// Encoding (runtime wire format, serialization.h): u64 format, u64 origin,
// u64 number, count, then per request: u64 client id, u64 seq, u64 command,
// string key, (bool, string) value, (bool, string) expected. The empty string is
// the no-op value (some protocols commit one at a leader change) and decodes to an
// empty batch.
#pragma once

#include "runtime/kv/wire.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ivy::kv {

struct Batch {
    std::uint64_t origin = 0;
    std::uint64_t number = 0;
    std::vector<Request> requests;

    bool operator==(const Batch&) const = default;
};

std::string encode_batch(const Batch& b);

struct DecodedBatch {
    std::optional<Batch> batch;
    std::string error;

    explicit operator bool() const { return batch.has_value(); }
};

DecodedBatch decode_batch(std::string_view bytes);

} // namespace ivy::kv

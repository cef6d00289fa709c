#include "runtime/kv/batch.h"

#include "runtime/kv/state_machine.h"
#include "runtime/shim/serialization.h"

namespace ivy::kv {

namespace {

constexpr std::uint64_t kFormat = 0x4b5642; // "KVB"

Request get_request(runtime::Reader& r) {
    Request q;
    auto id = r.get_u64();
    if (id > UINT32_MAX) r.fail("client id out of range", 8);
    q.client_id = static_cast<std::uint32_t>(id);
    q.seq = r.get_u64();
    auto cmd = r.get_u64();
    if (cmd >= kCommandCount) r.fail("unknown command", 8);
    q.cmd = static_cast<Command>(cmd);
    q.key = r.get_string();
    q.value = get_optional(r);
    q.expected = get_optional(r);
    return q;
}

} // namespace

std::string encode_batch(const Batch& b) {
    runtime::Writer w;
    w.put_u64(kFormat);
    w.put_u64(b.origin);
    w.put_u64(b.number);
    w.put_count(b.requests.size());
    for (const Request& q : b.requests) {
        w.put_u64(q.client_id);
        w.put_u64(q.seq);
        w.put_u64(static_cast<std::uint64_t>(q.cmd));
        w.put_string(q.key);
        put_optional(w, q.value);
        put_optional(w, q.expected);
    }
    return w.take();
}

DecodedBatch decode_batch(std::string_view bytes) {
    if (bytes.empty()) return {Batch{}, {}};
    try {
        runtime::Reader r(bytes);
        if (r.get_u64() != kFormat) r.fail("not a key-value batch", 8);
        Batch b;
        b.origin = r.get_u64();
        b.number = r.get_u64();
        // A request takes at least 8 * 5 + 8 * 3 bytes.
        auto n = r.get_count(64);
        b.requests.reserve(n);
        for (std::size_t i = 0; i < n; ++i) b.requests.push_back(get_request(r));
        r.expect_end();
        return {std::move(b), {}};
    } catch (const runtime::DecodeError& e) {
        return {std::nullopt, e.what()};
    }
}

} // namespace ivy::kv

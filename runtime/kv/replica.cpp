#include "runtime/kv/replica.h"

#include "runtime/shim/log.h"
#include "runtime/shim/serialization.h"

#include <utility>

namespace ivy::kv {

namespace {

constexpr std::uint64_t kSnapshotFormat = 1;

std::uint64_t initial_seed(std::uint64_t seed) {
    if (seed != 0) return seed;
    std::random_device rd;
    return (std::uint64_t{rd()} << 32) ^ rd();
}

void put_le(std::string& out, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint64_t get_le(std::string_view in, int bytes) {
    std::uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(in[i]);
    return v;
}

// A decoded input record; `data` points into the record.
struct Input {
    InputKind kind{};
    int from = -1;
    std::string_view data;
    std::uint64_t choice = 0;
    bool ok = false;
};

Input decode_input(std::string_view rec) {
    Input in;
    if (rec.empty()) return in;
    in.kind = static_cast<InputKind>(static_cast<unsigned char>(rec[0]));
    rec.remove_prefix(1);
    switch (in.kind) {
    case InputKind::Message:
        if (rec.size() < 4) return in;
        in.from = static_cast<int>(static_cast<std::int32_t>(get_le(rec, 4)));
        in.data = rec.substr(4);
        break;
    case InputKind::Tick:
        if (!rec.empty()) return in;
        break;
    case InputKind::Propose:
        in.data = rec;
        break;
    case InputKind::Choice:
        if (rec.size() != 8) return in;
        in.choice = get_le(rec, 8);
        break;
    default:
        return in;
    }
    in.ok = true;
    return in;
}

} // namespace

std::string encode_input(InputKind kind, int from, std::string_view data) {
    std::string out;
    out.reserve(5 + data.size());
    out.push_back(static_cast<char>(kind));
    if (kind == InputKind::Message) put_le(out, static_cast<std::uint32_t>(from), 4);
    out.append(data.data(), data.size());
    return out;
}

Replica::Replica(const Protocol& protocol, ReplicaOptions options, ReplicaIo io)
    : options_(std::move(options)), io_(std::move(io)), rng_(initial_seed(options_.seed)),
      service_(rng_(), service_hooks(), options_.service) {
    // Built last: the adapter may already call the environment while constructed.
    consensus_ = protocol.make(options_.config, *this);
    service_.leadership(consensus_->is_leader());
    last_hint_ = consensus_->leader_hint();
}

ServiceHooks Replica::service_hooks() {
    ServiceHooks hooks;
    hooks.propose = [this](std::string v) { return propose(std::move(v)); };
    hooks.reply = [this](ConnId c, std::string body) { output(-1, c, std::move(body)); };
    hooks.schedule_flush = [this] { schedule_flush(); };
    return hooks;
}

Replica::~Replica() {
    close();
}

// ---- durability -------------------------------------------------------------------

runtime::Status Replica::start_durable(const Recovered& recovered,
                                       std::unique_ptr<GroupCommitLog> log) {
    log_ = std::move(log);
    durable_lsn_ = log_->next_lsn();
    if (recovered.snapshot) {
        if (auto st = restore_snapshot(*recovered.snapshot); !st.ok()) return st;
    }
    return replay(recovered);
}

runtime::Status Replica::restore_snapshot(std::string_view payload) {
    try {
        runtime::Reader r(payload);
        if (r.get_u64() != kSnapshotFormat) r.fail("unknown snapshot format", 8);
        std::string protocol_state = r.get_string();
        std::string service_state = r.get_string();
        r.expect_end();
        if (!consensus_->load(protocol_state))
            return {"snapshot: the protocol state does not load"};
        runtime::Reader sr(service_state);
        service_.load(sr);
        sr.expect_end();
    } catch (const runtime::DecodeError& e) {
        return {std::string("snapshot: ") + e.what()};
    }
    service_.leadership(consensus_->is_leader());
    return {};
}

// Feeds the recovered records to the adapter as if they were arriving now, with
// outputs dropped; a Choice record answers the choose() call of the input before it.
runtime::Status Replica::replay(const Recovered& recovered) {
    replaying_ = true;
    replay_records_ = &recovered.records;
    replay_pos_ = 0;
    replay_error_.clear();
    while (replay_pos_ < recovered.records.size() && replay_error_.empty()) {
        std::uint64_t lsn = recovered.first_lsn + replay_pos_;
        Input in = decode_input(recovered.records[replay_pos_++]);
        if (!in.ok) {
            replay_error_ = "record " + std::to_string(lsn) + " is not an input record";
            break;
        }
        switch (in.kind) {
        case InputKind::Message:
            if (!consensus_->receive(in.from, in.data)) ++stats_.malformed_messages;
            break;
        case InputKind::Tick:
            consensus_->tick();
            service_.tick();
            break;
        case InputKind::Propose:
            consensus_->propose(std::string(in.data));
            break;
        case InputKind::Choice:
            replay_error_ = "record " + std::to_string(lsn) +
                            " is a choice nobody asked for: replay diverged from the log";
            break;
        }
        ++stats_.replayed;
        service_.leadership(consensus_->is_leader());
    }
    replaying_ = false;
    replay_records_ = nullptr;
    if (!replay_error_.empty()) return {"recovery: " + replay_error_};
    last_hint_ = consensus_->leader_hint();
    return {};
}

void Replica::durable(std::uint64_t next_lsn) {
    if (next_lsn <= durable_lsn_) return;
    durable_lsn_ = next_lsn;
    while (!held_.empty() && held_.front().tag <= durable_lsn_) {
        Held h = std::move(held_.front());
        held_.pop_front();
        ++stats_.outputs_released;
        if (h.to >= 0)
            io_.send(h.to, std::move(h.bytes));
        else
            io_.reply(h.conn, std::move(h.bytes));
    }
}

void Replica::close() {
    if (!log_) return;
    log_->close(); // synchronous: everything appended is durable or the log failed
    if (!log_->failed()) durable(log_->next_lsn());
    log_.reset();
}

std::string Replica::snapshot_payload() const {
    runtime::Writer w;
    w.put_u64(kSnapshotFormat);
    w.put_string(consensus_->save());
    runtime::Writer sw;
    service_.save(sw);
    w.put_string(sw.bytes());
    return w.take();
}

void Replica::take_snapshot() {
    if (!log_) return;
    log_->snapshot(log_->next_lsn(), snapshot_payload());
    ++stats_.snapshots;
    since_snapshot_records_ = 0;
    since_snapshot_bytes_ = 0;
}

void Replica::maybe_snapshot() {
    if (since_snapshot_records_ >= options_.snapshots.every_records ||
        since_snapshot_bytes_ >= options_.snapshots.every_bytes)
        take_snapshot();
}

void Replica::log_input(InputKind kind, int from, std::string_view data) {
    if (!log_ || replaying_) return;
    std::string rec = encode_input(kind, from, data);
    log_->append(rec);
    ++stats_.inputs_logged;
    ++since_snapshot_records_;
    since_snapshot_bytes_ += rec.size();
}

// ---- inputs -----------------------------------------------------------------------

bool Replica::peer_message(int from, std::string_view bytes) {
    log_input(InputKind::Message, from, bytes);
    bool ok = consensus_->receive(from, bytes);
    if (!ok) ++stats_.malformed_messages;
    after_input();
    return ok;
}

void Replica::tick() {
    log_input(InputKind::Tick, -1, {});
    consensus_->tick();
    service_.tick();
    after_input();
}

void Replica::client_request(ConnId conn, Request r) {
    service_.request(conn, std::move(r));
    after_input();
}

ProposeResult Replica::propose(std::string value) {
    if (!consensus_->is_leader()) return ProposeResult::NotLeader;
    log_input(InputKind::Propose, -1, value);
    return consensus_->propose(std::move(value));
}

void Replica::schedule_flush() {
    std::weak_ptr<int> alive = alive_;
    io_.post([this, alive] {
        if (alive.expired()) return;
        service_.flush();
        after_input();
    });
}

void Replica::after_input() {
    service_.leadership(consensus_->is_leader());
    auto hint = consensus_->leader_hint();
    if (hint != last_hint_) {
        last_hint_ = hint;
        if (hint)
            runtime::log_info("node ", options_.config.node_id, ": leader is node ", *hint);
        else
            runtime::log_info("node ", options_.config.node_id, ": no known leader");
    }
    if (!log_) return;
    maybe_snapshot();
    if (!held_.empty()) log_->request_sync();
}

// ---- ConsensusEnv -----------------------------------------------------------------

void Replica::send(int to, std::string message) {
    output(to, 0, std::move(message));
}

void Replica::committed(std::uint64_t index, std::string_view value) {
    service_.committed(index, value);
}

std::uint64_t Replica::choose(std::uint64_t bound) {
    if (replaying_ && replay_records_ && replay_pos_ < replay_records_->size()) {
        Input in = decode_input((*replay_records_)[replay_pos_]);
        if (!in.ok || in.kind != InputKind::Choice) {
            if (replay_error_.empty())
                replay_error_ = "the protocol asked for a choice the log does not have "
                                "(replay diverged)";
            return 0;
        }
        ++replay_pos_;
        return in.choice;
    }
    // Live, or the crash came before the choice reached the disk: then nothing that
    // depended on it left the node, and a fresh choice is as good as the lost one.
    std::uint64_t v = bound == 0 ? 0 : rng_() % bound;
    if (log_) {
        std::string data;
        put_le(data, v, 8);
        bool was = replaying_;
        replaying_ = false;
        log_input(InputKind::Choice, -1, data);
        replaying_ = was;
    }
    return v;
}

void Replica::output(int to, ConnId conn, std::string bytes) {
    if (replaying_) {
        ++stats_.outputs_dropped_in_replay;
        return;
    }
    if (!log_) {
        if (to >= 0)
            io_.send(to, std::move(bytes));
        else
            io_.reply(conn, std::move(bytes));
        return;
    }
    std::uint64_t tag = log_->next_lsn();
    if (tag <= durable_lsn_ && held_.empty()) { // depends on nothing still in memory
        if (to >= 0)
            io_.send(to, std::move(bytes));
        else
            io_.reply(conn, std::move(bytes));
        return;
    }
    ++stats_.outputs_held;
    held_.push_back({tag, to, conn, std::move(bytes)});
}

} // namespace ivy::kv

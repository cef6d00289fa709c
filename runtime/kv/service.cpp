#include "runtime/kv/service.h"

#include "runtime/shim/log.h"

#include <utility>

namespace ivy::kv {

namespace {
constexpr std::uint64_t kFormat = 1;
} // namespace

KvService::KvService(std::uint64_t origin, ServiceHooks hooks, ServiceOptions options)
    : origin_(origin), hooks_(std::move(hooks)), options_(options) {}

void KvService::request(ConnId conn, Request r) {
    ++stats_.requests;
    if (!leader_) {
        not_leader(conn);
        return;
    }
    auto& conns = waiting_[Key{r.client_id, r.seq}];
    conns.push_back(conn);
    ++waiting_count_;
    gathering_.push_back(std::move(r));
    if (!flush_scheduled_) {
        flush_scheduled_ = true;
        hooks_.schedule_flush();
    }
}

void KvService::flush() {
    flush_scheduled_ = false;
    while (!gathering_.empty() && in_flight_.size() < options_.max_batches_in_flight) {
        if (!propose(take_batch())) return;
    }
    // Otherwise a commit of one of our batches calls flush() again.
}

// Up to max_batch_requests requests from the front of the gathering queue.
Batch KvService::take_batch() {
    Batch b{origin_, next_batch_++, {}};
    if (gathering_.size() <= options_.max_batch_requests) {
        b.requests = std::move(gathering_);
        gathering_.clear();
        return b;
    }
    auto cut = gathering_.begin() + static_cast<std::ptrdiff_t>(options_.max_batch_requests);
    b.requests.assign(std::make_move_iterator(gathering_.begin()), std::make_move_iterator(cut));
    gathering_.erase(gathering_.begin(), cut);
    return b;
}

// False when consensus refused: then everyone waiting has been told NotLeader.
bool KvService::propose(const Batch& b) {
    InFlight f{ticks_, {}};
    f.keys.reserve(b.requests.size());
    for (const Request& q : b.requests) f.keys.push_back({q.client_id, q.seq});
    ++stats_.batches_proposed;
    // In flight before proposing: a protocol may commit inside propose() (a
    // one-node cluster does), and the commit must find the batch to retire it.
    in_flight_[b.number] = std::move(f);
    if (hooks_.propose(encode_batch(b)) == ProposeResult::NotLeader) {
        in_flight_.erase(b.number);
        leadership(false);
        return false;
    }
    return true;
}

void KvService::committed(std::uint64_t index, std::string_view value) {
    if (index < next_index_) return; // already applied (a new Ivy-Raft leader replays)
    if (index > next_index_) {
        if (early_.size() >= options_.max_buffered_commits) {
            runtime::log_error("kv: dropping early commit ", index, " (waiting for ", next_index_,
                               ", buffer full)");
            return;
        }
        early_.emplace(index, std::string(value));
        return;
    }
    apply_entry(value);
    ++next_index_;
    for (auto it = early_.begin(); it != early_.end() && it->first <= next_index_;) {
        if (it->first == next_index_) {
            apply_entry(it->second);
            ++next_index_;
        }
        it = early_.erase(it);
    }
    if (!gathering_.empty() && !flush_scheduled_ &&
        in_flight_.size() < options_.max_batches_in_flight) {
        flush_scheduled_ = true;
        hooks_.schedule_flush();
    }
}

void KvService::apply_entry(std::string_view value) {
    ++stats_.entries_applied;
    auto decoded = decode_batch(value);
    if (!decoded) {
        // Deterministic on every replica: the same bytes fail the same way.
        ++stats_.undecodable_entries;
        runtime::log_error("kv: skipping a committed entry that is not a batch: ", decoded.error);
        return;
    }
    const Batch& b = *decoded.batch;
    if (b.origin == origin_) in_flight_.erase(b.number);
    for (const Request& r : b.requests) {
        Applied a = state_.apply(r);
        ++stats_.requests_applied;
        if (a.outcome == Outcome::Duplicate) ++stats_.duplicates;
        if (a.outcome == Outcome::Stale) ++stats_.stale;
        answer(r, a);
    }
}

// Sends the response to every connection waiting for this (client, seq). A stale
// request gets no reply (vard's rule); its waiters are released.
void KvService::answer(const Request& r, const Applied& a) {
    if (waiting_.empty()) return;
    auto it = waiting_.find(Key{r.client_id, r.seq});
    if (it == waiting_.end()) return;
    if (a.outcome != Outcome::Stale) {
        std::string body = format_response(a.response);
        for (ConnId c : it->second) hooks_.reply(c, body);
    }
    waiting_count_ -= it->second.size();
    waiting_.erase(it);
}

void KvService::leadership(bool is_leader) {
    if (is_leader == leader_) return;
    leader_ = is_leader;
    if (!is_leader) fail_all_waiting();
}

void KvService::fail_all_waiting() {
    for (auto& [key, conns] : waiting_)
        for (ConnId c : conns) not_leader(c);
    waiting_.clear();
    waiting_count_ = 0;
    in_flight_.clear();
    gathering_.clear();
}

void KvService::not_leader(ConnId conn) {
    ++stats_.not_leader;
    hooks_.reply(conn, std::string(kNotLeader));
}

void KvService::forget(const Key& k) {
    auto it = waiting_.find(k);
    if (it == waiting_.end()) return;
    waiting_count_ -= it->second.size();
    waiting_.erase(it);
}

void KvService::tick() {
    ++ticks_;
    for (auto it = in_flight_.begin(); it != in_flight_.end();) {
        if (ticks_ - it->second.proposed_tick < options_.batch_expiry_ticks) {
            ++it;
            continue;
        }
        ++stats_.expired_batches;
        for (const Key& k : it->second.keys) forget(k);
        it = in_flight_.erase(it);
    }
    if (!gathering_.empty() && !flush_scheduled_ &&
        in_flight_.size() < options_.max_batches_in_flight) {
        flush_scheduled_ = true;
        hooks_.schedule_flush();
    }
}

void KvService::save(runtime::Writer& w) const {
    w.put_u64(kFormat);
    w.put_u64(next_index_);
    state_.save(w);
    w.put_count(early_.size());
    for (const auto& [index, value] : early_) {
        w.put_u64(index);
        w.put_string(value);
    }
}

void KvService::load(runtime::Reader& r) {
    if (r.get_u64() != kFormat) r.fail("unknown service state format", 8);
    auto next = r.get_u64();
    StateMachine sm;
    sm.load(r);
    std::map<std::uint64_t, std::string> early;
    auto n = r.get_count(16);
    for (std::size_t i = 0; i < n; ++i) {
        auto index = r.get_u64();
        early[index] = r.get_string();
    }
    next_index_ = next;
    state_ = std::move(sm);
    early_ = std::move(early);
}

} // namespace ivy::kv

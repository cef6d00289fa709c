#include "runtime/kv/state_machine.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace ivy::kv {

void put_optional(runtime::Writer& w, const std::optional<std::string>& v) {
    w.put_bool(v.has_value());
    w.put_string(v ? std::string_view(*v) : std::string_view());
}

std::optional<std::string> get_optional(runtime::Reader& r) {
    bool present = r.get_bool();
    std::string s = r.get_string();
    if (!present) return std::nullopt;
    return s;
}

namespace {

void put_response(runtime::Writer& w, const Response& resp) {
    w.put_u64(resp.seq);
    w.put_string(resp.key);
    put_optional(w, resp.value);
    put_optional(w, resp.old);
}

Response get_response(runtime::Reader& r) {
    Response resp;
    resp.seq = r.get_u64();
    resp.key = r.get_string();
    resp.value = get_optional(r);
    resp.old = get_optional(r);
    return resp;
}

constexpr std::uint64_t kFormat = 1;

} // namespace

Applied StateMachine::apply(const Request& r) {
    auto cached = clients_.find(r.client_id);
    if (cached != clients_.end()) {
        if (r.seq == cached->second.seq) return {Outcome::Duplicate, cached->second};
        if (r.seq < cached->second.seq) return {Outcome::Stale, {}};
    }
    Response resp = execute(r);
    clients_[r.client_id] = resp;
    return {Outcome::Executed, std::move(resp)};
}

Response StateMachine::execute(const Request& r) {
    Response resp;
    resp.seq = r.seq;
    resp.key = r.key;
    auto it = data_.find(r.key);
    if (it != data_.end()) resp.old = it->second;
    const std::optional<std::string>& current = resp.old;
    switch (r.cmd) {
    case Command::Get:
        resp.value = current;
        break;
    case Command::Put:
        resp.value = r.value;
        data_[r.key] = r.value.value_or("");
        break;
    case Command::Del:
        if (it != data_.end()) data_.erase(it);
        break;
    case Command::Cas:
        if (current == r.expected) {
            resp.value = r.value;
            data_[r.key] = r.value.value_or("");
        } else {
            resp.value = current;
        }
        break;
    case Command::Cad:
        if (current == r.expected) {
            if (it != data_.end()) data_.erase(it);
        } else {
            resp.value = current;
        }
        break;
    }
    return resp;
}

std::optional<std::string> StateMachine::get(const std::string& key) const {
    auto it = data_.find(key);
    if (it == data_.end()) return std::nullopt;
    return it->second;
}

void StateMachine::save(runtime::Writer& w) const {
    w.put_u64(kFormat);
    std::vector<const std::pair<const std::string, std::string>*> entries;
    entries.reserve(data_.size());
    for (const auto& e : data_) entries.push_back(&e);
    std::sort(entries.begin(), entries.end(), [](auto* a, auto* b) { return a->first < b->first; });
    w.put_count(entries.size());
    for (const auto* e : entries) {
        w.put_string(e->first);
        w.put_string(e->second);
    }
    std::vector<const std::pair<const std::uint32_t, Response>*> clients;
    clients.reserve(clients_.size());
    for (const auto& c : clients_) clients.push_back(&c);
    std::sort(clients.begin(), clients.end(), [](auto* a, auto* b) { return a->first < b->first; });
    w.put_count(clients.size());
    for (const auto* c : clients) {
        w.put_u64(c->first);
        put_response(w, c->second);
    }
}

void StateMachine::load(runtime::Reader& r) {
    if (r.get_u64() != kFormat) r.fail("unknown key-value state format", 8);
    std::unordered_map<std::string, std::string> data;
    auto n = r.get_count(16);
    for (std::size_t i = 0; i < n; ++i) {
        std::string k = r.get_string();
        data[std::move(k)] = r.get_string();
    }
    std::unordered_map<std::uint32_t, Response> clients;
    auto m = r.get_count(48);
    for (std::size_t i = 0; i < m; ++i) {
        auto id = r.get_u64();
        if (id > UINT32_MAX) r.fail("client id out of range", 8);
        clients[static_cast<std::uint32_t>(id)] = get_response(r);
    }
    data_ = std::move(data);
    clients_ = std::move(clients);
}

} // namespace ivy::kv

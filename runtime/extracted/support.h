// What classes extracted by `ivy to_cpp` use besides the shim: containers for
// relations and functions, hashing, the arithmetic of interpreted sorts, run-time
// checks, the tasks a class owns on the event loop, and process-wide settings.
//
// Header-only; generated code includes this file and nothing else of ours (it pulls
// in the shim's loop and serialization). Everything is in ivy::extracted.
#pragma once

#include "runtime/extracted/values.h"
#include "runtime/shim/event_loop.h"
#include "runtime/shim/log.h"
#include "runtime/shim/net_config.h"
#include "runtime/shim/serialization.h"

// Native code in Ivy programs may use any of these without including it, as it could
// with the classes Ivy generates.
#include <algorithm>
#include <array>
#include <cassert>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <iostream>
#include <list>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace ivy::extracted {

// ------------------------------------------------------------------ hashing

inline std::size_t hash_combine(std::size_t seed, std::size_t h) {
    return seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

namespace detail {
// clang-format off
template <class T>
concept MemberHash = requires(const T& v) { { v.__hash() } -> std::convertible_to<std::size_t>; };
template <class T>
concept TupleLike = requires { std::tuple_size<T>::value; };
// clang-format on
} // namespace detail

template <class T> std::size_t hash_value(const T& v);

template <class Tuple, std::size_t... I>
std::size_t hash_tuple(const Tuple& t, std::index_sequence<I...>) {
    std::size_t h = 0;
    ((h = hash_combine(h, hash_value(std::get<I>(t)))), ...);
    return h;
}

// A hash for every type extraction produces: numbers, enums, strings, tuples (keys
// of relations with several arguments), vectors and generated structs (__hash()).
template <class T> std::size_t hash_value(const T& v) {
    if constexpr (detail::MemberHash<T>) {
        return v.__hash();
    } else if constexpr (std::is_enum_v<T>) {
        return std::hash<std::underlying_type_t<T>>()(static_cast<std::underlying_type_t<T>>(v));
    } else if constexpr (std::is_arithmetic_v<T> || std::same_as<T, std::string>) {
        return std::hash<T>()(v);
    } else if constexpr (detail::TupleLike<T>) {
        return hash_tuple(v, std::make_index_sequence<std::tuple_size_v<T>>());
    } else if constexpr (detail::VectorLike<T>) {
        std::size_t h = v.size();
        for (const auto& e : v) h = hash_combine(h, hash_value(static_cast<const typename T::value_type&>(e)));
        return h;
    } else {
        static_assert(detail::always_false<T>, "no hash for this type");
    }
}

template <class... T> std::size_t hash_fields(const T&... fields) {
    std::size_t h = 0;
    ((h = hash_combine(h, hash_value(fields))), ...);
    return h;
}

struct Hash {
    template <class T> std::size_t operator()(const T& v) const { return hash_value(v); }
};

// ------------------------------------------------------------------ relations and functions

namespace detail {

template <class... A> struct KeyOf {
    using type = std::tuple<A...>;
};
template <class A> struct KeyOf<A> {
    using type = A;
};

// Tuples are encoded element by element (the shim knows no tuples).
template <class T> void encode_key(runtime::Writer& w, const T& v) {
    if constexpr (TupleLike<T>)
        std::apply([&](const auto&... e) { (runtime::encode(w, e), ...); }, v);
    else
        runtime::encode(w, v);
}
template <class T> void decode_key(runtime::Reader& r, T& v) {
    if constexpr (TupleLike<T>)
        std::apply([&](auto&... e) { (runtime::decode(r, e), ...); }, v);
    else
        runtime::decode(r, v);
}

} // namespace detail

// A function (or relation) over a domain too large to enumerate: the points assigned
// a value other than the default, in a hash map. Reading an unassigned point gives
// the default; assigning the default to a point forgets it, so a relation that is
// set and reset does not grow (the artifact's memo tables only grew, flaw F9).
//
// Actions typically read a point, assign it and read it again (`f(k) := f(k) + 1;
// r := f(k)`): the last point looked up is remembered, so such a sequence costs one
// hash lookup instead of three (bench/codegen_bench measures it).
template <class V, class... A> class Map {
public:
    using Key = typename detail::KeyOf<A...>::type;

    Map() = default;
    Map(const Map& o) : default_(o.default_), points_(o.points_) {}
    Map(Map&& o) noexcept : default_(std::move(o.default_)), points_(std::move(o.points_)) { o.forget(); }
    Map& operator=(const Map& o) {
        default_ = o.default_;
        points_ = o.points_;
        forget();
        return *this;
    }
    Map& operator=(Map&& o) noexcept {
        default_ = std::move(o.default_);
        points_ = std::move(o.points_);
        forget();
        o.forget();
        return *this;
    }

    const V& get(const A&... args) const {
        const V* v = lookup(Key(args...));
        return v ? *v : default_;
    }

    // A reference to the value at a point, for updates of one field of a struct.
    V& ref(const A&... args) {
        Key key(args...);
        if (V* v = lookup(key)) return *v;
        V& v = points_.try_emplace(key, default_).first->second;
        remember(std::move(key), &v);
        return v;
    }

    // Assigns one point; the value comes first so that the key can be a pack.
    void put(V value, const A&... args) {
        Key key(args...);
        V* current = lookup(key);
        if (value == default_) {
            if (current) {
                points_.erase(key);
                forget();
            }
        } else if (current) {
            *current = std::move(value);
        } else {
            V& v = points_.try_emplace(key, std::move(value)).first->second;
            remember(std::move(key), &v);
        }
    }

    // Every point takes `value` (`r(X,Y) := v`).
    void reset(V value) {
        points_.clear();
        forget();
        default_ = std::move(value);
    }

    const V& default_value() const { return default_; }
    std::size_t stored_points() const { return points_.size(); }

    // The default, then the stored points sorted by the bytes of their keys: equal
    // functions have equal encodings, whatever the hash table's iteration order.
    void serialize(runtime::Writer& w) const {
        runtime::encode(w, default_);
        std::vector<std::pair<std::string, const std::pair<const Key, V>*>> sorted;
        sorted.reserve(points_.size());
        for (const auto& point : points_) {
            runtime::Writer k;
            detail::encode_key(k, point.first);
            sorted.emplace_back(k.take(), &point);
        }
        std::sort(sorted.begin(), sorted.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        w.put_count(sorted.size());
        for (const auto& [key_bytes, point] : sorted) {
            detail::encode_key(w, point->first);
            runtime::encode(w, point->second);
        }
    }

    void deserialize(runtime::Reader& r) {
        points_.clear();
        forget();
        runtime::decode(r, default_);
        std::size_t n = r.get_count(8);
        for (std::size_t i = 0; i < n; ++i) {
            Key key{};
            V value{};
            detail::decode_key(r, key);
            runtime::decode(r, value);
            if (!(value == default_)) points_.insert_or_assign(std::move(key), std::move(value));
        }
    }

    friend bool operator==(const Map& a, const Map& b) {
        return a.default_ == b.default_ && a.points_ == b.points_;
    }

private:
    // The stored value at `key` (nullptr: the default), through the one-point memo.
    V* lookup(const Key& key) const {
        if (memo_valid_ && memo_key_ == key) return memo_value_;
        auto it = points_.find(key);
        V* v = it == points_.end() ? nullptr : const_cast<V*>(&it->second);
        remember(key, v);
        return v;
    }
    // References to the elements of an unordered_map survive rehashing, so the
    // memo only has to be dropped when elements are erased or the map replaced.
    void remember(Key key, V* value) const {
        memo_key_ = std::move(key);
        memo_value_ = value;
        memo_valid_ = true;
    }
    void forget() const { memo_valid_ = false; }

    // Numbers hash with std::hash, which the standard library knows to be cheap
    // (it then does not store hash codes in the nodes).
    using Hasher = std::conditional_t<std::is_arithmetic_v<Key>, std::hash<Key>, Hash>;

    V default_{};
    std::unordered_map<Key, V, Hasher> points_;
    mutable Key memo_key_{};
    mutable V* memo_value_ = nullptr;
    mutable bool memo_valid_ = false;
};

// Index of a value of a finite sort (bool, enum, integer in [0, card)).
template <class T> long long index_of(const T& v) { return static_cast<long long>(v); }

// A function (or relation) over finite sorts: one cell per point, row-major.
// Points outside the domain (a node id beyond the cluster size) read as the default
// and ignore writes, so a malformed message cannot corrupt memory.
template <class V, std::size_t N> class Dense {
public:
    // Sizes the table, every cell holding `value`.
    void resize(const std::array<long long, N>& dims, V value = V{}) {
        dims_ = dims;
        std::size_t cells = 1;
        for (long long d : dims_) cells *= static_cast<std::size_t>(d > 0 ? d : 0);
        cells_.assign(cells, Cell{value});
    }

    template <class... A> const V& get(const A&... args) const {
        static_assert(sizeof...(A) == N);
        std::size_t i = 0;
        if (!offset(i, args...)) return outside_;
        return cells_[i].v;
    }

    template <class... A> V& ref(const A&... args) {
        static_assert(sizeof...(A) == N);
        std::size_t i = 0;
        if (!offset(i, args...)) {
            scratch_ = outside_;
            return scratch_;
        }
        return cells_[i].v;
    }

    template <class... A> void put(V value, const A&... args) {
        std::size_t i = 0;
        if (offset(i, args...)) cells_[i].v = std::move(value);
    }

    void reset(V value) {
        for (Cell& c : cells_) c.v = value;
    }

    const std::array<long long, N>& dims() const { return dims_; }

    void serialize(runtime::Writer& w) const {
        for (long long d : dims_) w.put_i64(d);
        for (const Cell& c : cells_) runtime::encode(w, c.v);
    }

    void deserialize(runtime::Reader& r) {
        for (long long d : dims_) {
            long long got = r.get_i64();
            if (got != d)
                r.fail("table dimension " + std::to_string(got) + " does not match " + std::to_string(d), 8);
        }
        for (Cell& c : cells_) runtime::decode(r, c.v);
    }

    friend bool operator==(const Dense& a, const Dense& b) { return a.dims_ == b.dims_ && a.cells_ == b.cells_; }

private:
    // A wrapper, so that a table of bool holds real bools (std::vector<bool> has no
    // references to its elements).
    struct Cell {
        V v;
        friend bool operator==(const Cell& a, const Cell& b) { return a.v == b.v; }
    };

    template <class... A> bool offset(std::size_t& out, const A&... args) const {
        std::size_t k = 0;
        bool ok = true;
        ((ok = ok && step(out, k++, index_of(args))), ...);
        return ok;
    }

    bool step(std::size_t& out, std::size_t k, long long idx) const {
        if (idx < 0 || idx >= dims_[k]) return false;
        out = out * static_cast<std::size_t>(dims_[k]) + static_cast<std::size_t>(idx);
        return true;
    }

    std::array<long long, N> dims_{};
    std::vector<Cell> cells_;
    V outside_{};
    V scratch_{};
};

// ------------------------------------------------------------------ arithmetic

// Is `i` (of any integer type) a valid index below `n`? (Native code of arrays.)
template <class I> constexpr bool index_in(I i, std::size_t n) {
    if constexpr (std::is_signed_v<I>)
        if (i < 0) return false;
    return static_cast<std::size_t>(i) < n;
}

// `nat`: subtraction stops at zero.
template <class T> T nat_sub(T a, T b) { return a > b ? static_cast<T>(a - b) : static_cast<T>(0); }

// `bv[N]`: the low N bits.
template <class T> constexpr T bv_mask(unsigned width) {
    return width >= sizeof(T) * 8 ? static_cast<T>(~T{0}) : static_cast<T>((T{1} << width) - 1);
}

// `{lo..hi}`: results are clamped into the range.
template <class T> T clamp_range(long long v, long long lo, long long hi) {
    return static_cast<T>(v < lo ? lo : v > hi ? hi : v);
}

// Integer division as Ivy's theories define it for code: x / 0 = 0.
template <class T> T divide(T a, T b) { return b == 0 ? T{0} : static_cast<T>(a / b); }

// ------------------------------------------------------------------ run-time checks

// Where a failed check is reported. The default prints Ivy's message to stderr and
// aborts: an assertion in verified code failed, or the environment broke a
// precondition the proofs assumed, and running on would void the guarantees.
// Generated classes call this from their virtual ivy_assert / ivy_assume, which an
// embedder (and the REPL) may override.
inline void default_check_failed(const char* kind, const char* where) {
    std::fprintf(stderr, "%s(\"%s\")\n", kind, where);
    std::fflush(stderr);
    std::abort();
}

// ------------------------------------------------------------------ the loop and tasks

// The loop a generated class runs on when its embedder does not pass one.
inline runtime::Loop& default_loop() {
    static runtime::Loop loop;
    return loop;
}

// Process-wide settings of the native parts of the standard library (timers and
// transports). The generated REPL fills them from its command line; embedders may
// set them before constructing a class, or use the per-object hooks
// (set_tcp_config) instead.
struct Settings {
    runtime::Duration tick = std::chrono::seconds(1);       // timeout_sec's period
    // Where node i listens (TCP and UDP alike: the port spaces are separate); null:
    // Ivy's default, loopback port 5990 + i.
    std::shared_ptr<runtime::TcpConfig> cluster;
    std::string cluster_id = "ivy";
    // No sockets (the tester drives message receipt itself): sends are dropped.
    bool offline = false;
    // A runtime task could not start (e.g. a port in use). The default logs it; the
    // REPL exits, since a node that cannot listen is useless.
    std::function<void(const std::string&)> fatal = [](const std::string& message) {
        runtime::log_error(message);
    };
};

inline Settings& settings() {
    static Settings s;
    return s;
}

// What a generated object started on the loop (timers, transports): stopped when the
// object is destroyed, so no callback into a dead object can run afterwards.
class Tasks {
public:
    Tasks() = default;
    Tasks(const Tasks&) = delete;
    Tasks& operator=(const Tasks&) = delete;
    ~Tasks() { stop(); }

    // Calls `fn` every `period`, starting at a random phase (nodes started together
    // tick out of step).
    void every(runtime::Loop& loop, runtime::Duration period, std::function<void()> fn) {
        timers_.push_back(loop.every(period, std::move(fn), runtime::Loop::Phase::Random));
    }

    // Runs `fn` when the object is destroyed (closing transports and the like).
    void on_stop(std::function<void()> fn) { cleanups_.push_back(std::move(fn)); }

    void stop() {
        for (auto& t : timers_) t.cancel();
        timers_.clear();
        auto cleanups = std::move(cleanups_);
        cleanups_.clear();
        for (auto it = cleanups.rbegin(); it != cleanups.rend(); ++it) (*it)();
    }

private:
    std::vector<runtime::Timer> timers_;
    std::vector<std::function<void()>> cleanups_;
};

} // namespace ivy::extracted

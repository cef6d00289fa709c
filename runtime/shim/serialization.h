// The wire format of protocol values: a deterministic binary encoding of every sort
// that extraction can produce.
//
//   bool                 8 bytes big-endian, 0 or 1 (any other value is malformed)
//   integers, signed     8 bytes big-endian two's complement (sign-extended)
//   integers, unsigned   8 bytes big-endian
//   enums                their underlying integer, as above
//   strings              8-byte length, then the bytes (so a string may contain NUL,
//                        unlike Ivy's NUL-terminated strings)
//   vectors / sequences  8-byte count, then the elements
//   structs              the fields in declaration order, no tags, no lengths
//
// Integers are 8 bytes whatever their C++ width, as in Ivy's `ivy_binary_ser`, so a
// value keeps its encoding when a sort's C++ type changes width. Each value has
// exactly one encoding (canonical), which is what write-ahead logs and snapshots
// need to compare and checksum values.
//
// Structs take part through either member functions
//     void serialize(ivy::runtime::Writer& w) const;   // encode(w, field) per field
//     void deserialize(ivy::runtime::Reader& r);       // decode(r, field) per field
// or free functions found by argument-dependent lookup
//     void serialize(ivy::runtime::Writer& w, const S& s);
//     void deserialize(ivy::runtime::Reader& r, S& s);
// Both visit the fields in declaration order. An enum may declare, next to it,
//     constexpr std::int64_t ivy_enum_size(E) { return N; }
// (a hidden friend for an enum nested in a class); decoding then rejects values
// outside [0, N).
//
// Decoding reads untrusted bytes: it never reads out of bounds, never allocates more
// than the remaining input could justify (a count is checked against the bytes
// left before anything is reserved), and reports malformed input by throwing
// DecodeError, which the transports catch; try_from_bytes returns it as a value.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace ivy::runtime {

// Malformed or truncated input; the message says what and at which byte offset.
class DecodeError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Appends encoded values to a byte string.
class Writer {
public:
    void put_u64(std::uint64_t v) {
        char buf[8];
        for (int i = 7; i >= 0; --i) {
            buf[i] = static_cast<char>(v & 0xff);
            v >>= 8;
        }
        out_.append(buf, 8);
    }
    void put_i64(std::int64_t v) { put_u64(static_cast<std::uint64_t>(v)); }
    void put_bool(bool v) { put_u64(v ? 1 : 0); }
    void put_count(std::size_t n) { put_u64(n); }
    // A length-prefixed byte string.
    void put_string(std::string_view s) {
        put_count(s.size());
        out_.append(s.data(), s.size());
    }

    const std::string& bytes() const { return out_; }
    std::string take() { return std::move(out_); }
    std::size_t size() const { return out_.size(); }

private:
    std::string out_;
};

// Reads encoded values from a byte range it does not own.
class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}

    std::uint64_t get_u64() {
        need(8, "integer");
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i)
            v = (v << 8) | static_cast<unsigned char>(in_[pos_ + i]);
        pos_ += 8;
        return v;
    }
    std::int64_t get_i64() { return static_cast<std::int64_t>(get_u64()); }
    bool get_bool() {
        auto v = get_u64();
        if (v > 1) fail("bool out of range: " + std::to_string(v), 8);
        return v == 1;
    }

    // A count of elements, each encoded in at least `min_element_size` bytes: a count
    // the remaining input cannot hold is rejected before anything is allocated.
    std::size_t get_count(std::size_t min_element_size) {
        auto n = get_u64();
        std::size_t per = min_element_size == 0 ? 1 : min_element_size;
        if (n > remaining() / per)
            fail("count " + std::to_string(n) + " exceeds the " + std::to_string(remaining()) +
                     " bytes left",
                 8);
        return static_cast<std::size_t>(n);
    }

    std::string get_string() {
        auto n = get_count(1);
        std::string s(in_.substr(pos_, n));
        pos_ += n;
        return s;
    }

    std::size_t remaining() const { return in_.size() - pos_; }
    std::size_t position() const { return pos_; }
    bool at_end() const { return pos_ == in_.size(); }

    // A message must be exactly one value: trailing bytes mean the two ends disagree
    // on the message's type.
    void expect_end() const {
        if (!at_end()) fail(std::to_string(remaining()) + " unexpected trailing bytes", 0);
    }

    // Throws DecodeError naming the offset of the value that failed (`back` bytes
    // before the current position).
    [[noreturn]] void fail(const std::string& what, std::size_t back = 0) const {
        throw DecodeError("malformed input at byte " + std::to_string(pos_ - back) + ": " + what);
    }

private:
    void need(std::size_t n, const char* what) const {
        if (remaining() < n)
            fail(std::string("truncated ") + what + ": need " + std::to_string(n) + " bytes, " +
                 std::to_string(remaining()) + " left");
    }

    std::string_view in_;
    std::size_t pos_ = 0;
};

namespace detail {

// clang-format 14 mangles requires-expressions; these are laid out by hand.
// clang-format off
template <class T>
concept Vector = requires { typename T::value_type; } &&
                 std::derived_from<T, std::vector<typename T::value_type>>;

template <class T>
concept MemberSerialize = requires(const T& v, Writer& w) { v.serialize(w); };
template <class T>
concept MemberDeserialize = requires(T& v, Reader& r) { v.deserialize(r); };
template <class T>
concept FreeSerialize = requires(const T& v, Writer& w) { serialize(w, v); };
template <class T>
concept FreeDeserialize = requires(T& v, Reader& r) { deserialize(r, v); };
template <class E>
concept SizedEnum = std::is_enum_v<E> && requires(E e) {
    { ivy_enum_size(e) } -> std::convertible_to<std::int64_t>;
};
// clang-format on

// The fewest bytes one value of T can take; bounds element counts. Structs are
// assumed to take at least one byte (extracted structs have at least one field).
template <class T> constexpr std::size_t min_encoded_size() {
    if constexpr (std::is_arithmetic_v<T> || std::is_enum_v<T> || std::same_as<T, std::string> ||
                  Vector<T>)
        return 8;
    else
        return 1;
}

// Reserving is only safe when min_encoded_size is exact enough that the memory it
// implies stays proportional to the input; for structs we let the vector grow.
template <class T> constexpr bool reserve_ahead() {
    return std::is_arithmetic_v<T> || std::is_enum_v<T> || std::same_as<T, std::string> ||
           Vector<T>;
}

template <std::integral T> T narrow_signed(Reader& r, std::int64_t v) {
    if (v < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
        v > static_cast<std::int64_t>(std::numeric_limits<T>::max()))
        r.fail("integer " + std::to_string(v) + " out of range for its type", 8);
    return static_cast<T>(v);
}

template <std::integral T> T narrow_unsigned(Reader& r, std::uint64_t v) {
    if (v > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
        r.fail("integer " + std::to_string(v) + " out of range for its type", 8);
    return static_cast<T>(v);
}

template <class T> inline constexpr bool always_false = false;

} // namespace detail

template <class T> void encode(Writer& w, const T& v);
template <class T> void decode(Reader& r, T& v);

// Encodes one value of any extractable sort (see the table at the top).
template <class T> void encode(Writer& w, const T& v) {
    if constexpr (std::same_as<T, bool>) {
        w.put_bool(v);
    } else if constexpr (std::is_enum_v<T>) {
        w.put_i64(static_cast<std::int64_t>(static_cast<std::underlying_type_t<T>>(v)));
    } else if constexpr (std::signed_integral<T>) {
        w.put_i64(static_cast<std::int64_t>(v));
    } else if constexpr (std::unsigned_integral<T>) {
        w.put_u64(static_cast<std::uint64_t>(v));
    } else if constexpr (std::same_as<T, std::string>) {
        w.put_string(v);
    } else if constexpr (detail::Vector<T>) {
        w.put_count(v.size());
        for (const auto& e : v)
            encode(w, static_cast<const typename T::value_type&>(e));
    } else if constexpr (detail::MemberSerialize<T>) {
        v.serialize(w);
    } else if constexpr (detail::FreeSerialize<T>) {
        serialize(w, v);
    } else {
        static_assert(detail::always_false<T>,
                      "not serializable: give the type serialize(Writer&) const and "
                      "deserialize(Reader&), or free serialize/deserialize functions");
    }
}

// Decodes one value into `v`; throws DecodeError on malformed input.
template <class T> void decode(Reader& r, T& v) {
    if constexpr (std::same_as<T, bool>) {
        v = r.get_bool();
    } else if constexpr (std::is_enum_v<T>) {
        using U = std::underlying_type_t<T>;
        U raw = std::is_signed_v<U> ? detail::narrow_signed<U>(r, r.get_i64())
                                    : detail::narrow_unsigned<U>(r, r.get_u64());
        if constexpr (detail::SizedEnum<T>) {
            auto n = static_cast<std::int64_t>(ivy_enum_size(T{}));
            if (static_cast<std::int64_t>(raw) < 0 || static_cast<std::int64_t>(raw) >= n)
                r.fail("enum value " + std::to_string(static_cast<std::int64_t>(raw)) +
                           " out of range",
                       8);
        }
        v = static_cast<T>(raw);
    } else if constexpr (std::signed_integral<T>) {
        v = detail::narrow_signed<T>(r, r.get_i64());
    } else if constexpr (std::unsigned_integral<T>) {
        v = detail::narrow_unsigned<T>(r, r.get_u64());
    } else if constexpr (std::same_as<T, std::string>) {
        v = r.get_string();
    } else if constexpr (detail::Vector<T>) {
        using E = typename T::value_type;
        auto n = r.get_count(detail::min_encoded_size<E>());
        v.clear();
        if constexpr (detail::reserve_ahead<E>()) v.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            E e{};
            decode(r, e);
            v.push_back(std::move(e));
        }
    } else if constexpr (detail::MemberDeserialize<T>) {
        v.deserialize(r);
    } else if constexpr (detail::FreeDeserialize<T>) {
        deserialize(r, v);
    } else {
        static_assert(detail::always_false<T>,
                      "not deserializable: give the type deserialize(Reader&), or a free "
                      "deserialize(Reader&, T&)");
    }
}

// The encoding of one value.
template <class T> std::string to_bytes(const T& v) {
    Writer w;
    encode(w, v);
    return w.take();
}

// Decodes exactly one value from `bytes` (trailing bytes are an error); throws
// DecodeError.
template <class T> T from_bytes(std::string_view bytes) {
    Reader r(bytes);
    T v{};
    decode(r, v);
    r.expect_end();
    return v;
}

// from_bytes with the error as a value instead of an exception.
template <class T> struct DecodeResult {
    std::optional<T> value;
    std::string error; // empty when value is set

    explicit operator bool() const { return value.has_value(); }
};

template <class T> DecodeResult<T> try_from_bytes(std::string_view bytes) {
    try {
        return {from_bytes<T>(bytes), {}};
    } catch (const DecodeError& e) {
        return {std::nullopt, e.what()};
    }
}

} // namespace ivy::runtime

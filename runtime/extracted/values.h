// Values as text, for the REPL and test drivers of extracted programs: printing in
// Ivy's REPL format and parsing the arguments a user types.
//
//   bool        true / false
//   integers    decimal
//   enums       the constant's Ivy name
//   strings     "quoted", with \n \r \t \" \\ escapes
//   arrays      [a,b,c]           (any type derived from std::vector)
//   structs     {field:value,...} (fields in declaration order)
//
// Generated enums and structs take part through two functions found by
// argument-dependent lookup (hidden friends of the generated class or struct):
//     void __ivy_print(std::ostream&, const T&);
//     bool __ivy_parse(const ivy::extracted::Value&, T&);   // false: not a T
// Everything else is handled here, so native C++ types used as sorts print and
// parse too when they are integers, strings or vectors of printable values.
#pragma once

#include <concepts>
#include <cstdint>
#include <limits>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace ivy::extracted {

// A parsed argument: an atom (number or name), a string, a list or a struct.
struct Value {
    enum class Kind { Atom, String, List, Struct };
    Kind kind = Kind::Atom;
    std::string text;                 // Atom: as written; String: the unescaped contents
    std::vector<Value> items;         // List elements, Struct field values
    std::vector<std::string> fields;  // Struct field names, parallel to items
};

// Parses `text` starting at `pos` (skipping blanks); on failure returns nothing and
// leaves `pos` at the offending character.
class ValueParser {
public:
    explicit ValueParser(std::string_view text) : text_(text) {}

    std::optional<Value> value(std::size_t& pos) const {
        skip(pos);
        if (pos >= text_.size()) return std::nullopt;
        char c = text_[pos];
        if (c == '"') return string(pos);
        if (c == '[') return list(pos);
        if (c == '{') return structure(pos);
        return atom(pos);
    }

    void skip(std::size_t& pos) const {
        while (pos < text_.size() && (text_[pos] == ' ' || text_[pos] == '\t' || text_[pos] == '\r'))
            ++pos;
    }

    static bool name_char(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
    }

private:
    std::optional<Value> atom(std::size_t& pos) const {
        std::size_t start = pos;
        if (pos < text_.size() && text_[pos] == '-') ++pos; // a negative number
        while (pos < text_.size() && name_char(text_[pos]) && text_[pos] != ':' &&
               text_[pos] != '[' && text_[pos] != ']')
            ++pos;
        if (pos == start) return std::nullopt;
        return Value{Value::Kind::Atom, std::string(text_.substr(start, pos - start)), {}, {}};
    }

    std::optional<Value> string(std::size_t& pos) const {
        Value v{Value::Kind::String, {}, {}, {}};
        ++pos; // the opening quote
        while (pos < text_.size() && text_[pos] != '"') {
            char c = text_[pos++];
            if (c == '\\' && pos < text_.size()) {
                char e = text_[pos++];
                c = e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e;
            }
            v.text.push_back(c);
        }
        if (pos >= text_.size()) return std::nullopt; // unterminated
        ++pos;
        return v;
    }

    std::optional<Value> list(std::size_t& pos) const {
        Value v{Value::Kind::List, {}, {}, {}};
        ++pos; // the opening bracket
        auto item = [&](std::size_t& at) {
            auto x = value(at);
            if (x) v.items.push_back(std::move(*x));
            return x.has_value();
        };
        if (!sequence(pos, ']', item)) return std::nullopt;
        return v;
    }

    std::optional<Value> structure(std::size_t& pos) const {
        Value v{Value::Kind::Struct, {}, {}, {}};
        ++pos; // the opening brace
        auto field = [&](std::size_t& at) {
            skip(at);
            std::size_t start = at;
            while (at < text_.size() && name_char(text_[at]) && text_[at] != ':') ++at;
            if (at == start) return false;
            std::string name(text_.substr(start, at - start));
            skip(at);
            if (!eat(at, ':')) return false;
            auto x = value(at);
            if (!x) return false;
            v.fields.push_back(std::move(name));
            v.items.push_back(std::move(*x));
            return true;
        };
        if (!sequence(pos, '}', field)) return std::nullopt;
        return v;
    }

    // `one, one, ... close` or just `close`, the opening bracket already read; `one`
    // reads an element and says whether it was well formed.
    template <class One> bool sequence(std::size_t& pos, char close, One one) const {
        skip(pos);
        if (eat(pos, close)) return true;
        for (;;) {
            if (!one(pos)) return false;
            skip(pos);
            if (eat(pos, ',')) continue;
            return eat(pos, close);
        }
    }

    bool eat(std::size_t& pos, char c) const {
        if (pos >= text_.size() || text_[pos] != c) return false;
        ++pos;
        return true;
    }

    std::string_view text_;
};

namespace detail {

// clang-format off
template <class T>
concept VectorLike = requires { typename T::value_type; } &&
                     std::derived_from<T, std::vector<typename T::value_type>>;
template <class T>
concept CustomPrint = requires(std::ostream& os, const T& v) { __ivy_print(os, v); };
template <class T>
concept CustomParse = requires(const Value& in, T& v) { { __ivy_parse(in, v) } -> std::same_as<bool>; };
template <class T>
concept Streamable = requires(std::ostream& os, const T& v) { os << v; };
// clang-format on

template <class T> inline constexpr bool always_false = false;

inline void print_string(std::ostream& os, const std::string& s) {
    os << '"';
    for (char c : s) {
        switch (c) {
        case '\n': os << "\\n"; break;
        case '\r': os << "\\r"; break;
        case '\t': os << "\\t"; break;
        case '"': os << "\\\""; break;
        case '\\': os << "\\\\"; break;
        default: os << c;
        }
    }
    os << '"';
}

// Decimal or 0x-prefixed hexadecimal, with an optional minus sign.
inline bool parse_integer(const std::string& text, long long& out, bool& negative,
                          unsigned long long& magnitude) {
    std::size_t i = 0;
    negative = false;
    if (i < text.size() && text[i] == '-') {
        negative = true;
        ++i;
    }
    int base = 10;
    if (text.size() > i + 1 && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X')) {
        base = 16;
        i += 2;
    }
    if (i >= text.size()) return false;
    magnitude = 0;
    for (; i < text.size(); ++i) {
        char c = text[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : 99;
        if (d >= base) return false;
        if (magnitude > (std::numeric_limits<unsigned long long>::max() - static_cast<unsigned>(d)) /
                            static_cast<unsigned>(base))
            return false;
        magnitude = magnitude * static_cast<unsigned>(base) + static_cast<unsigned>(d);
    }
    out = negative ? -static_cast<long long>(magnitude) : static_cast<long long>(magnitude);
    return true;
}

} // namespace detail

// Prints `v` in the REPL's format.
template <class T> void print(std::ostream& os, const T& v) {
    if constexpr (detail::CustomPrint<T>) {
        __ivy_print(os, v);
    } else if constexpr (std::same_as<T, bool>) {
        os << (v ? "true" : "false");
    } else if constexpr (std::is_enum_v<T>) {
        os << static_cast<long long>(v);
    } else if constexpr (std::is_integral_v<T>) {
        if constexpr (std::is_signed_v<T>)
            os << static_cast<long long>(v);
        else
            os << static_cast<unsigned long long>(v);
    } else if constexpr (std::same_as<T, std::string>) {
        detail::print_string(os, v);
    } else if constexpr (detail::VectorLike<T>) {
        os << '[';
        bool first = true;
        for (const auto& e : v) {
            if (!first) os << ',';
            first = false;
            print(os, static_cast<const typename T::value_type&>(e));
        }
        os << ']';
    } else if constexpr (detail::Streamable<T>) {
        os << v;
    } else {
        static_assert(detail::always_false<T>, "no way to print this type");
    }
}

// Reads `in` into `v`; false when `in` is not a value of T.
template <class T> bool parse(const Value& in, T& v) {
    if constexpr (detail::CustomParse<T>) {
        return __ivy_parse(in, v);
    } else if constexpr (std::same_as<T, bool>) {
        if (in.kind != Value::Kind::Atom || (in.text != "true" && in.text != "false")) return false;
        v = in.text == "true";
        return true;
    } else if constexpr (std::is_integral_v<T> || std::is_enum_v<T>) {
        using I = std::conditional_t<std::is_enum_v<T>, std::underlying_type<T>, std::type_identity<T>>;
        using U = typename I::type;
        long long value = 0;
        bool negative = false;
        unsigned long long magnitude = 0;
        if (in.kind != Value::Kind::Atom || !detail::parse_integer(in.text, value, negative, magnitude))
            return false;
        if constexpr (std::is_signed_v<U>) {
            if (negative ? magnitude > static_cast<unsigned long long>(std::numeric_limits<U>::max()) + 1
                         : magnitude > static_cast<unsigned long long>(std::numeric_limits<U>::max()))
                return false;
        } else {
            if (negative || magnitude > static_cast<unsigned long long>(std::numeric_limits<U>::max()))
                return false;
        }
        v = static_cast<T>(static_cast<U>(value));
        return true;
    } else if constexpr (std::same_as<T, std::string>) {
        if (in.kind != Value::Kind::String) return false;
        v = in.text;
        return true;
    } else if constexpr (detail::VectorLike<T>) {
        if (in.kind != Value::Kind::List) return false;
        v.clear();
        for (const Value& item : in.items) {
            typename T::value_type e{};
            if (!parse(item, e)) return false;
            v.push_back(std::move(e));
        }
        return true;
    } else {
        static_assert(detail::always_false<T>, "no way to parse this type");
    }
}

// For generated enums: the constant whose name is `in`.
template <class E, std::size_t N> bool parse_enum(const Value& in, const char* const (&names)[N], E& v) {
    if (in.kind != Value::Kind::Atom) return false;
    for (std::size_t i = 0; i < N; ++i)
        if (in.text == names[i]) {
            v = static_cast<E>(i);
            return true;
        }
    return false;
}

// For generated structs: the value of field `name` in `in`, or nullptr if absent.
inline const Value* field(const Value& in, std::string_view name) {
    for (std::size_t i = 0; i < in.fields.size(); ++i)
        if (in.fields[i] == name) return &in.items[i];
    return nullptr;
}

// For generated structs: parses field `name` if present (absent fields keep their
// default); false when it is present but malformed.
template <class T> bool parse_field(const Value& in, std::string_view name, T& v) {
    const Value* f = field(in, name);
    return !f || parse(*f, v);
}

} // namespace ivy::extracted

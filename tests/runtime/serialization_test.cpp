#include "runtime/shim/serialization.h"

#include <cstdint>
#include <gtest/gtest.h>
#include <limits>
#include <string>
#include <vector>

namespace ivy::runtime::testing {
namespace {

template <class T> T round_trip(const T& v) {
    return from_bytes<T>(to_bytes(v));
}

std::string hex(const std::string& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

// ---- sample types ---------------------------------------------------------------

enum class Color : int { red, green, blue };
enum Plain { plain_a = -3, plain_b = 7 };

// An enum whose size is declared, as extracted enums are: out-of-range values are
// rejected on decode.
enum class Kind { one, two, three };
constexpr std::int64_t ivy_enum_size(Kind) {
    return 3;
}

struct Entry { // member serialize/deserialize, as the extractor may generate
    int term = 0;
    std::string value;
    bool operator==(const Entry&) const = default;

    void serialize(Writer& w) const {
        encode(w, term);
        encode(w, value);
    }
    void deserialize(Reader& r) {
        decode(r, term);
        decode(r, value);
    }
};

struct Msg { // free serialize/deserialize found by ADL
    Kind kind = Kind::one;
    unsigned long long ix = 0;
    std::vector<Entry> entries;
    bool flag = false;
    bool operator==(const Msg&) const = default;
};

void serialize(Writer& w, const Msg& m) {
    encode(w, m.kind);
    encode(w, m.ix);
    encode(w, m.entries);
    encode(w, m.flag);
}
void deserialize(Reader& r, Msg& m) {
    decode(r, m.kind);
    decode(r, m.ix);
    decode(r, m.entries);
    decode(r, m.flag);
}

// Like the classes Ivy generates for `array` sorts.
class IntArray : public std::vector<int> {};

Msg sample_msg() {
    Msg m;
    m.kind = Kind::three;
    m.ix = 42;
    m.entries = {{1, "put x 7"}, {-2, std::string("a\0b", 3)}, {3, ""}};
    m.flag = true;
    return m;
}

// ---- round trips and exact layout -------------------------------------------------

TEST(Serialization, BoolIsEightBytesBigEndian) {
    EXPECT_EQ(hex(to_bytes(true)), "0000000000000001");
    EXPECT_EQ(hex(to_bytes(false)), "0000000000000000");
    EXPECT_TRUE(round_trip(true));
    EXPECT_FALSE(round_trip(false));
}

TEST(Serialization, IntegersAreEightBytesBigEndianTwosComplement) {
    EXPECT_EQ(hex(to_bytes(std::int64_t{0x0102030405060708})), "0102030405060708");
    EXPECT_EQ(hex(to_bytes(-1)), "ffffffffffffffff"); // a 32-bit int is sign-extended
    EXPECT_EQ(hex(to_bytes(std::uint8_t{200})), "00000000000000c8");
    EXPECT_EQ(hex(to_bytes(std::numeric_limits<std::int64_t>::min())), "8000000000000000");
}

TEST(Serialization, IntegerExtremesRoundTrip) {
    for (int v : {0, 1, -1, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()})
        EXPECT_EQ(round_trip(v), v);
    for (long long v : {std::numeric_limits<long long>::min(),
                        std::numeric_limits<long long>::max(), -1234567890123LL})
        EXPECT_EQ(round_trip(v), v);
    EXPECT_EQ(round_trip(std::numeric_limits<unsigned long long>::max()),
              std::numeric_limits<unsigned long long>::max());
    EXPECT_EQ(round_trip(std::numeric_limits<unsigned>::max()),
              std::numeric_limits<unsigned>::max());
    EXPECT_EQ(round_trip(std::int16_t{-32768}), std::int16_t{-32768});
    EXPECT_EQ(round_trip(static_cast<signed char>(-5)), static_cast<signed char>(-5));
}

TEST(Serialization, EnumsAreTheirIntegers) {
    EXPECT_EQ(to_bytes(Color::blue), to_bytes(2));
    EXPECT_EQ(round_trip(Color::green), Color::green);
    EXPECT_EQ(round_trip(plain_a), plain_a);
    EXPECT_EQ(round_trip(plain_b), plain_b);
    EXPECT_EQ(round_trip(Kind::three), Kind::three);
}

TEST(Serialization, StringsAreLengthPrefixedAndMayHoldNul) {
    EXPECT_EQ(hex(to_bytes(std::string("ab"))), "00000000000000026162");
    EXPECT_EQ(round_trip(std::string()), "");
    std::string with_nul("x\0y\0", 4);
    EXPECT_EQ(round_trip(with_nul), with_nul);
    std::string all_bytes;
    for (int c = 0; c < 256; ++c)
        all_bytes.push_back(static_cast<char>(c));
    EXPECT_EQ(round_trip(all_bytes), all_bytes);
}

TEST(Serialization, VectorsAreCountThenElements) {
    EXPECT_EQ(hex(to_bytes(std::vector<int>{5})), "00000000000000010000000000000005");
    std::vector<std::vector<int>> nested{{}, {1, -2, 3}, {std::numeric_limits<int>::min()}};
    EXPECT_EQ(round_trip(nested), nested);
    std::vector<std::string> strings{"", std::string(1, '\0'), "abc"};
    EXPECT_EQ(round_trip(strings), strings);
    std::vector<bool> bools{true, false, true};
    EXPECT_EQ(round_trip(bools), bools);
    EXPECT_TRUE(round_trip(std::vector<int>{}).empty());
    std::vector<std::vector<std::vector<std::string>>> deep{{{"a"}, {}}, {}};
    EXPECT_EQ(round_trip(deep), deep);
}

TEST(Serialization, ClassesDerivedFromVectorAreVectors) {
    IntArray a;
    a.push_back(3);
    a.push_back(-4);
    EXPECT_EQ(to_bytes(a), to_bytes(std::vector<int>{3, -4}));
    EXPECT_EQ(static_cast<std::vector<int>>(round_trip(a)), (std::vector<int>{3, -4}));
}

TEST(Serialization, StructsAreFieldsInDeclarationOrder) {
    Entry e{7, "v"};
    std::string expected = to_bytes(7) + to_bytes(std::string("v"));
    EXPECT_EQ(to_bytes(e), expected);
    EXPECT_EQ(round_trip(e), e);

    Msg m = sample_msg();
    EXPECT_EQ(to_bytes(m),
              to_bytes(Kind::three) + to_bytes(42ULL) + to_bytes(m.entries) + to_bytes(true));
    EXPECT_EQ(round_trip(m), m);
    std::vector<Msg> many{m, Msg{}, m};
    EXPECT_EQ(round_trip(many), many);
}

TEST(Serialization, EncodingIsDeterministic) {
    EXPECT_EQ(to_bytes(sample_msg()), to_bytes(sample_msg()));
}

// ---- malformed input ------------------------------------------------------------

TEST(Serialization, EveryTruncationIsRejected) {
    std::string full = to_bytes(std::vector<Msg>{sample_msg(), sample_msg()});
    for (std::size_t n = 0; n < full.size(); ++n) {
        auto result = try_from_bytes<std::vector<Msg>>(std::string_view(full).substr(0, n));
        EXPECT_FALSE(result) << "prefix of " << n << " bytes was accepted";
        EXPECT_FALSE(result.error.empty());
    }
    EXPECT_TRUE(try_from_bytes<std::vector<Msg>>(full));
}

TEST(Serialization, TrailingBytesAreRejected) {
    std::string bytes = to_bytes(5) + "x";
    auto result = try_from_bytes<int>(bytes);
    EXPECT_FALSE(result);
    EXPECT_NE(result.error.find("trailing"), std::string::npos) << result.error;
}

TEST(Serialization, HugeCountsAreErrorsNotAllocations) {
    Writer w;
    w.put_u64(std::uint64_t{1} << 60);
    w.put_u64(1); // a little payload after the count
    std::string bytes = w.take();
    EXPECT_THROW(from_bytes<std::vector<int>>(bytes), DecodeError);
    EXPECT_THROW(from_bytes<std::vector<Msg>>(bytes), DecodeError);
    EXPECT_THROW(from_bytes<std::vector<std::vector<bool>>>(bytes), DecodeError);
    EXPECT_THROW(from_bytes<std::string>(bytes), DecodeError);
    auto result = try_from_bytes<std::string>(bytes);
    EXPECT_NE(result.error.find("exceeds"), std::string::npos) << result.error;

    Writer max;
    max.put_u64(std::numeric_limits<std::uint64_t>::max());
    EXPECT_THROW(from_bytes<std::vector<std::string>>(max.take()), DecodeError);
}

TEST(Serialization, CountsAreBoundedByTheElementSize) {
    // Three 8-byte ints fit 24 bytes; a count of four does not, even though four
    // bytes-per-element would.
    Writer w;
    w.put_u64(4);
    for (int i = 0; i < 3; ++i)
        w.put_i64(i);
    EXPECT_THROW(from_bytes<std::vector<int>>(w.take()), DecodeError);
}

TEST(Serialization, OutOfRangeValuesAreRejected) {
    EXPECT_THROW(from_bytes<bool>(to_bytes(2)), DecodeError);
    EXPECT_THROW(from_bytes<int>(to_bytes(std::int64_t{1} << 40)), DecodeError);
    EXPECT_THROW(from_bytes<unsigned>(to_bytes(-1)), DecodeError);
    EXPECT_THROW(from_bytes<std::uint8_t>(to_bytes(256)), DecodeError);
    EXPECT_THROW(from_bytes<Kind>(to_bytes(3)), DecodeError);
    EXPECT_THROW(from_bytes<Kind>(to_bytes(-1)), DecodeError);
    EXPECT_EQ(from_bytes<Kind>(to_bytes(2)), Kind::three);
}

TEST(Serialization, ErrorsNameTheOffset) {
    std::string bytes = to_bytes(1) + to_bytes(2).substr(0, 3);
    Reader r(bytes);
    EXPECT_EQ(r.get_i64(), 1);
    try {
        r.get_i64();
        FAIL() << "no error";
    } catch (const DecodeError& e) {
        EXPECT_NE(std::string(e.what()).find("byte 8"), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace ivy::runtime::testing

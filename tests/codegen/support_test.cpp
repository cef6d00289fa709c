// runtime/extracted: the containers, hashing, arithmetic and value text that
// generated classes use.
#include "runtime/extracted/support.h"

#include <gtest/gtest.h>
#include <sstream>

namespace ivy::extracted {
namespace {

std::optional<Value> parse_text(const std::string& text) {
    ValueParser parser(text);
    std::size_t pos = 0;
    auto v = parser.value(pos);
    parser.skip(pos);
    if (pos != text.size()) return std::nullopt;
    return v;
}

template <class T> std::string printed(const T& v) {
    std::ostringstream os;
    print(os, v);
    return os.str();
}

TEST(ExtractedSupport, MapReadsDefaultAndForgetsResetPoints) {
    Map<int, std::string, int> m;
    EXPECT_EQ(m.get("a", 1), 0);
    m.put(5, "a", 1);
    EXPECT_EQ(m.get("a", 1), 5);
    EXPECT_EQ(m.stored_points(), 1u);
    m.put(0, "a", 1); // back to the default: no longer stored
    EXPECT_EQ(m.stored_points(), 0u);
    m.reset(7);
    EXPECT_EQ(m.get("zz", 9), 7);
    m.ref("b", 2) += 1;
    EXPECT_EQ(m.get("b", 2), 8);
}

TEST(ExtractedSupport, MapSnapshotIsCanonical) {
    Map<int, int> a, b;
    for (int i = 0; i < 50; ++i) a.put(i + 1, i);
    for (int i = 49; i >= 0; --i) b.put(i + 1, i); // another insertion order
    EXPECT_EQ(runtime::to_bytes(a), runtime::to_bytes(b));
    auto back = runtime::from_bytes<Map<int, int>>(runtime::to_bytes(a));
    EXPECT_TRUE(back == a);
    EXPECT_EQ(back.get(10), 11);
}

TEST(ExtractedSupport, DenseIgnoresPointsOutsideItsDomain) {
    Dense<bool, 2> d;
    d.resize({3, 2});
    d.put(true, 2, 1);
    EXPECT_TRUE(d.get(2, 1));
    EXPECT_FALSE(d.get(1, 1));
    d.put(true, 3, 0);  // outside: ignored
    d.put(true, -1, 0); // outside: ignored
    EXPECT_FALSE(d.get(3, 0));
    bool& cell = d.ref(0, 0);
    cell = true;
    EXPECT_TRUE(d.get(0, 0));
}

TEST(ExtractedSupport, DenseSnapshotChecksDimensions) {
    Dense<int, 1> small, big;
    small.resize({2});
    big.resize({3});
    small.put(4, 1);
    std::string bytes = runtime::to_bytes(small);
    runtime::Reader r(bytes);
    EXPECT_THROW(big.deserialize(r), runtime::DecodeError);
    Dense<int, 1> same;
    same.resize({2});
    runtime::Reader r2(bytes);
    same.deserialize(r2);
    EXPECT_EQ(same.get(1), 4);
}

TEST(ExtractedSupport, Arithmetic) {
    EXPECT_EQ(nat_sub<unsigned long long>(3, 5), 0u);
    EXPECT_EQ(nat_sub<unsigned long long>(5, 3), 2u);
    EXPECT_EQ(bv_mask<unsigned>(8), 0xffu);
    EXPECT_EQ(bv_mask<unsigned long long>(64), ~0ULL);
    EXPECT_EQ(clamp_range<int>(12, 0, 9), 9);
    EXPECT_EQ(clamp_range<int>(-3, 0, 9), 0);
    EXPECT_EQ(divide<int>(7, 0), 0);
    EXPECT_TRUE(index_in(2u, 3));
    EXPECT_FALSE(index_in(-1, 3));
    EXPECT_FALSE(index_in(3, 3));
}

TEST(ExtractedSupport, HashesTuplesAndVectors) {
    EXPECT_EQ(hash_value(std::make_tuple(1, std::string("a"))), hash_value(std::make_tuple(1, std::string("a"))));
    EXPECT_NE(hash_value(std::make_tuple(1, 2)), hash_value(std::make_tuple(2, 1)));
    EXPECT_NE(hash_value(std::vector<int>{1, 2}), hash_value(std::vector<int>{2, 1}));
}

TEST(ExtractedSupport, ParsesTheReplsValues) {
    auto v = parse_text("{a:1,b:[2,-3],c:\"x\\ny\"}");
    ASSERT_TRUE(v);
    ASSERT_EQ(v->kind, Value::Kind::Struct);
    EXPECT_EQ(v->fields, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(v->items[1].items[1].text, "-3");
    EXPECT_EQ(v->items[2].text, "x\ny");
    EXPECT_FALSE(parse_text("[1,"));
    EXPECT_FALSE(parse_text("\"open"));
    EXPECT_FALSE(parse_text("{a 1}"));
}

TEST(ExtractedSupport, ParsesIntegersWithinTheirType) {
    unsigned char byte = 0;
    EXPECT_TRUE(parse(*parse_text("255"), byte));
    EXPECT_EQ(byte, 255);
    EXPECT_FALSE(parse(*parse_text("256"), byte));
    EXPECT_FALSE(parse(*parse_text("-1"), byte));
    int i = 0;
    EXPECT_TRUE(parse(*parse_text("-2147483648"), i));
    EXPECT_EQ(i, -2147483647 - 1);
    EXPECT_TRUE(parse(*parse_text("0x10"), i));
    EXPECT_EQ(i, 16);
    EXPECT_FALSE(parse(*parse_text("12x"), i));
    bool b = false;
    EXPECT_TRUE(parse(*parse_text("true"), b));
    EXPECT_TRUE(b);
    EXPECT_FALSE(parse(*parse_text("1"), b));
    std::vector<int> vec;
    EXPECT_TRUE(parse(*parse_text("[1, 2 ,3]"), vec));
    EXPECT_EQ(vec, (std::vector<int>{1, 2, 3}));
}

TEST(ExtractedSupport, PrintsInIvysFormat) {
    EXPECT_EQ(printed(true), "true");
    EXPECT_EQ(printed(-4), "-4");
    EXPECT_EQ(printed(std::string("a\"b\n")), "\"a\\\"b\\n\"");
    EXPECT_EQ(printed(std::vector<int>{1, 2}), "[1,2]");
    EXPECT_EQ(printed(std::vector<bool>{true, false}), "[true,false]");
}

TEST(ExtractedSupport, TasksStopTheirTimers) {
    runtime::Loop loop;
    int ticks = 0;
    {
        Tasks tasks;
        tasks.every(loop, std::chrono::milliseconds(1), [&] { ++ticks; });
        loop.run_until([&] { return ticks >= 3; }, std::chrono::seconds(5));
        EXPECT_GE(ticks, 3);
    }
    int after = ticks;
    loop.run_for(std::chrono::milliseconds(20));
    EXPECT_EQ(ticks, after); // destroyed: no more callbacks
}

} // namespace
} // namespace ivy::extracted

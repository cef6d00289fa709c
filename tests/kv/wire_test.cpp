#include "runtime/kv/batch.h"
#include "runtime/kv/wire.h"

#include <cstring>
#include <gtest/gtest.h>
#include <random>

namespace ivy::kv {
namespace {

Request req(std::uint32_t cid, std::uint64_t seq, Command c, std::string k,
            std::optional<std::string> v = std::nullopt,
            std::optional<std::string> e = std::nullopt) {
    Request r;
    r.client_id = cid;
    r.seq = seq;
    r.cmd = c;
    r.key = std::move(k);
    r.value = std::move(v);
    r.expected = std::move(e);
    return r;
}

// ---- requests -------------------------------------------------------------------

TEST(KvWire, ParsesEveryCommandAsTheArtifactClientSendsIt) {
    EXPECT_EQ(*parse_request("5 0 PUT x 7 -").request, req(5, 0, Command::Put, "x", "7"));
    EXPECT_EQ(*parse_request("5 1 GET x - -").request, req(5, 1, Command::Get, "x"));
    EXPECT_EQ(*parse_request("5 7 DEL x - -").request, req(5, 7, Command::Del, "x"));
    EXPECT_EQ(*parse_request("9 3 CAS k/1 old new").request,
              req(9, 3, Command::Cas, "k/1", "new", "old"));
    EXPECT_EQ(*parse_request("9 4 CAS k - new").request,
              req(9, 4, Command::Cas, "k", "new", std::nullopt));
    EXPECT_EQ(*parse_request("9 5 CAD k v -").request,
              req(9, 5, Command::Cad, "k", std::nullopt, "v"));
    EXPECT_EQ(parse_request("4294967295 18446744073709551615 GET a - -").request->client_id,
              4294967295u);
}

TEST(KvWire, FormatIsTheInverseOfParse) {
    for (const char* body : {"5 0 PUT x 7 -", "5 1 GET x - -", "5 7 DEL x - -",
                             "9 3 CAS k/1 old new", "9 4 CAS k - new", "9 5 CAD k v -"}) {
        auto parsed = parse_request(body);
        ASSERT_TRUE(parsed) << body << ": " << parsed.error;
        EXPECT_EQ(format_request(*parsed.request), body);
    }
}

TEST(KvWire, RejectsEverythingElseWithAReason) {
    const char* bad[] = {
        "",                          // empty
        "5 0 PUT x 7",               // five fields
        "5 0 PUT x 7 - -",           // seven fields
        "5  0 PUT x 7 -",            // double space
        " 5 0 PUT x 7 -",            // leading space
        "5 0 PUT x 7 - ",            // trailing space
        "5 0 put x 7 -",             // lower-case command
        "5 0 FOO x 7 -",             // unknown command
        "-5 0 PUT x 7 -",            // negative client id
        "4294967296 0 PUT x 7 -",    // client id over 32 bits
        "5 18446744073709551616 GET x - -", // seq over 64 bits
        "5 x PUT x 7 -",             // seq not a number
        "5 0 PUT - 7 -",             // key missing
        "5 0 PUT x - -",             // PUT without a value
        "5 0 PUT x 7 8",             // PUT with a third argument
        "5 0 GET x y -",             // GET with a value
        "5 0 DEL x - z",             // DEL with an argument
        "5 0 CAS x 7 -",             // CAS without a new value
        "5 0 CAD x - -",             // CAD without an expected value
        "5 0 PUT x 7.5 -",           // '.' is not allowed
        "5 0 PUT x\n 7 -",           // control character
        "5 0 PUT k\xff 7 -",         // non-ASCII
        "5\t0 PUT x 7 -",            // tab
    };
    for (const char* body : bad) {
        auto parsed = parse_request(body);
        EXPECT_FALSE(parsed) << "accepted: '" << body << "'";
        EXPECT_FALSE(parsed.error.empty()) << body;
    }
}

TEST(KvWire, TokensAreSlashLettersAndDigits) {
    EXPECT_TRUE(is_valid_token("a/B/9"));
    EXPECT_FALSE(is_valid_token(""));
    EXPECT_FALSE(is_valid_token("-"));
    EXPECT_FALSE(is_valid_token("a_b"));
    EXPECT_FALSE(is_valid_token("a b"));
}

// ---- responses ------------------------------------------------------------------

TEST(KvWire, ResponsesMatchTheArtifactByteForByte) {
    EXPECT_EQ(format_response({0, "x", "7", std::nullopt}), "Response 0 x 7 -");
    EXPECT_EQ(format_response({1, "x", "7", "7"}), "Response 1 x 7 7");
    EXPECT_EQ(format_response({2, "nokey", std::nullopt, std::nullopt}), "Response 2 nokey - -");
    EXPECT_EQ(format_response({7, "x", std::nullopt, "7"}), "Response 7 x - 7");
    EXPECT_EQ(std::string(kNotLeader), "NotLeader");
}

TEST(KvWire, ParsesResponsesAndTestsNotLeaderByPrefix) {
    auto r = parse_response("Response 1 x 7 -");
    ASSERT_TRUE(r.response);
    EXPECT_EQ(*r.response, (Response{1, "x", "7", std::nullopt}));
    EXPECT_TRUE(parse_response("NotLeader").not_leader);
    EXPECT_TRUE(parse_response("NotLeader 12").not_leader); // vard's variant
    EXPECT_FALSE(parse_response("Response 1 x 7"));
    EXPECT_FALSE(parse_response("Hello"));
}

// ---- framing --------------------------------------------------------------------

TEST(KvWire, FrameIsLittleEndianLengthThenBody) {
    std::string f = frame("abc");
    ASSERT_EQ(f.size(), 7u);
    EXPECT_EQ(f.substr(0, 4), std::string("\x03\x00\x00\x00", 4));
    EXPECT_EQ(f.substr(4), "abc");
    std::string big(300, 'z');
    EXPECT_EQ(frame(big).substr(0, 4), std::string("\x2c\x01\x00\x00", 4));
}

// Feeds `stream` to a FrameBuffer in chunks of the given sizes; returns the frames.
std::vector<std::string> decode_in_chunks(const std::string& stream, std::vector<std::size_t> cuts,
                                          FrameBuffer::Status& last) {
    FrameBuffer fb(1000, 16);
    std::vector<std::string> out;
    std::size_t pos = 0, c = 0;
    last = FrameBuffer::Status::NeedMore;
    while (pos < stream.size()) {
        std::size_t want = cuts.empty() ? stream.size() : cuts[c++ % cuts.size()];
        char* p = fb.write_ptr();
        std::size_t n = std::min({want, fb.write_size(), stream.size() - pos});
        std::memcpy(p, stream.data() + pos, n);
        fb.commit(n);
        pos += n;
        std::string_view body;
        while ((last = fb.next(body)) == FrameBuffer::Status::Frame) out.emplace_back(body);
        if (last != FrameBuffer::Status::NeedMore) break;
    }
    return out;
}

TEST(KvWire, FrameBufferReassemblesFramesSplitAnywhere) {
    std::vector<std::string> bodies = {"a", "5 0 PUT x 7 -", std::string(700, 'q'), "zz"};
    std::string stream;
    for (const auto& b : bodies) append_frame(stream, b);
    for (std::size_t chunk = 1; chunk <= stream.size(); ++chunk) {
        FrameBuffer::Status last;
        auto got = decode_in_chunks(stream, {chunk}, last);
        EXPECT_EQ(got, bodies) << "chunk size " << chunk;
        EXPECT_EQ(last, FrameBuffer::Status::NeedMore);
    }
    std::mt19937 rng(7);
    for (int trial = 0; trial < 200; ++trial) {
        std::vector<std::size_t> cuts;
        for (int i = 0; i < 10; ++i) cuts.push_back(1 + rng() % 40);
        FrameBuffer::Status last;
        EXPECT_EQ(decode_in_chunks(stream, cuts, last), bodies);
    }
}

TEST(KvWire, FrameBufferRejectsOversizedAndEmptyFramesBeforeBuffering) {
    std::string stream = std::string("\xe9\x03\x00\x00", 4); // 1001 > the limit of 1000
    FrameBuffer::Status last;
    EXPECT_TRUE(decode_in_chunks(stream, {}, last).empty());
    EXPECT_EQ(last, FrameBuffer::Status::TooLarge);

    std::string huge = std::string("\xff\xff\xff\xff", 4) + "junk";
    EXPECT_TRUE(decode_in_chunks(huge, {2}, last).empty());
    EXPECT_EQ(last, FrameBuffer::Status::TooLarge);

    std::string empty = frame("ok") + std::string(4, '\0');
    EXPECT_EQ(decode_in_chunks(empty, {}, last), std::vector<std::string>{"ok"});
    EXPECT_EQ(last, FrameBuffer::Status::Empty);
}

TEST(KvWire, FrameBufferAcceptsAFrameOfExactlyTheLimit) {
    std::string body(1000, 'x');
    FrameBuffer::Status last;
    EXPECT_EQ(decode_in_chunks(frame(body), {333}, last), std::vector<std::string>{body});
}

TEST(KvWire, FrameBufferKnowsWhenAFrameIsUnfinished) {
    FrameBuffer fb(100);
    std::string f = frame("hello");
    char* p = fb.write_ptr();
    std::memcpy(p, f.data(), 6);
    fb.commit(6);
    std::string_view body;
    EXPECT_EQ(fb.next(body), FrameBuffer::Status::NeedMore);
    EXPECT_TRUE(fb.mid_frame());
}

// ---- batches --------------------------------------------------------------------

TEST(KvBatch, RoundTripsEveryCommand) {
    Batch b{42, 7, {}};
    b.requests.push_back(req(1, 0, Command::Put, "x", "7"));
    b.requests.push_back(req(1, 1, Command::Cas, "x", "8", std::nullopt));
    b.requests.push_back(req(2, 5, Command::Cad, "y", std::nullopt, "z"));
    b.requests.push_back(req(3, 9, Command::Get, "q"));
    auto d = decode_batch(encode_batch(b));
    ASSERT_TRUE(d) << d.error;
    EXPECT_EQ(*d.batch, b);
}

TEST(KvBatch, EmptyValueIsTheNoOpAndGarbageIsAnError) {
    auto noop = decode_batch("");
    ASSERT_TRUE(noop);
    EXPECT_TRUE(noop.batch->requests.empty());
    EXPECT_FALSE(decode_batch("garbage"));
    std::string enc = encode_batch(Batch{1, 2, {req(1, 0, Command::Put, "x", "7")}});
    for (std::size_t cut = 1; cut < enc.size(); ++cut)
        EXPECT_FALSE(decode_batch(enc.substr(0, cut))) << "truncated at " << cut;
    EXPECT_FALSE(decode_batch(enc + "x"));
}

} // namespace
} // namespace ivy::kv

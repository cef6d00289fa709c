// KvService alone: hooks record what it proposes and replies; the test commits.
#include "runtime/kv/service.h"

#include <gtest/gtest.h>

namespace ivy::kv {
namespace {

Request put(std::uint32_t cid, std::uint64_t seq, std::string k, std::string v) {
    return *parse_request(std::to_string(cid) + " " + std::to_string(seq) + " PUT " + k + " " +
                          v + " -")
                .request;
}
Request get(std::uint32_t cid, std::uint64_t seq, std::string k) {
    return *parse_request(std::to_string(cid) + " " + std::to_string(seq) + " GET " + k + " - -")
                .request;
}

struct Harness {
    explicit Harness(ServiceOptions o = {})
        : svc(77, hooks(), o) {}

    ServiceHooks hooks() {
        ServiceHooks h;
        h.propose = [this](std::string v) {
            if (!accept) return ProposeResult::NotLeader;
            proposed.push_back(std::move(v));
            return ProposeResult::Accepted;
        };
        h.reply = [this](ConnId c, std::string body) { replies.push_back({c, std::move(body)}); };
        h.schedule_flush = [this] { ++flushes_scheduled; };
        return h;
    }

    // Commits every proposal in order (as consensus would), at consecutive indices.
    void commit_all() {
        auto batch = std::move(proposed);
        proposed.clear();
        for (auto& v : batch) svc.committed(next_index++, v);
    }

    struct Reply {
        ConnId conn;
        std::string body;
        bool operator==(const Reply&) const = default;
    };

    KvService svc;
    bool accept = true;
    std::vector<std::string> proposed;
    std::vector<Reply> replies;
    int flushes_scheduled = 0;
    std::uint64_t next_index = 0;
};

// A one-node cluster commits inside propose(); the batch must still be retired, or
// the in-flight limit fills up and later requests wait for the expiry (seconds).
TEST(KvService, ABatchCommittedInsideProposeIsNotLeftInFlight) {
    std::uint64_t index = 0;
    std::vector<std::string> replies;
    KvService* self = nullptr;
    ServiceHooks hooks;
    hooks.propose = [&](std::string v) {
        self->committed(index++, v);
        return ProposeResult::Accepted;
    };
    hooks.reply = [&](ConnId, std::string body) { replies.push_back(std::move(body)); };
    hooks.schedule_flush = [] {};
    ServiceOptions o;
    o.max_batches_in_flight = 2;
    KvService svc(1, hooks, o);
    self = &svc;
    svc.leadership(true);
    for (std::uint64_t i = 0; i < 10; ++i) {
        svc.request(1, put(5, i, "x", std::to_string(i)));
        svc.flush();
        ASSERT_EQ(replies.size(), i + 1) << "request " << i << " waits";
        EXPECT_EQ(svc.batches_in_flight(), 0u);
    }
}

TEST(KvService, FollowerAnswersNotLeaderAtOnce) {
    Harness h;
    h.svc.request(1, put(5, 0, "x", "7"));
    ASSERT_EQ(h.replies.size(), 1u);
    EXPECT_EQ(h.replies[0], (Harness::Reply{1, "NotLeader"}));
    EXPECT_TRUE(h.proposed.empty());
}

TEST(KvService, RequestsOfOneTurnBecomeOneProposalAnsweredAtCommit) {
    Harness h;
    h.svc.leadership(true);
    h.svc.request(1, put(5, 0, "x", "7"));
    h.svc.request(2, put(6, 0, "y", "8"));
    h.svc.request(3, get(7, 0, "x"));
    EXPECT_EQ(h.flushes_scheduled, 1); // one flush for the turn
    EXPECT_TRUE(h.replies.empty());    // nothing is answered before it commits
    h.svc.flush();
    ASSERT_EQ(h.proposed.size(), 1u);
    auto b = decode_batch(h.proposed[0]);
    ASSERT_TRUE(b);
    EXPECT_EQ(b.batch->requests.size(), 3u);
    EXPECT_EQ(b.batch->origin, 77u);
    h.commit_all();
    std::vector<Harness::Reply> want = {
        {1, "Response 0 x 7 -"}, {2, "Response 0 y 8 -"}, {3, "Response 0 x 7 7"}};
    EXPECT_EQ(h.replies, want);
    EXPECT_EQ(h.svc.waiting(), 0u);
}

TEST(KvService, AtMostThisManyBatchesInFlightAndTheRestWaitsAndGrows) {
    ServiceOptions o;
    o.max_batches_in_flight = 2;
    Harness h(o);
    h.svc.leadership(true);
    for (std::uint32_t c = 0; c < 5; ++c) {
        h.svc.request(c, put(c, 0, "k", "v"));
        h.svc.flush();
    }
    EXPECT_EQ(h.proposed.size(), 2u); // the window is full
    EXPECT_EQ(h.svc.batches_in_flight(), 2u);
    h.svc.committed(0, h.proposed[0]);
    h.svc.flush();
    ASSERT_EQ(h.proposed.size(), 3u);
    // The three requests that waited travel together.
    EXPECT_EQ(decode_batch(h.proposed[2]).batch->requests.size(), 3u);
}

TEST(KvService, LargeGatheringsAreSplitIntoBoundedBatches) {
    ServiceOptions o;
    o.max_batch_requests = 10;
    o.max_batches_in_flight = 100;
    Harness h(o);
    h.svc.leadership(true);
    for (std::uint32_t c = 0; c < 25; ++c) h.svc.request(c, put(c, 0, "k", "v"));
    h.svc.flush();
    ASSERT_EQ(h.proposed.size(), 3u);
    EXPECT_EQ(decode_batch(h.proposed[0]).batch->requests.size(), 10u);
    EXPECT_EQ(decode_batch(h.proposed[2]).batch->requests.size(), 5u);
}

TEST(KvService, LosingLeadershipAnswersEveryWaiterNotLeader) {
    Harness h;
    h.svc.leadership(true);
    h.svc.request(1, put(5, 0, "x", "7"));
    h.svc.flush();
    h.svc.request(2, put(6, 0, "y", "8")); // gathered, not yet proposed
    h.svc.leadership(false);
    std::vector<Harness::Reply> want = {{1, "NotLeader"}, {2, "NotLeader"}};
    std::sort(h.replies.begin(), h.replies.end(),
              [](const auto& a, const auto& b) { return a.conn < b.conn; });
    EXPECT_EQ(h.replies, want);
    EXPECT_EQ(h.svc.waiting(), 0u);
    // If the old entry commits after all, it is applied (and a retry is deduplicated).
    h.replies.clear();
    h.commit_all();
    EXPECT_EQ(h.svc.state().get("x"), "7");
    EXPECT_TRUE(h.replies.empty());
}

TEST(KvService, RefusedProposalAnswersNotLeader) {
    Harness h;
    h.svc.leadership(true);
    h.accept = false;
    h.svc.request(1, put(5, 0, "x", "7"));
    h.svc.flush();
    ASSERT_EQ(h.replies.size(), 1u);
    EXPECT_EQ(h.replies[0].body, "NotLeader");
    EXPECT_FALSE(h.svc.leader());
}

TEST(KvService, RetriedRequestIsAppliedOnceAndBothCopiesAnswered) {
    Harness h;
    h.svc.leadership(true);
    h.svc.request(1, put(5, 0, "x", "7"));
    h.svc.flush();
    h.svc.request(2, put(5, 0, "x", "7")); // the client gave up on conn 1 and retried
    h.svc.flush();
    ASSERT_EQ(h.proposed.size(), 2u);
    h.commit_all();
    ASSERT_EQ(h.replies.size(), 2u);
    EXPECT_EQ(h.replies[0], (Harness::Reply{1, "Response 0 x 7 -"}));
    EXPECT_EQ(h.replies[1], (Harness::Reply{2, "Response 0 x 7 -"}));
    EXPECT_EQ(h.svc.stats().duplicates, 1u);
}

TEST(KvService, StaleRequestGetsNoReply) {
    Harness h;
    h.svc.leadership(true);
    h.svc.request(1, put(5, 4, "x", "7"));
    h.svc.flush();
    h.commit_all();
    h.replies.clear();
    h.svc.request(1, put(5, 3, "x", "1"));
    h.svc.flush();
    h.commit_all();
    EXPECT_TRUE(h.replies.empty());
    EXPECT_EQ(h.svc.state().get("x"), "7");
    EXPECT_EQ(h.svc.waiting(), 0u);
}

// Ivy's Raft reports the whole log again at a new leader's first commit; commits may
// also arrive early (Multi-Paxos decisions out of order).
TEST(KvService, RepeatedCommitsAreIgnoredAndEarlyOnesWaitForTheGap) {
    Harness h;
    Batch b0{1, 0, {put(5, 0, "x", "1")}}, b1{1, 1, {put(5, 1, "x", "2")}},
        b2{1, 2, {put(5, 2, "x", "3")}};
    h.svc.committed(0, encode_batch(b0));
    h.svc.committed(2, encode_batch(b2));
    EXPECT_EQ(h.svc.state().get("x"), "1");
    EXPECT_EQ(h.svc.next_index(), 1u);
    h.svc.committed(1, encode_batch(b1));
    EXPECT_EQ(h.svc.state().get("x"), "3");
    EXPECT_EQ(h.svc.next_index(), 3u);
    for (std::uint64_t i = 0; i < 3; ++i) h.svc.committed(i, encode_batch(b0)); // replay
    EXPECT_EQ(h.svc.state().get("x"), "3");
    EXPECT_EQ(h.svc.stats().requests_applied, 3u);
}

TEST(KvService, NoOpAndUndecodableEntriesAdvanceTheIndexAndChangeNothing) {
    Harness h;
    h.svc.committed(0, "");
    h.svc.committed(1, "not a batch");
    h.svc.committed(2, encode_batch(Batch{1, 0, {put(5, 0, "x", "1")}}));
    EXPECT_EQ(h.svc.next_index(), 3u);
    EXPECT_EQ(h.svc.state().get("x"), "1");
    EXPECT_EQ(h.svc.stats().undecodable_entries, 1u);
}

TEST(KvService, BatchesThatNeverCommitExpireAndFreeTheWindow) {
    ServiceOptions o;
    o.max_batches_in_flight = 1;
    o.batch_expiry_ticks = 3;
    Harness h(o);
    h.svc.leadership(true);
    h.svc.request(1, put(5, 0, "x", "7"));
    h.svc.flush();
    h.svc.request(2, put(6, 0, "y", "8"));
    h.svc.flush();
    EXPECT_EQ(h.proposed.size(), 1u);
    for (int i = 0; i < 3; ++i) h.svc.tick();
    EXPECT_EQ(h.svc.stats().expired_batches, 1u);
    h.svc.flush();
    EXPECT_EQ(h.proposed.size(), 2u);
    EXPECT_EQ(h.svc.waiting(), 1u); // conn 1 was forgotten (its client will retry)
}

TEST(KvService, SaveAndLoadKeepTheReplicatedPart) {
    Harness a;
    a.svc.committed(0, encode_batch(Batch{1, 0, {put(5, 0, "x", "1")}}));
    a.svc.committed(2, encode_batch(Batch{1, 2, {put(5, 2, "x", "3")}}));
    runtime::Writer w;
    a.svc.save(w);
    Harness b;
    runtime::Reader r(w.bytes());
    b.svc.load(r);
    EXPECT_TRUE(r.at_end());
    EXPECT_EQ(b.svc.next_index(), 1u);
    EXPECT_EQ(b.svc.state(), a.svc.state());
    b.svc.committed(1, encode_batch(Batch{1, 1, {put(5, 1, "x", "2")}}));
    EXPECT_EQ(b.svc.state().get("x"), "3"); // the early commit came along
}

} // namespace
} // namespace ivy::kv

#include "runtime/kv/state_machine.h"

#include <gtest/gtest.h>

namespace ivy::kv {
namespace {

// Runs one request body against `sm` (client 5, the given seq) and formats the reply.
std::string run(StateMachine& sm, const std::string& body) {
    auto parsed = parse_request(body);
    EXPECT_TRUE(parsed) << body;
    if (!parsed) return "";
    auto a = sm.apply(*parsed.request);
    if (a.outcome == Outcome::Stale) return "(stale)";
    return format_response(a.response);
}

TEST(KvStateMachine, ArtifactExampleExchange) {
    StateMachine sm;
    EXPECT_EQ(run(sm, "5 0 PUT x 7 -"), "Response 0 x 7 -");
    EXPECT_EQ(run(sm, "5 1 GET x - -"), "Response 1 x 7 7");
    EXPECT_EQ(run(sm, "5 2 GET nokey - -"), "Response 2 nokey - -");
    EXPECT_EQ(run(sm, "5 3 PUT x 9 -"), "Response 3 x 9 7");
    EXPECT_EQ(run(sm, "5 7 DEL x - -"), "Response 7 x - 9");
    EXPECT_EQ(run(sm, "5 8 DEL x - -"), "Response 8 x - -");
    EXPECT_EQ(sm.get("x"), std::nullopt);
}

// The artifact read CAS's arguments in the wrong order and compared pointers, so
// these two changed nothing there.
TEST(KvStateMachine, CasAndCadSucceedWhenTheValueMatches) {
    StateMachine sm;
    run(sm, "5 0 PUT x 7 -");
    EXPECT_EQ(run(sm, "5 1 CAS x 7 8"), "Response 1 x 8 7");
    EXPECT_EQ(sm.get("x"), "8");
    EXPECT_EQ(run(sm, "5 2 CAD x 8 -"), "Response 2 x - 8");
    EXPECT_EQ(sm.get("x"), std::nullopt);
}

TEST(KvStateMachine, CasAndCadFailWhenTheValueDiffers) {
    StateMachine sm;
    run(sm, "5 0 PUT x 7 -");
    EXPECT_EQ(run(sm, "5 1 CAS x 6 8"), "Response 1 x 7 7");
    EXPECT_EQ(sm.get("x"), "7");
    EXPECT_EQ(run(sm, "5 2 CAD x 6 -"), "Response 2 x 7 7");
    EXPECT_EQ(sm.get("x"), "7");
    EXPECT_EQ(run(sm, "5 3 CAS y - 1"), "Response 3 y 1 -"); // absent expected: create
    EXPECT_EQ(run(sm, "5 4 CAS y - 2"), "Response 4 y 1 1"); // present: fails
    EXPECT_EQ(run(sm, "5 5 CAS z 1 2"), "Response 5 z - -"); // absent, expected present
    EXPECT_EQ(sm.get("z"), std::nullopt);
    EXPECT_EQ(run(sm, "5 6 CAD z 1 -"), "Response 6 z - -");
}

TEST(KvStateMachine, SameSeqIsAnsweredFromTheCacheWithoutExecutingAgain) {
    StateMachine sm;
    EXPECT_EQ(run(sm, "5 0 PUT x 7 -"), "Response 0 x 7 -");
    EXPECT_EQ(run(sm, "6 0 PUT x 8 -"), "Response 0 x 8 7");
    auto again = sm.apply(*parse_request("5 0 PUT x 7 -").request);
    EXPECT_EQ(again.outcome, Outcome::Duplicate);
    EXPECT_EQ(format_response(again.response), "Response 0 x 7 -");
    EXPECT_EQ(sm.get("x"), "8"); // not re-executed
    // A CAS retried after a lost reply must not apply twice.
    EXPECT_EQ(run(sm, "5 1 CAS x 8 9"), "Response 1 x 9 8");
    EXPECT_EQ(run(sm, "6 1 PUT x 8 -"), "Response 1 x 8 9");
    EXPECT_EQ(run(sm, "5 1 CAS x 8 9"), "Response 1 x 9 8");
    EXPECT_EQ(sm.get("x"), "8");
}

TEST(KvStateMachine, LowerSeqIsStaleAndDropped) {
    StateMachine sm;
    run(sm, "5 3 PUT x 7 -");
    auto a = sm.apply(*parse_request("5 2 PUT x 1 -").request);
    EXPECT_EQ(a.outcome, Outcome::Stale);
    EXPECT_EQ(sm.get("x"), "7");
    EXPECT_EQ(run(sm, "5 4 GET x - -"), "Response 4 x 7 7"); // higher executes
}

TEST(KvStateMachine, SaveIsCanonicalAndLoadRestoresEverything) {
    StateMachine a, b;
    run(a, "5 0 PUT x 7 -");
    run(a, "6 0 PUT y 8 -");
    run(b, "6 0 PUT y 8 -");
    run(b, "5 0 PUT x 7 -");
    runtime::Writer wa, wb;
    a.save(wa);
    b.save(wb);
    EXPECT_EQ(wa.bytes(), wb.bytes()); // same state, same bytes, whatever the history

    StateMachine c;
    runtime::Reader r(wa.bytes());
    c.load(r);
    EXPECT_TRUE(r.at_end());
    EXPECT_EQ(c, a);
    EXPECT_EQ(c.apply(*parse_request("5 0 PUT x 7 -").request).outcome, Outcome::Duplicate);
}

TEST(KvStateMachine, LoadOfMalformedBytesThrowsAndChangesNothing) {
    StateMachine a;
    run(a, "5 0 PUT x 7 -");
    runtime::Writer w;
    a.save(w);
    std::string bytes = w.bytes();
    StateMachine target;
    run(target, "9 0 PUT keep 1 -");
    StateMachine before = target;
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
        runtime::Reader r(std::string_view(bytes).substr(0, cut));
        EXPECT_THROW(target.load(r), runtime::DecodeError) << cut;
        EXPECT_EQ(target, before);
    }
}

} // namespace
} // namespace ivy::kv

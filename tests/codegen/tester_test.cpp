// target=test: the randomised tester of an extracted program. It must run a
// correct program to completion, find a reachable bug with the trace leading to
// it, repeat itself for a seed, and drive a network protocol's callbacks itself.
#include "tests/codegen/process_util.h"

#include <gtest/gtest.h>

namespace {

using namespace ivy::codegen::testing;
using namespace std::chrono_literals;

struct Outcome {
    int status;
    std::string output;
};

Outcome run(const std::string& program, const std::vector<std::string>& args) {
    Child child(program, args);
    child.close_input();
    int status = child.wait_exit(Clock::now() + 60s);
    return {status, child.output()};
}

TEST(Tester, CorrectProgramCompletes) {
    Outcome r = run(QUEUE_TESTER, {"runs=3"});
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_TRUE(r.output.ends_with("test_completed\n")) << r.output;
    EXPECT_GT(count_lines_with(r.output, "> queue.push("), 100u) << "calls that meet their preconditions";
    EXPECT_GT(count_lines_with(r.output, "> queue.pop\n= "), 100u) << "pop returns a value";
}

TEST(Tester, FindsAReachableBugAndShowsTheTrace) {
    Outcome r = run(QUEUE_BUG_TESTER, {"runs=3"});
    EXPECT_EQ(r.status, 1) << r.output;
    // The calls up to the failure, then the failed check (an invariant, or the
    // buffer read past the ring).
    EXPECT_NE(r.output.find("> queue.push("), std::string::npos) << r.output;
    EXPECT_TRUE(r.output.ends_with("\")\n")) << r.output;
    EXPECT_NE(r.output.rfind("assertion_failed(\"bounded_queue_bug.ivy: line "), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("test_completed"), std::string::npos);
}

TEST(Tester, SameSeedSameRun) {
    Outcome a = run(QUEUE_TESTER, {"seed=7", "iters=50"}), b = run(QUEUE_TESTER, {"seed=7", "iters=50"});
    Outcome c = run(QUEUE_TESTER, {"seed=8", "iters=50"});
    EXPECT_EQ(a.output, b.output);
    EXPECT_NE(a.output, c.output);
}

TEST(Tester, DrivesNetworkAndTimerCallbacks) {
    // The leader election extract: the tester plays the network (message receipt,
    // rejected unless the message was sent) and the timer, for node 0 of 3.
    Outcome r = run(LEADER_TESTER, {"3", "0", "iters=300"});
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_GT(count_lines_with(r.output, "> timer.timeout"), 0u) << r.output;
    EXPECT_GT(count_lines_with(r.output, "> net.recv("), 0u) << r.output;
    EXPECT_TRUE(r.output.ends_with("test_completed\n")) << r.output;
}

TEST(Tester, Options) {
    Outcome r = run(QUEUE_TESTER, {"iters=0"});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.output, "test_completed\n");
    Outcome bad = run(QUEUE_TESTER, {"runs=0"});
    EXPECT_EQ(bad.status, 1);
}

} // namespace
